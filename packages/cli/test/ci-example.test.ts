// docs/ci.md's example pipeline, run as written: each `run:` step of its GitHub Actions job (after the
// set-up steps that install Node, pnpm, nats-server and the dependencies) in a bash like the runner's,
// from a scratch folder that stands for the checkout. Adapted only where a test must: the checkout is
// a folder holding this workspace's installed dependencies, and no PLANNER_* leaks in from outside.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SET_UP = /^(npm install|sudo apt-get|pnpm install)/;

interface Step {
  name?: string;
  run?: string;
  uses?: string;
}

async function pipelineSteps(): Promise<Step[]> {
  const doc = await readFile(join(ROOT, 'docs', 'ci.md'), 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/ci.md has no yaml block');
  const workflow = parse(block) as { jobs: Record<string, { steps: Step[] }> };
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (existsSync(join(dir, name))) return dir;
  return undefined;
}

/** Runs one step's script as the runner does (`bash -e`), killing what it started if it hangs. */
function runStep(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\n(step did not finish in ${timeoutMs} ms)`;
      process.kill(-child.pid!, 'SIGTERM');
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {}
      }, 5000).unref();
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

let checkout: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  checkout = await mkdtemp(join(tmpdir(), 'restorelab-ci-'));
  await writeFile(join(checkout, 'package.json'), JSON.stringify({ name: 'ci-checkout', private: true }));
  await symlink(join(ROOT, 'node_modules'), join(checkout, 'node_modules'), 'dir');
  const pnpm = onPath('pnpm');
  if (!pnpm) throw new Error('pnpm is not on PATH: the pipeline runs `pnpm exec restorelab`');
  const { PLANNER_URL: _url, PLANNER_TOKEN: _token, ...rest } = process.env;
  env = { ...rest, PATH: [dirname(process.execPath), pnpm, rest.PATH].join(delimiter), CI: 'true' };
});
afterAll(async () => {
  if (checkout) await rm(checkout, { recursive: true, force: true });
});

describe('docs/ci.md example pipeline', () => {
  it('lists the steps this test runs', async () => {
    const runs = (await pipelineSteps()).filter((s) => s.run && !SET_UP.test(s.run));
    expect(runs.map((s) => s.name ?? s.run!.trim().split(/\s+/).slice(0, 4).join(' '))).toEqual([
      'pnpm exec restorelab conformance',
      'smoke restore',
    ]);
  });

  it('the smoke restore step runs as written against a dev stack and exits 0', { timeout: 180_000 }, async () => {
    const step = (await pipelineSteps()).find((s) => s.name === 'smoke restore');
    const run = await runStep(step!.run!, checkout, env, 150_000);
    expect(run.code, run.output).toBe(0);
    const restore = JSON.parse(await readFile(join(checkout, 'restore.json'), 'utf8'));
    expect(restore.job.status).toBe('succeeded');
    // Something was lost and came back: the account the step deleted was re-created under a new id.
    const account = Object.entries(restore.job.idMap as Record<string, string>).find(([, id]) => id.startsWith('001'));
    expect(account, 'no account in the id map: the step restored nothing that was lost').toBeDefined();
    expect(account![1]).not.toBe(account![0]);
    expect(restore.job.counts.records.total.created).toBeGreaterThan(1);
    expect(existsSync(join(checkout, '.restorelab', 'dev.json'))).toBe(false); // the dev stack stopped
  });

  it('the conformance step runs as written and writes its reports', { timeout: 300_000 }, async () => {
    const step = (await pipelineSteps()).find((s) => s.run?.includes('restorelab conformance'));
    const run = await runStep(step!.run!, checkout, env, 280_000);
    expect(run.code, run.output).toBe(0);
    expect(await readFile(join(checkout, 'reports', 'conformance.xml'), 'utf8')).toContain('<testsuite');
    expect(existsSync(join(checkout, 'reports', 'conformance.html'))).toBe(true);
  });
});
