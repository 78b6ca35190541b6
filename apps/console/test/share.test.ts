// Sharing from the console against the real stack: the button on an item page makes a link that
// opens without a session or token; revoking it from the console makes it answer 410; the share
// POST needs the session's CSRF token like every state change.
import { type Stack, startStack } from '@restorelab/stack';
import { idOf, silent } from '@restorelab/stack/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: Stack;
let base: string;
let snap: string;
beforeAll(async () => {
  stack = await startStack({ logger: silent, backup: true });
  base = stack.plannerUrl;
  snap = stack.store.listSnapshots()[0]!.id;
});
afterAll(async () => {
  await stack?.close();
});

const FORM = 'application/x-www-form-urlencoded';
async function login(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: base, 'content-type': FORM },
    body: new URLSearchParams({ token: stack.token, next: '/console' }).toString(),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const home = await (await fetch(`${base}/console`, { headers: { cookie } })).text();
  return { cookie, csrf: home.match(/name="_csrf" value="([^"]+)"/)![1]! };
}
const post = (path: string, fields: Record<string, string>, cookie: string) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': FORM, origin: base, cookie },
    body: new URLSearchParams(fields).toString(),
  });

describe('sharing from the console', () => {
  it('creates a link from an item page that opens without logging in, and revokes it', async () => {
    const { cookie, csrf } = await login();
    const globex = await idOf(stack, 'Account', "Name = 'Globex'");
    const page = await (
      await fetch(`${base}/console/snapshots/${snap}/records/${globex}`, { headers: { cookie } })
    ).text();
    const action = page.match(/<form method="post" action="([^"]+\/share)"/)?.[1];
    expect(action).toBe(`/console/snapshots/${snap}/records/${globex}/share`);

    expect((await post(action!, { expiresIn: '3600' }, cookie)).status).toBe(403);
    const created = await post(action!, { _csrf: csrf, expiresIn: '86400' }, cookie);
    expect(created.status).toBe(201);
    const html = await created.text();
    const url = html.match(/id="share-url" type="text" readonly value="([^"]+)"/)?.[1];
    expect(url?.startsWith(`${base}/shared/`)).toBe(true);
    const opened = await fetch(url!);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(JSON.parse(await opened.text()).fields.Name).toBe('Globex');

    const revoke = html.match(/action="(\/console\/shares\/[^"]+\/revoke)"/)?.[1];
    const revoked = await post(revoke!, { _csrf: csrf }, cookie);
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toContain('is revoked');
    expect((await fetch(url!)).status).toBe(410);
  });
});
