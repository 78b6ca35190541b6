// Records what the Salesforce CLI sends to the mock, for the replay test (sf-cli-replay.test.ts).
// Not part of CI: it needs the CLI, installed outside the repository, e.g.
//   npm i --prefix /tmp/sfcli @salesforce/cli
//   SF_BIN=/tmp/sfcli/node_modules/.bin/sf node mock-salesforce/test/sf-cli/record.ts
// It starts the demo org with a frozen clock, logs the CLI in with an access token, runs each
// command of SESSION, and writes recording.json: every request with its answer, secrets redacted
// and the server's origin written as {{origin}}.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startMockServer } from '../../src/index.ts';
import { FROZEN_AT, SESSION } from './session.ts';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const sf = process.env.SF_BIN ?? 'sf';
const mock = await startMockServer();
const home = mkdtempSync(join(tmpdir(), 'sf-home-'));
const outDir = mkdtempSync(join(tmpdir(), 'sf-out-'));
try {
  mock.admin.clock({ at: FROZEN_AT });
  const token = await fetch(`${mock.url}/services/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'sf-cli',
      username: mock.username,
      password: mock.password,
    }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  mock.admin.requestLog.start(10_000);
  const env = {
    ...process.env,
    HOME: home,
    SF_ACCESS_TOKEN: token.access_token,
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
  };
  const steps: Array<{ command: string[]; from: number }> = [];
  for (const step of SESSION) {
    const args = step.map((a) =>
      a
        .replace('{{url}}', mock.url)
        .replace('{{tree}}', join(here, 'tree'))
        .replace('{{bulk}}', join(here, 'bulk'))
        .replace('{{out}}', outDir),
    );
    steps.push({ command: step, from: mock.admin.requestLog.entries.length });
    // Asynchronously: the mock answers from this same process.
    try {
      await run(sf, args, { env, cwd: outDir });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`sf ${args.join(' ')} failed:\n${e.stdout}\n${e.stderr}`);
    }
  }
  const origin = mock.url;
  const entries = mock.admin.requestLog.entries.map((e) =>
    JSON.parse(JSON.stringify(e).replaceAll(origin, '{{origin}}')),
  );
  const recording = {
    recordedWith: (await run(sf, ['--version'], { env })).stdout.trim(),
    frozenAt: FROZEN_AT,
    steps,
    entries,
  };
  writeFileSync(join(here, 'recording.json'), `${JSON.stringify(recording, null, 2)}\n`);
  console.log(`recorded ${entries.length} requests from ${steps.length} commands`);
} finally {
  await mock.close();
  rmSync(home, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
}
