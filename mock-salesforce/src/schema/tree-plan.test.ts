import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeId } from '@restorelab/salesforce';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG, MINIMAL_ORG } from './fixtures.ts';
import { loadSfdxSchema } from './sfdx-loader.ts';
import { findObject, type OrgSchema } from './standard-schema.ts';
import { loadTreePlan, type SeedRecord } from './tree-plan.ts';

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A plan folder from `file → JSON value`; returns the plan file's path. */
async function planFolder(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'restorelab-tree-'));
  temps.push(dir);
  for (const [name, value] of Object.entries(files)) {
    await writeFile(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  }
  return join(dir, 'plan.json');
}

const entry = (sobject: string, file: string, resolveRefs = true, saveRefs = true) => ({
  sobject,
  saveRefs,
  resolveRefs,
  files: [file],
});
const record = (type: string, referenceId: string, fields: Record<string, unknown> = {}) => ({
  attributes: { type, referenceId },
  ...fields,
});

const refsOf = (seed: SeedRecord) =>
  Object.entries(seed.fields).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].startsWith('@'));

describe('loadTreePlan on the demo org', () => {
  let schema: OrgSchema;
  let seeds: SeedRecord[];
  beforeAll(async () => {
    schema = await loadSfdxSchema(DEMO_ORG.metadataDir);
    seeds = await loadTreePlan(DEMO_ORG.dataPlan, { schema });
  });

  it('returns the seeds in plan order, records in file order', async () => {
    const plan = JSON.parse(await readFile(DEMO_ORG.dataPlan, 'utf8')) as Array<{ sobject: string; files: string[] }>;
    const expected: string[] = [];
    for (const e of plan) {
      for (const f of e.files) {
        const { records } = JSON.parse(await readFile(join(dirname(DEMO_ORG.dataPlan), f), 'utf8'));
        for (const r of records) expected.push(r.attributes.referenceId);
      }
    }
    expect(seeds.map((s) => s.referenceId)).toEqual(expected);
    expect(seeds[0]!.type).toBe('User');
    expect(seeds.every((s) => !('attributes' in s.fields))).toBe(true);
  });

  it('only references seeds that come earlier', () => {
    const seen = new Map<string, SeedRecord>();
    for (const seed of seeds) {
      for (const [name, value] of refsOf(seed)) {
        const target = seen.get(value.slice(1).toLowerCase());
        expect(target, `${seed.referenceId}.${name} = ${value}`).toBeDefined();
        const f = findObject(schema, seed.type)!.fields.find((x) => x.name === name)!;
        // ContentDocumentId names the document through one of its versions (the extension).
        const targetType = name === 'ContentDocumentId' ? 'ContentDocument' : target!.type;
        expect(f.referenceTo, `${seed.referenceId}.${name} may point at ${targetType}`).toContain(targetType);
      }
      seen.set(seed.referenceId.toLowerCase(), seed);
    }
  });

  it('holds what the demo promises', () => {
    const count = (type: string) => seeds.filter((s) => s.type === type).length;
    for (const type of ['Account', 'Contact', 'Opportunity', 'Case']) expect(count(type)).toBeGreaterThanOrEqual(3);
    expect(count('Account') + count('Contact') + count('Opportunity') + count('Case')).toBeLessThanOrEqual(24);
    expect(count('User')).toBeGreaterThanOrEqual(2);
    expect(count('Project__c') * count('Milestone__c') * count('Deliverable__c')).toBeGreaterThan(0);
    expect(count('Attachment')).toBeGreaterThanOrEqual(2);
    // A file with several versions, shared with a record and with a user.
    const versions = seeds.filter((s) => s.type === 'ContentVersion' && s.fields.ContentDocumentId === '@AcmePlanV1');
    expect(versions.length).toBeGreaterThanOrEqual(2);
    const links = seeds.filter((s) => s.type === 'ContentDocumentLink' && s.fields.ContentDocumentId === '@AcmePlanV1');
    const linkedTypes = links.map((l) => seeds.find((s) => `@${s.referenceId}` === l.fields.LinkedEntityId)?.type);
    expect(linkedTypes).toEqual(expect.arrayContaining(['Contact', 'User']));
  });

  it('carries blobs as base64 and resolves record type developer names', () => {
    const v1 = seeds.find((s) => s.referenceId === 'AcmePlanV1')!;
    expect(Buffer.from(v1.fields.VersionData as string, 'base64').toString()).toMatch(/^Acme upgrade plan/);
    const photo = seeds.find((s) => s.referenceId === 'AcmeProjectPhoto')!;
    expect(
      Buffer.from(photo.fields.Body as string, 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const tooling = seeds.find((s) => s.referenceId === 'ToolingProject')!;
    const internal = findObject(schema, 'Project__c')!.recordTypeInfos.find((r) => r.developerName === 'Internal')!;
    expect(tooling.fields.RecordTypeId).toBe(internal.recordTypeId);
    expect(tooling.fields.Status__c).toBe('Internal Review');
    // The master record type does not allow that value: the R11 case.
    const master = findObject(schema, 'Project__c')!.recordTypeInfos.find((r) => r.master)!;
    expect(master.picklistValues!.Status__c).not.toContain('Internal Review');
  });

  it('leaves RecordTypeId as written when no schema is given', async () => {
    const raw = await loadTreePlan(DEMO_ORG.dataPlan);
    expect(raw.find((s) => s.referenceId === 'ToolingProject')!.fields.RecordTypeId).toBe('Internal');
  });
});

describe('loadTreePlan', () => {
  it('loads the minimal plan', async () => {
    const seeds = await loadTreePlan(MINIMAL_ORG.dataPlan, { schema: await loadSfdxSchema(MINIMAL_ORG.metadataDir) });
    expect(seeds.map((s) => `${s.type}:${s.referenceId}`)).toEqual([
      'Account:AccountRef1',
      'Widget__c:WidgetRef1',
      'Widget__c:WidgetRef2',
    ]);
    expect(seeds[1]!.fields).toEqual({ Name: 'Sprocket', Size__c: 'L', Weight__c: 1.5, Account__c: '@AccountRef1' });
  });

  it('keeps record type ids given as ids', async () => {
    const rt = makeId('012', 7);
    const plan = await planFolder({
      'plan.json': [entry('Account', 'a.json')],
      'a.json': { records: [record('Account', 'A', { Name: 'x', RecordTypeId: rt })] },
    });
    expect((await loadTreePlan(plan))[0]!.fields.RecordTypeId).toBe(rt);
  });

  it.each([
    [
      'a reference to a later seed',
      {
        'plan.json': [entry('Contact', 'c.json'), entry('Account', 'a.json')],
        'c.json': { records: [record('Contact', 'C', { LastName: 'x', AccountId: '@A' })] },
        'a.json': { records: [record('Account', 'A', { Name: 'x' })] },
      },
      'UNRESOLVED_REFERENCE',
      /c\.json.*@A names no record/,
    ],
    [
      'a reference to a seed of the same entry',
      {
        'plan.json': [entry('Account', 'a.json')],
        'a.json': {
          records: [record('Account', 'A', { Name: 'x' }), record('Account', 'B', { Name: 'y', ParentId: '@A' })],
        },
      },
      'UNRESOLVED_REFERENCE',
      /@A/,
    ],
    [
      'a reference to a seed whose refs were not saved',
      {
        'plan.json': [entry('Account', 'a.json', false, false), entry('Contact', 'c.json')],
        'a.json': { records: [record('Account', 'A', { Name: 'x' })] },
        'c.json': { records: [record('Contact', 'C', { LastName: 'x', AccountId: '@A' })] },
      },
      'UNRESOLVED_REFERENCE',
      /saveRefs/,
    ],
    [
      'a reference in an entry that does not resolve references',
      {
        'plan.json': [entry('Account', 'a.json'), entry('Contact', 'c.json', false)],
        'a.json': { records: [record('Account', 'A', { Name: 'x' })] },
        'c.json': { records: [record('Contact', 'C', { LastName: 'x', AccountId: '@A' })] },
      },
      'BAD_TREE_PLAN',
      /resolveRefs false/,
    ],
    [
      'a record of another type than its entry',
      { 'plan.json': [entry('Account', 'a.json')], 'a.json': { records: [record('Contact', 'C')] } },
      'BAD_TREE_RECORD',
      /a\.json.*is a Contact in the Account entry/,
    ],
    [
      'a duplicate referenceId',
      {
        'plan.json': [entry('Account', 'a.json')],
        'a.json': { records: [record('Account', 'A', { Name: 'x' }), record('Account', 'a', { Name: 'y' })] },
      },
      'BAD_TREE_RECORD',
      /used twice/,
    ],
    [
      'nested child records',
      {
        'plan.json': [entry('Account', 'a.json')],
        'a.json': { records: [record('Account', 'A', { Name: 'x', Contacts: { records: [] } })] },
      },
      'BAD_TREE_RECORD',
      /nested records/,
    ],
    [
      'a version whose document is not named through a ContentVersion',
      {
        'plan.json': [entry('Account', 'a.json'), entry('ContentVersion', 'v.json')],
        'a.json': { records: [record('Account', 'A', { Name: 'x' })] },
        'v.json': {
          records: [
            record('ContentVersion', 'V', {
              Title: 't',
              PathOnClient: 't.txt',
              VersionData: 'aGk=',
              ContentDocumentId: '@A',
            }),
          ],
        },
      },
      'BAD_TREE_RECORD',
      /ContentDocumentId must name an earlier ContentVersion/,
    ],
    [
      'version data that is not base64',
      {
        'plan.json': [entry('ContentVersion', 'v.json')],
        'v.json': {
          records: [record('ContentVersion', 'V', { Title: 't', PathOnClient: 't.txt', VersionData: 'not base64!' })],
        },
      },
      'BAD_TREE_RECORD',
      /VersionData must be base64/,
    ],
    ['a malformed plan', { 'plan.json': '[{"sobject": "Account",' }, 'BAD_JSON', /plan\.json: malformed JSON/],
    ['a plan of the wrong shape', { 'plan.json': [{ sobject: 'Account' }] }, 'BAD_TREE_PLAN', /files/],
    ['a missing record file', { 'plan.json': [entry('Account', 'gone.json')] }, 'FILE_NOT_FOUND', /gone\.json/],
    [
      'a record without attributes',
      { 'plan.json': [entry('Account', 'a.json')], 'a.json': { records: [{ Name: 'x' }] } },
      'BAD_TREE_RECORD',
      /attributes/,
    ],
  ])('refuses %s, naming the file', async (_what, files, code, message) => {
    const plan = await planFolder(files);
    const error = await loadTreePlan(plan).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SchemaError', code });
    expect((error as Error).message).toMatch(message);
    expect((error as { file?: string }).file).toBeDefined();
  });

  it('checks objects, fields and record types against a schema when given one', async () => {
    const schema = await loadSfdxSchema(DEMO_ORG.metadataDir);
    const attempt = async (type: string, fields: Record<string, unknown>) => {
      const plan = await planFolder({
        'plan.json': [entry(type, 'r.json')],
        'r.json': { records: [record(type, 'R', fields)] },
      });
      return loadTreePlan(plan, { schema }).catch((e: unknown) => e);
    };
    expect(await attempt('Nope__c', {})).toMatchObject({ code: 'UNKNOWN_OBJECT' });
    expect(await attempt('Account', { Name: 'x', Colour__c: 'red' })).toMatchObject({
      code: 'BAD_TREE_RECORD',
      message: expect.stringMatching(/no field Colour__c/),
    });
    expect(await attempt('Project__c', { Name: 'x', RecordTypeId: 'Nope' })).toMatchObject({
      message: expect.stringMatching(/no record type Nope/),
    });
    // Field names match case-insensitively, as the API does.
    expect(await attempt('Account', { name: 'x' })).toHaveLength(1);
  });
});
