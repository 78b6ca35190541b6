// Two restores of the same hierarchy confirmed together, at one planner and at two planners on one
// NATS, through the real stack: the org ends with one copy, and each backed-up item is written by one
// job (the later job waits for the earlier one's claims, then plans again and skips what it wrote).
import { type PlannerService, startPlanner } from '@restorelab/planner';
import { PlannerApiClient } from '@restorelab/planner-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroy, idOf, queryAll, silent, startTestStack, type TestStack } from './harness.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const MILESTONES = 700;
const FILES = 6;

/** A project with `MILESTONES` milestones, a deliverable under each, and `FILES` files on the project. */
async function buildTree(name: string): Promise<string> {
  const project = (await stack.conn.sobject('Project__c').create({ Name: name })) as { id: string };
  const reviewer = await idOf(stack, 'Contact', 'LastName != null');
  const milestones: string[] = [];
  for (let i = 0; i < MILESTONES; i += 200) {
    const rows = Array.from({ length: Math.min(200, MILESTONES - i) }, (_, k) => ({
      Name: `${name} M${i + k}`,
      Project__c: project.id,
    }));
    const created = await stack.conn.sobject('Milestone__c').create(rows);
    for (const r of created) milestones.push(String(r.id));
  }
  for (let i = 0; i < milestones.length; i += 200) {
    const rows = milestones.slice(i, i + 200).map((m, k) => ({
      Title__c: `${name} D${i + k}`,
      Milestone__c: m,
      Reviewer__c: reviewer,
    }));
    const created = await stack.conn.sobject('Deliverable__c').create(rows);
    expect(JSON.stringify(created.filter((r) => !r.success).slice(0, 1))).toBe('[]');
  }
  for (let f = 0; f < FILES; f++) {
    await stack.conn.sobject('ContentVersion').create({
      Title: `${name} file ${f}`,
      PathOnClient: `${name}-${f}.txt`,
      VersionData: Buffer.from(`${name} content ${f}`).toString('base64'),
      FirstPublishLocationId: project.id,
    });
  }
  return project.id;
}

async function countTree(name: string) {
  const rows = async (soql: string) => (await queryAll(stack, soql)).length;
  return {
    projects: await rows(`SELECT Id FROM Project__c WHERE Name = '${name}'`),
    milestones: await rows(`SELECT Id FROM Milestone__c WHERE Name LIKE '${name} M%'`),
    deliverables: await rows(`SELECT Id FROM Deliverable__c WHERE Title__c LIKE '${name} D%'`),
    files: await rows(`SELECT Id FROM ContentDocument WHERE Title LIKE '${name} file%'`),
  };
}

const oneCopy = { projects: 1, milestones: MILESTONES, deliverables: MILESTONES, files: FILES };

describe('overlapping restores through the real stack', () => {
  it('two related restores of one deleted tree confirmed together at one planner write it once', async () => {
    const project = await buildTree('Overlap One');
    const snap = await stack.api.backup();
    await destroy(stack, 'Project__c', [project]);
    const [a, b] = await Promise.all([
      stack.api.plan(project, 'related', snap),
      stack.api.plan(project, 'related', snap),
    ]);
    expect(a.summary.records.total.create).toBe(1 + 2 * MILESTONES);
    expect(b.summary.records.total.create).toBe(1 + 2 * MILESTONES);
    const started = await Promise.all([stack.api.confirm(a.planId), stack.api.confirm(b.planId)]);
    const jobs = await Promise.all(started.map((j) => stack.api.waitJob(j.jobId)));
    for (const job of jobs) expect(job.status, JSON.stringify(job.failures.slice(0, 3))).toBe('succeeded');
    expect(await countTree('Overlap One')).toEqual(oneCopy);
    // Each backed-up record was created by one job; the other found it written and skipped it.
    const created = jobs.map((j) => j.counts.records.total.created).sort((x, y) => x - y);
    expect(created).toEqual([0, 1 + 2 * MILESTONES]);
    const later = jobs.find((j) => j.counts.records.total.created === 0)!;
    expect(later.waitedFor).toEqual([jobs.find((j) => j !== later)!.jobId]);
    expect(later.counts.records.total.skipped).toBe(1 + 2 * MILESTONES);
    expect(later.counts.files.created + later.counts.files.overwritten + later.counts.files.newVersion).toBe(0);
  }, 120_000);

  it('two planners on one NATS: the same tree confirmed at each at once is written once', async () => {
    const project = await buildTree('Overlap Two');
    const snap = await stack.api.backup();
    await destroy(stack, 'Project__c', [project]);
    const other: PlannerService = await startPlanner({
      nc: stack.nats.nc,
      store: stack.store,
      conn: stack.conn,
      logger: silent,
      token: 'second-planner',
      port: 0,
      jetstreamStorage: 'memory',
    });
    try {
      const second = new PlannerApiClient({ url: other.url, token: 'second-planner' });
      const [a, b] = await Promise.all([
        stack.api.plan(project, 'related', snap),
        second.planRestore({ recordId: project, method: 'related', snapshotId: snap }),
      ]);
      const [ja, jb] = await Promise.all([stack.api.confirm(a.planId), second.confirm(b.planId)]);
      const jobs = await Promise.all([
        stack.planner.manager.settled(ja.jobId, 90_000),
        other.manager.settled(jb.jobId, 90_000),
      ]);
      for (const job of jobs) expect(job.status, JSON.stringify(job.failures.slice(0, 3))).toBe('succeeded');
      expect(await countTree('Overlap Two')).toEqual(oneCopy);
      const created = jobs.map((j) => j.counts.records.total.created).sort((x, y) => x - y);
      expect(created).toEqual([0, 1 + 2 * MILESTONES]);
    } finally {
      await other.close();
    }
  }, 150_000);

  it('a plan made before another job of the same tree ended is planned again when it is confirmed', async () => {
    const project = await buildTree('Overlap Three');
    const snap = await stack.api.backup();
    await destroy(stack, 'Project__c', [project]);
    const a = await stack.api.plan(project, 'related', snap);
    const b = await stack.api.plan(project, 'related', snap);
    const first = await stack.api.waitJob((await stack.api.confirm(a.planId)).jobId);
    expect(first.counts.records.total.created).toBe(1 + 2 * MILESTONES);
    // b was planned while the tree was gone: run as planned, it would make a second copy.
    const second = await stack.api.waitJob((await stack.api.confirm(b.planId)).jobId);
    expect(second.status, JSON.stringify(second.failures.slice(0, 3))).toBe('succeeded');
    expect(second.waitedFor).toEqual([first.jobId]);
    expect(second.counts.records.total.created).toBe(0);
    expect(await countTree('Overlap Three')).toEqual(oneCopy);
  }, 120_000);
});
