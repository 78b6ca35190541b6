// The mock's benchmarks serve an app on a free loopback port and log in with the password flow, as
// a client would: one helper for that, so every bench measures the same server set-up.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { MockAdmin } from '../src/index.ts';

interface Served {
  url: string;
  token: string;
  close: () => Promise<void>;
}

/** Serves `app` on 127.0.0.1 (the admin's login URL then points at it) and logs `login` in. */
export async function serveAndLogIn(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  admin: MockAdmin,
  login: { username: string; password: string },
): Promise<Served> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  admin.loginUrl = url;
  const tokenRes = await fetch(`${url}/services/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      username: login.username,
      password: login.password,
      client_id: 'bench',
    }),
  });
  const token = ((await tokenRes.json()) as { access_token: string }).access_token;
  return { url, token, close: () => new Promise<void>((r) => server.close(() => r())) };
}
