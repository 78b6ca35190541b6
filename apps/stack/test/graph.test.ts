// New records through Composite Graph, through the real stack (nats-server, the writers, the
// planner API, the mock org over HTTP with jsforce): a deleted tree comes back in one write call,
// and an org that answers 404 for Composite Graph gets the same tree through Collections.
import { sameId } from '@restorelab/salesforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { destroy, idOf, queryAll, queryOne, startTestStack, type TestStack } from './harness.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  stack.mock!.admin.clearFaults();
});

/** Restores a deleted project with its milestones and deliverables; returns the job and its API calls. */
async function restoreTree(name: string) {
  const snap = await stack.api.backup();
  const project = await idOf(stack, 'Project__c', `Name = '${name}'`);
  const milestones = await queryAll(stack, `SELECT Id FROM Milestone__c WHERE Project__c = '${project}'`);
  const deliverables = await queryAll(
    stack,
    `SELECT Id, Milestone__c FROM Deliverable__c WHERE Milestone__c IN (${milestones.map((m) => `'${m.Id}'`).join(',')})`,
  );
  await destroy(stack, 'Project__c', [project]);
  const plan = await stack.api.plan(project, 'related', snap);
  const log = stack.mock!.admin.requestLog;
  log.clear();
  log.start();
  const job = await stack.api.waitJob((await stack.api.confirm(plan.planId)).jobId);
  log.stop();
  // The calls that create the tree's records (patches, files and attachments aside).
  const tree = /"type":"(Project__c|Milestone__c|Deliverable__c)"/;
  const calls = {
    graph: log.entries.filter((e) => e.method === 'POST' && e.path.endsWith('/composite/graph')).length,
    collections: log.entries.filter(
      (e) => e.method === 'POST' && e.path.endsWith('/composite/sobjects') && tree.test(e.body ?? ''),
    ).length,
  };
  expect(job.status, JSON.stringify(job.failures)).toBe('succeeded');
  expect(job.counts.records.total.created).toBe(1 + milestones.length + deliverables.length);
  // R06: every restored child points at its restored parent.
  for (const m of milestones) {
    const restored = await queryOne(stack, `SELECT Project__c FROM Milestone__c WHERE Id = '${job.idMap[m.Id]}'`);
    expect(sameId(restored?.Project__c, job.idMap[project])).toBe(true);
  }
  for (const d of deliverables) {
    const restored = await queryOne(stack, `SELECT Milestone__c FROM Deliverable__c WHERE Id = '${job.idMap[d.Id]}'`);
    expect(sameId(restored?.Milestone__c, job.idMap[d.Milestone__c])).toBe(true);
  }
  return { job, calls, levels: milestones.length > 0 ? (deliverables.length > 0 ? 3 : 2) : 1 };
}

describe('Composite Graph through the real stack', () => {
  it('R06 a deleted three-level tree comes back in one write call', async () => {
    const { calls } = await restoreTree('Acme plant upgrade');
    expect(calls).toEqual({ graph: 1, collections: 0 });
  });

  it('an org without Composite Graph (404) gets the tree level by level through Collections', async () => {
    stack.mock!.admin.setFaults({ rules: [{ path: '*/composite/graph', failAfter: 0, error: 'NOT_FOUND' }] });
    const { calls, levels } = await restoreTree('Globex rollout');
    // The refused graph call, then one Collections call per level.
    expect(levels).toBe(3);
    expect(calls).toEqual({ graph: 1, collections: levels });
  });
});
