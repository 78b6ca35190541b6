// Work published while JetStream is briefly away (a cluster electing a new stream leader answers
// "no responders" for a few seconds) must still go out: the job's state has already moved on to
// the step, so a lost publish would leave the job waiting for results nobody sends.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { ObjectStore } from '@nats-io/obj';
import type { SnapshotStore } from '@restorelab/snapshots';
import { describe, expect, it } from 'vitest';
import { WorkPublisher } from './publish-work.ts';
import { withRetries } from './retry.ts';
import type { StepWork } from './work.ts';

const ID = '0015g0000000001AAA';
const work: StepWork = {
  key: 'records:0:0',
  kind: 'records',
  itemObjectTypes: { [`record:${ID}`]: 'Account' },
  message: {
    schemaVersion: 1,
    jobId: 'job-1',
    wave: 0,
    batchIndex: 0,
    operation: 'create',
    objectType: 'Account',
    items: [{ itemId: `record:${ID}`, sourceId: ID, fields: { Name: 'Acme' } }],
  },
};

describe('publishing work', () => {
  it('keeps trying while JetStream answers "no responders", under the same message id', async () => {
    const ids: string[] = [];
    let failures = 3;
    const js = {
      publish: async (_subject: string, _data: Uint8Array, options: { msgID: string }) => {
        ids.push(options.msgID);
        if (failures-- > 0) throw new Error('no responders');
        return { stream: 'RESTORELAB_RECORDS', seq: 1, duplicate: false };
      },
    } as unknown as JetStreamClient;
    const publisher = new WorkPublisher(js, {} as ObjectStore, {} as SnapshotStore);
    await publisher.publish([work], undefined);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(1);
  }, 10_000);

  it('gives up after its tries, with the last error', async () => {
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error('no responders'));
    };
    await expect(withRetries(failing, { attempts: 3, pauseMs: () => 1 })).rejects.toThrow('no responders');
    expect(calls).toBe(3);
  });
});
