import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isMandatoryLink, MASTER_RECORD_TYPE_ID, makeId } from '@restorelab/salesforce';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ORG, MINIMAL_ORG } from './fixtures.ts';
import { expectConsistentSchema } from './schema-invariants.ts';
import { customKeyPrefix, loadSfdxSchema } from './sfdx-loader.ts';
import { findObject, type OrgSchema, standardSchema } from './standard-schema.ts';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const objectXml = (label: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><CustomObject ${NS}><label>${label}</label><nameField><label>Name</label><type>Text</type></nameField><pluralLabel>${label}s</pluralLabel>${extra}</CustomObject>`;
const fieldXml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><CustomField ${NS}>${inner}</CustomField>`;

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A throw-away SFDX project from `relative path → content`. */
async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'restorelab-sfdx-'));
  temps.push(dir);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

const OBJ = 'force-app/main/default/objects';
const field = (s: OrgSchema, o: string, f: string) => findObject(s, o)?.fields.find((x) => x.name === f);

describe('loadSfdxSchema on the demo org', async () => {
  const schema = await loadSfdxSchema(DEMO_ORG.metadataDir);
  const project = findObject(schema, 'Project__c')!;

  it('keeps the schema invariants', () => expectConsistentSchema(schema));

  it('gives custom objects key prefixes a00, a01, ... in folder-name order', () => {
    const custom = schema.objects.filter((o) => o.custom).map((o) => [o.name, o.keyPrefix]);
    expect(custom).toEqual([
      ['Deliverable__c', 'a00'],
      ['Milestone__c', 'a01'],
      ['Project__c', 'a02'],
    ]);
  });

  it('builds the three-level master-detail hierarchy', () => {
    expect(field(schema, 'Milestone__c', 'Project__c')).toMatchObject({
      masterDetail: true,
      referenceTo: ['Project__c'],
      relationshipName: 'Project__r',
      updateable: false,
    });
    expect(field(schema, 'Deliverable__c', 'Milestone__c')).toMatchObject({ masterDetail: true, updateable: true });
    expect(project.childRelationships).toContainEqual({
      childSObject: 'Milestone__c',
      field: 'Project__c',
      relationshipName: 'Milestones__r',
      cascadeDelete: true,
      restrictedDelete: false,
    });
    // Details take their owner from the master.
    expect(field(schema, 'Milestone__c', 'OwnerId')).toBeUndefined();
    expect(field(schema, 'Deliverable__c', 'OwnerId')).toBeUndefined();
    expect(field(schema, 'Project__c', 'OwnerId')).toMatchObject({ referenceTo: ['Group', 'User'] });
  });

  it('has a required lookup that blocks its parent delete, and an optional lookup loop', () => {
    const reviewer = field(schema, 'Deliverable__c', 'Reviewer__c')!;
    expect(isMandatoryLink(reviewer)).toBe(true);
    expect(reviewer).toMatchObject({ referenceTo: ['Contact'], restrictedDelete: true, cascadeDelete: false });
    expect(reviewer.masterDetail).toBeUndefined();
    const loop = field(schema, 'Project__c', 'Current_Milestone__c')!;
    expect(loop).toMatchObject({ referenceTo: ['Milestone__c'], nillable: true });
    expect(isMandatoryLink(loop)).toBe(false);
  });

  it('loads record types with their picklist subsets and the master values from mock-salesforce.json', () => {
    const byName = Object.fromEntries(project.recordTypeInfos.map((r) => [r.developerName, r]));
    expect(Object.keys(byName).sort()).toEqual(['Client', 'Internal', 'Legacy', 'Master']);
    expect(byName.Master).toMatchObject({
      recordTypeId: MASTER_RECORD_TYPE_ID,
      master: true,
      defaultRecordTypeMapping: true,
    });
    expect(byName.Client!.recordTypeId).toBe(makeId('012', 1));
    expect(byName.Internal!.recordTypeId).toBe(makeId('012', 2));
    expect(byName.Legacy).toMatchObject({ active: false, available: false });
    const master = byName.Master!.picklistValues!.Status__c!;
    const internal = byName.Internal!.picklistValues!.Status__c!;
    expect(internal).toContain('Internal Review');
    expect(master).not.toContain('Internal Review');
    expect(byName.Internal!.defaultPicklistValues).toEqual({ Priority__c: 'Medium', Status__c: 'Planned' });
    expect(field(schema, 'Project__c', 'Status__c')).toMatchObject({
      restrictedPicklist: true,
      defaultValue: 'Planned',
    });
    expect(field(schema, 'Project__c', 'RecordTypeId')).toMatchObject({ referenceTo: ['RecordType'] });
    expect(field(schema, 'Milestone__c', 'RecordTypeId')).toBeUndefined();
  });

  it('adds custom fields to standard objects and lets files, attachments and activities reach custom objects', () => {
    expect(field(schema, 'Account', 'Tier__c')).toMatchObject({ type: 'picklist', restrictedPicklist: false });
    expect(field(schema, 'ContentDocumentLink', 'LinkedEntityId')!.referenceTo).toEqual(
      expect.arrayContaining(['Project__c', 'Milestone__c', 'Deliverable__c']),
    );
    expect(field(schema, 'Attachment', 'ParentId')!.referenceTo).toContain('Project__c');
    // Only Project__c enables activities.
    const whatId = field(schema, 'Task', 'WhatId')!.referenceTo!;
    expect(whatId).toContain('Project__c');
    expect(whatId).not.toContain('Milestone__c');
  });

  it('leaves the base schema untouched', async () => {
    const base = standardSchema();
    const before = JSON.stringify(base);
    const loaded = await loadSfdxSchema(DEMO_ORG.metadataDir, base);
    expect(JSON.stringify(base)).toBe(before);
    expect(loaded.objects.length).toBe(base.objects.length + 3);
  });
});

