// Newest first everywhere, through the real stack: the store, GET /v1/snapshots and the console's
// org page agree, even for two snapshots begun at the same instant (the later one written is newer),
// and the console's "latest" badge sits on the org's latest snapshot.

import { backupOrg } from '@restorelab/snapshots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './harness.ts';

let stack: TestStack;
const ids: string[] = [];
beforeAll(async () => {
  stack = await startTestStack();
  ids.push(await stack.api.backup());
  // Two backups begun at the same instant, after the first: the one written later is the newest.
  const at = new Date(Date.now() + 60_000);
  for (let i = 0; i < 2; i++) ids.push((await backupOrg(stack.conn, stack.store, { takenAt: at })).snapshot.id);
});
afterAll(async () => {
  await stack?.close();
});

describe('the order of snapshots', () => {
  it('is newest first in the store, the API (with and without an org) and the orgs list', async () => {
    const newestFirst = [...ids].reverse();
    const orgId = stack.store.listOrgs()[0]!;
    expect(stack.store.listSnapshots(orgId).map((s) => s.id)).toEqual(newestFirst);
    for (const path of ['/v1/snapshots', `/v1/snapshots?org=${orgId}`]) {
      const listed = (await stack.api.call('GET', path)).body.snapshots.map((s: { id: string }) => s.id);
      expect(listed, path).toEqual(newestFirst);
    }
    const { orgs } = (await stack.api.call('GET', '/v1/orgs')).body;
    expect(orgs[0].latest.id).toBe(newestFirst[0]);
  });

  it("badges the org's latest snapshot, in the first row, on the console's org page", async () => {
    const base = stack.plannerUrl;
    const login = await fetch(`${base}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: stack.token, next: '/console' }).toString(),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const orgId = stack.store.listOrgs()[0]!;
    const page = await (await fetch(`${base}/console/orgs/${orgId}`, { headers: { cookie } })).text();
    const rows = page.split('<tr>').filter((r) => r.includes('<code>snap-'));
    expect(rows.map((r) => r.match(/<code>(snap-[^<]+)<\/code>/)?.[1])).toEqual([...ids].reverse());
    expect(rows[0]).toContain('>latest<');
    expect(rows.slice(1).some((r) => r.includes('>latest<'))).toBe(false);
  });
});
