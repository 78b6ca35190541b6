// Restores repeated through the real stack: what an earlier restore re-created is that item in the org
// from then on (R07, R11, R19 apply to the copy), and a confirmed restore always makes a job.
import { MASTER_RECORD_TYPE_ID, sameId } from '@restorelab/salesforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroy, idOf, queryAll, queryOne, startTestStack, type TestStack } from './harness.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const later = () => stack.mock!.admin.clock({ advanceMs: 60_000 });

describe('restores repeated through the real stack', () => {
  it('R11 a second restore of a re-created record writes only the values its master record type allows', async () => {
    const snap = await stack.api.backup();
    const tooling = await queryOne(stack, "SELECT Id, RecordTypeId FROM Project__c WHERE Name = 'Internal tooling'");
    expect(sameId(tooling?.RecordTypeId, MASTER_RECORD_TYPE_ID)).toBe(false);
    await destroy(stack, 'Project__c', [tooling!.Id]);

    const first = await stack.api.restore(tooling!.Id, 'record', snap);
    expect(first.job.status, JSON.stringify(first.job.failures)).toBe('succeeded');
    const copy = first.job.idMap[tooling!.Id]!;

    later();
    const second = await stack.api.restore(tooling!.Id, 'record', snap);
    expect(second.plan.summary.records.total.overwrite).toBe(1);
    expect(second.job.status, JSON.stringify(second.job.failures)).toBe('succeeded');
    const live = await queryAll(
      stack,
      "SELECT Id, RecordTypeId, Status__c FROM Project__c WHERE Name = 'Internal tooling'",
    );
    expect(live.map((r) => r.Id)).toEqual([copy]);
    expect(sameId(live[0]?.RecordTypeId, MASTER_RECORD_TYPE_ID)).toBe(true);
    expect(live[0]?.Status__c).not.toBe('Internal Review');
  });
});