describe('loadSfdxSchema on the minimal org', () => {
  it('loads one custom object and a custom field on Account', async () => {
    const schema = await loadSfdxSchema(MINIMAL_ORG.metadataDir);
    expectConsistentSchema(schema);
    expect(schema.objects.filter((o) => o.custom).map((o) => o.name)).toEqual(['Widget__c']);
    expect(field(schema, 'Account', 'Region__c')).toMatchObject({ type: 'string', length: 40 });
    expect(findObject(schema, 'Account')!.childRelationships).toContainEqual(
      expect.objectContaining({ childSObject: 'Widget__c', relationshipName: 'Widgets__r' }),
    );
    // Without mock-salesforce.json the master allows every value.
    expect(findObject(schema, 'Widget__c')!.recordTypeInfos).toHaveLength(1);
    expect(findObject(schema, 'Widget__c')!.recordTypeInfos[0]!.picklistValues).toBeUndefined();
  });

  it('can stack a second project on a loaded schema, continuing the prefixes', async () => {
    const first = await loadSfdxSchema(MINIMAL_ORG.metadataDir);
    const dir = await project({ [`${OBJ}/Gadget__c/Gadget__c.object-meta.xml`]: objectXml('Gadget') });
    const both = await loadSfdxSchema(dir, first);
    expectConsistentSchema(both);
    expect(findObject(both, 'Gadget__c')!.keyPrefix).toBe('a01');
    expect(findObject(both, 'Account')!.childRelationships).toContainEqual(
      expect.objectContaining({ childSObject: 'Widget__c', relationshipName: 'Widgets__r' }),
    );
  });
});

