// Which snapshot is which, through the real stack: a backup's object list is checked before anything
// is read (an unknown or malformed name is a 400 naming it, and no snapshot appears), a backup of
// chosen objects is marked partial, and it never becomes the default snapshot for a record it does
// not hold.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idOf, startTestStack, type TestStack } from './harness.ts';

let stack: TestStack;
let full: string;
beforeAll(async () => {
  stack = await startTestStack();
  full = await stack.api.backup();
});
afterAll(async () => {
  await stack?.close();
});

const snapshotIds = async (): Promise<string[]> =>
  (await stack.api.call('GET', '/v1/snapshots')).body.snapshots.map((s: { id: string }) => s.id);

describe('a backup of chosen objects', () => {
  it('refuses unknown or malformed object names with a 400 naming them, and backs nothing up', async () => {
    const before = await snapshotIds();
    for (const objects of [['NoSuch__c'], ["Account WHERE Name='x'"], ['Account', 'Nope__c']]) {
      const res = await stack.api.call('POST', '/v1/snapshots', { objects });
      expect(res.status, JSON.stringify(objects)).toBe(400);
      expect(res.body.error.code).toBe('UNKNOWN_OBJECTS');
      expect(res.body.error.message).toContain(JSON.stringify(objects.at(-1)));
      expect(res.body.error.message).not.toContain('"Account"');
    }
    expect(await snapshotIds()).toEqual(before);
  });

  it('is marked partial in every listing, and a full backup is not', async () => {
    const partial = await stack.api.call('POST', '/v1/snapshots', { objects: ['Contact'] });
    expect(partial.status).toBe(201);
    expect(partial.body.snapshot.partial).toBe(true);
    const { snapshots } = (await stack.api.call('GET', '/v1/snapshots')).body;
    expect(snapshots.find((s: { id: string }) => s.id === partial.body.snapshot.id).partial).toBe(true);
    expect(snapshots.find((s: { id: string }) => s.id === full).partial).toBe(false);
    const one = await stack.api.call('GET', `/v1/snapshots/${partial.body.snapshot.id}`);
    expect(one.body.partial).toBe(true);
    const { orgs } = (await stack.api.call('GET', '/v1/orgs')).body;
    expect(orgs[0].latest.partial).toBe(true);
  });

  it('is never the default snapshot of a restore for a record it does not hold', async () => {
    const globex = await idOf(stack, 'Account', "Name = 'Globex'");
    const plan = await stack.api.plan(globex, 'record');
    expect(plan.request.snapshotId).toBe(full);
  });
});
