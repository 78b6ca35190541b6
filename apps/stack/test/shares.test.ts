// Share links through the real stack: created under /v1 with the token, opened without it outside
// /v1 with the safe download headers, 404 for a link the planner did not sign, 410 once revoked,
// download-only items included, and never the token or the link in the log.

import { Writable } from 'node:stream';
import { PlannerApiClient, SAFE_DOWNLOAD_HEADERS } from '@restorelab/planner-api';
import { createLogger } from '@restorelab/runtime';
import { openShare } from '@restorelab/snapshots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../src/stack.ts';

const logged: string[] = [];
let stack: Stack;
let api: PlannerApiClient;
let snap: string;
beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logged.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ name: 'shares-test', level: 'info', destination });
  stack = await startStack({ logger });
  api = new PlannerApiClient({ url: stack.plannerUrl, token: stack.token });
  snap = (await api.backup()).snapshot.id;
});
afterAll(async () => {
  await stack?.close();
});

const idOf = async (soql: string) => (await stack.conn.query<{ Id: string }>(soql)).records[0]!.Id;

describe('share links', () => {
  it('open a record without the token, read-only, with the safe download headers, until revoked', async () => {
    const globex = await idOf("SELECT Id FROM Account WHERE Name = 'Globex'");
    const share = await api.share(snap, 'record', globex);
    expect(share.url.startsWith(`${stack.plannerUrl}/shared/`)).toBe(true);
    const expires = Date.parse(share.expiresAt) - Date.now();
    expect(expires).toBeGreaterThan(3500_000);
    expect(expires).toBeLessThanOrEqual(3600_000);

    const opened = await fetch(share.url);
    expect(opened.status).toBe(200);
    for (const [name, value] of Object.entries(SAFE_DOWNLOAD_HEADERS)) expect(opened.headers.get(name)).toBe(value);
    expect(opened.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(JSON.parse(await opened.text()).fields.Name).toBe('Globex');
    expect((await fetch(share.url, { method: 'POST' })).status).toBe(404);

    // A changed signature or a made-up link: 404, no content.
    const forged = `${share.url.slice(0, -3)}${share.url.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const refused = await fetch(forged);
    expect(refused.status).toBe(404);
    expect(await refused.text()).toBe('');

    // Past its expiry the same link opens nothing: the store's check with a later clock says so.
    const token = share.url.split('/shared/')[1]!;
    expect(() => openShare(stack.store, token, new Date(Date.parse(share.expiresAt) + 1000))).toThrow(
      expect.objectContaining({ code: 'SHARE_TOKEN_EXPIRED' }),
    );

    const revoked = await api.revokeShare(share.shareId);
    expect(revoked.revokedAt).toBeDefined();
    const gone = await fetch(share.url);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toBe('');

    const signature = token.split('.')[1]!;
    const log = logged.join('');
    expect(log).toContain('share link used');
    expect(log).toContain(share.shareId);
    expect(log).not.toContain(signature);
    expect(log).not.toContain(stack.token);
  });

  it('shares download-only items and files; revokes by item path; refuses bad expiries and unknown items', async () => {
    const user = await idOf('SELECT Id FROM User LIMIT 1');
    const userShare = await api.share(snap, 'record', user, { expiresIn: 7 * 24 * 3600 });
    expect((await fetch(userShare.url)).status).toBe(200);
    const file = (await api.folder(snap, 'Files')).entries[0]!;
    const fileShare = await api.share(snap, 'file', file.kind === 'file' ? file.id : '');
    expect((await fetch(fileShare.url)).status).toBe(200);
    const path = `/v1/snapshots/${snap}/files/${fileShare.item.id}/shares/${fileShare.shareId}`;
    const del = await fetch(`${stack.plannerUrl}${path}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${stack.token}` },
    });
    expect(del.status).toBe(200);
    expect((await fetch(fileShare.url)).status).toBe(410);

    await expect(api.share(snap, 'record', user, { expiresIn: 8 * 24 * 3600 })).rejects.toMatchObject({ status: 400 });
    await expect(api.share(snap, 'record', '001000000000000AAA')).rejects.toMatchObject({ status: 404 });
    const noToken = await fetch(`${stack.plannerUrl}/v1/snapshots/${snap}/records/${user}/shares`, { method: 'POST' });
    expect(noToken.status).toBe(401);
  });
});