describe('loadSfdxSchema on other projects', () => {
  it('reads every package directory named in sfdx-project.json', async () => {
    const dir = await project({
      'sfdx-project.json': JSON.stringify({ packageDirectories: [{ path: 'app-a' }, { path: 'app-b' }] }),
      'app-a/main/default/objects/One__c/One__c.object-meta.xml': objectXml('One'),
      'app-b/objects/Two__c/Two__c.object-meta.xml': objectXml('Two', '<enableActivities>true</enableActivities>'),
      'app-b/objects/Two__c/fields/One__c.field-meta.xml': fieldXml(
        '<type>Lookup</type><label>One</label><referenceTo>One__c</referenceTo><relationshipName>Twos</relationshipName><deleteConstraint>Cascade</deleteConstraint>',
      ),
      // Outside the package directories: ignored.
      'force-app/main/default/objects/Three__c/Three__c.object-meta.xml': objectXml('Three'),
    });
    const schema = await loadSfdxSchema(dir);
    expectConsistentSchema(schema);
    expect(schema.objects.filter((o) => o.custom).map((o) => o.name)).toEqual(['One__c', 'Two__c']);
    expect(findObject(schema, 'One__c')!.childRelationships.filter((r) => r.childSObject === 'Two__c')).toEqual([
      {
        childSObject: 'Two__c',
        field: 'One__c',
        relationshipName: 'Twos__r',
        cascadeDelete: true,
        restrictedDelete: false,
      },
    ]);
    expect(field(schema, 'Two__c', 'LastActivityDate')).toBeDefined();
  });

  it('reads a bare package directory when there is no sfdx-project.json', async () => {
    const dir = await project({ 'objects/Bare__c/Bare__c.object-meta.xml': objectXml('Bare') });
    expect(findObject(await loadSfdxSchema(dir), 'Bare__c')).toBeDefined();
    const conventional = await project({ [`${OBJ}/Conv__c/Conv__c.object-meta.xml`]: objectXml('Conv') });
    expect(findObject(await loadSfdxSchema(conventional), 'Conv__c')).toBeDefined();
  });

  it('supports auto-number names and a default record type from mock-salesforce.json', async () => {
    const dir = await project({
      [`${OBJ}/Ticket__c/Ticket__c.object-meta.xml`]: `<CustomObject ${NS}><label>Ticket</label><nameField><displayFormat>T-{0000}</displayFormat><label>Ticket No</label><type>AutoNumber</type></nameField></CustomObject>`,
      [`${OBJ}/Ticket__c/recordTypes/Bug.recordType-meta.xml`]: `<RecordType ${NS}><active>true</active><label>Bug</label></RecordType>`,
      'mock-salesforce.json': JSON.stringify({ defaultRecordTypes: { Ticket__c: 'Bug' } }),
    });
    const ticket = findObject(await loadSfdxSchema(dir), 'Ticket__c')!;
    expect(ticket.fields.find((f) => f.name === 'Name')).toMatchObject({ autoNumber: true, createable: false });
    expect(ticket.recordTypeInfos.filter((r) => r.defaultRecordTypeMapping).map((r) => r.developerName)).toEqual([
      'Bug',
    ]);
  });

  it('ignores standard field files and puts Activity fields on Task', async () => {
    const dir = await project({
      [`${OBJ}/Account/Account.object-meta.xml`]: `<CustomObject ${NS}><enableFeeds>false</enableFeeds></CustomObject>`,
      [`${OBJ}/Account/fields/Industry.field-meta.xml`]: fieldXml('<fullName>Industry</fullName><type>Picklist</type>'),
      [`${OBJ}/Account/fields/Sic.field-meta.xml`]: fieldXml(
        '<fullName>Sic</fullName><trackHistory>false</trackHistory>',
      ),
      [`${OBJ}/Activity/fields/Call_Score__c.field-meta.xml`]: fieldXml('<type>Number</type><label>Score</label>'),
    });
    const schema = await loadSfdxSchema(dir);
    expectConsistentSchema(schema);
    expect(field(schema, 'Account', 'Industry')).toEqual(field(standardSchema(), 'Account', 'Industry'));
    expect(field(schema, 'Account', 'Sic')).toBeUndefined();
    expect(field(schema, 'Task', 'Call_Score__c')).toMatchObject({ type: 'double' });
    expect(findObject(schema, 'Activity')).toBeUndefined();
  });

  it('names the file of broken XML', async () => {
    const dir = await project({
      [`${OBJ}/Bad__c/Bad__c.object-meta.xml`]: objectXml('Bad'),
      [`${OBJ}/Bad__c/fields/Oops__c.field-meta.xml`]: '<CustomField><type>Text</type><label>Oops</CustomField>',
    });
    const error = await loadSfdxSchema(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SchemaError', code: 'BAD_XML' });
    expect((error as { file: string }).file).toBe(join(dir, OBJ, 'Bad__c/fields/Oops__c.field-meta.xml'));
    expect((error as Error).message).toContain('Oops__c.field-meta.xml');
  });

  it.each([
    [
      'an unknown field type',
      { [`${OBJ}/A__c/fields/Geo__c.field-meta.xml`]: fieldXml('<type>Location</type><label>Geo</label>') },
      'UNKNOWN_FIELD_TYPE',
      /Geo__c\.field-meta\.xml.*Location/,
    ],
    [
      'a lookup to an unknown object',
      {
        [`${OBJ}/A__c/fields/X__c.field-meta.xml`]: fieldXml(
          '<type>Lookup</type><label>X</label><referenceTo>Nowhere__c</referenceTo>',
        ),
      },
      'UNKNOWN_OBJECT',
      /X__c\.field-meta\.xml.*Nowhere__c/,
    ],
    [
      'an unknown standard object',
      { [`${OBJ}/Widget/fields/X__c.field-meta.xml`]: fieldXml('<type>Date</type>') },
      'UNKNOWN_OBJECT',
      /Widget/,
    ],
    [
      'a record type value the picklist does not have',
      {
        [`${OBJ}/A__c/fields/P__c.field-meta.xml`]: fieldXml(
          '<type>Picklist</type><label>P</label><valueSet><valueSetDefinition><value><fullName>x</fullName></value></valueSetDefinition></valueSet>',
        ),
        [`${OBJ}/A__c/recordTypes/R.recordType-meta.xml`]: `<RecordType ${NS}><active>true</active><label>R</label><picklistValues><picklist>P__c</picklist><values><fullName>y</fullName></values></picklistValues></RecordType>`,
      },
      'BAD_METADATA',
      /R\.recordType-meta\.xml.*no value\(s\) y/,
    ],
    [
      'a master value the picklist does not have',
      { 'mock-salesforce.json': JSON.stringify({ masterPicklistValues: { 'A__c.Name': ['x'] } }) },
      'BAD_METADATA',
      /mock-salesforce\.json.*not a picklist/,
    ],
    [
      'malformed settings',
      { 'mock-salesforce.json': '{"masterPicklistValues": [' },
      'BAD_JSON',
      /mock-salesforce\.json/,
    ],
    [
      'a missing object file',
      { [`${OBJ}/B__c/fields/X__c.field-meta.xml`]: fieldXml('<type>Date</type>') },
      'BAD_METADATA',
      /B__c\.object-meta\.xml/,
    ],
  ])('refuses %s with a SchemaError naming the file', async (_what, files, code, message) => {
    const dir = await project({ [`${OBJ}/A__c/A__c.object-meta.xml`]: objectXml('A'), ...files });
    const error = await loadSfdxSchema(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SchemaError', code });
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a folder that does not exist', async () => {
    await expect(loadSfdxSchema('/nonexistent/restorelab')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});

describe('customKeyPrefix', () => {
  it('counts in base 62 after a', () => {
    expect([0, 1, 9, 10, 35, 36, 61, 62].map(customKeyPrefix)).toEqual([
      'a00',
      'a01',
      'a09',
      'a0A',
      'a0Z',
      'a0a',
      'a0z',
      'a10',
    ]);
  });
});
