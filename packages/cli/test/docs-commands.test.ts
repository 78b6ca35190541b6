// The user docs' commands stay true (issue #19, point 8). First, every command of every shell block
// in README.md and docs/*.md is either run by the walk-through below or mapped to a named test that
// covers it (docs-coverage.ts): a new command or option fails here until it has a line there.
// Then the walk-through: a clean copy of the repository's tracked files (nothing built, no
// node_modules), README's first command, then quick-start.md and cli.md's examples block by block,
// as written, against the `restorelab dev` that quick-start starts. Adapted only where a test must:
// no network (pnpm installs offline from the machine's store), `dev` on a free port (PLANNER_PORT=0),
// `<job-id>` filled in, and the interactive restore answered `y` on a pseudo-terminal (`script`).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DocBlock, userDocBlocks } from './docs-blocks.ts';
import { ADAPTATIONS, COVERAGE } from './docs-coverage.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const blocks = userDocBlocks(ROOT);

describe('the commands in the user docs', () => {
  it('are each run by the walk-through or covered by a named test', () => {
    const unmapped = blocks.flatMap((b) =>
      b.commands.filter((c) => !(c in COVERAGE)).map((c) => `${b.doc}:${b.line}: ${c}`),
    );
    expect(unmapped, 'add these to packages/cli/test/docs-coverage.ts').toEqual([]);
    const documented = new Set(blocks.flatMap((b) => b.commands));
    expect(
      Object.keys(COVERAGE).filter((c) => !documented.has(c)),
      'stale lines in docs-coverage.ts',
    ).toEqual([]);
    for (const [command, coverage] of Object.entries(COVERAGE)) {
      if (coverage.by === 'test') {
        const file = join(ROOT, coverage.file);
        expect(existsSync(file), `${command}: ${coverage.file} is missing`).toBe(true);
        expect(readFileSync(file, 'utf8'), `${command}: ${coverage.file}`).toContain(coverage.contains);
      }
      if (coverage.by === 'none') expect(coverage.reason.length).toBeGreaterThan(20);
    }
    for (const a of ADAPTATIONS)
      expect(
        blocks.some((b) => b.doc === a.doc && b.commands.includes(a.from)),
        `stale adaptation: ${a.from}`,
      ).toBe(true);
  });
});

// --- the walk-through ---------------------------------------------------------------------------

const INTERACTIVE = new Set(['pnpm exec restorelab restore Globex --related']);
const ran = new Set<string>();
let copy: string | undefined;
let dev: ChildProcess | undefined;

afterAll(async () => {
  if (dev && dev.exitCode === null) dev.kill('SIGKILL');
  if (copy) await rm(copy, { recursive: true, force: true });
});

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (existsSync(join(dir, name))) return dir;
  return undefined;
}

function walkEnv(): NodeJS.ProcessEnv {
  const pnpm = onPath('pnpm');
  if (!pnpm) throw new Error('pnpm is not on PATH');
  const { PLANNER_URL: _url, PLANNER_TOKEN: _token, ...rest } = process.env;
  // Node 24 and pnpm first, as the README's set-up leaves them; pnpm never goes to the registry.
  return { ...rest, PATH: [dirname(process.execPath), pnpm, rest.PATH].join(delimiter), npm_config_offline: 'true' };
}

/** Runs a script with bash -e in the copy; resolves with its exit code and output. */
function bash(script: string, env: NodeJS.ProcessEnv, timeoutMs: number, input?: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd: copy, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    if (input !== undefined) child.stdin.write(input);
    child.stdin.end();
    const timer = setTimeout(() => {
      output += `\n(did not finish in ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const walked = (b: DocBlock) => b.commands.filter((c) => COVERAGE[c]?.by === 'walk-through');

/** A block's walked commands as one script (so variables carry), each adapted where listed. */
function scriptOf(b: DocBlock): string {
  return walked(b)
    .map((c) => ADAPTATIONS.find((a) => a.doc === b.doc && a.from === c)?.to ?? c)
    .join('\n');
}

async function runBlock(b: DocBlock, env: NodeJS.ProcessEnv): Promise<string> {
  let output = '';
  const commands = walked(b);
  if (commands.some((c) => INTERACTIVE.has(c))) {
    // One command at a time: the interactive one on a pseudo-terminal, answered `y`.
    for (const c of commands) {
      const script = INTERACTIVE.has(c) ? `script -qec ${JSON.stringify(c)} /dev/null` : c;
      const run = await bash(script, env, 120_000, INTERACTIVE.has(c) ? 'y\n' : undefined);
      expect(run.code, `${b.doc}:${b.line}: ${c}\n${run.output}`).toBe(0);
      output += run.output;
      ran.add(c);
    }
    return output;
  }
  const run = await bash(scriptOf(b), env, 180_000);
  expect(run.code, `${b.doc}:${b.line}\n${scriptOf(b)}\n${run.output}`).toBe(0);
  for (const c of commands) ran.add(c);
  return run.output;
}

describe('walk-through of the README, quick-start.md and cli.md, as written', () => {
  it('runs every block from a clean copy of the tracked files', { timeout: 420_000 }, async () => {
    copy = await mkdtemp(join(tmpdir(), 'restorelab-walk-'));
    execFileSync('bash', ['-c', `git ls-files -z | tar --null -T - -cf - | tar -xf - -C ${JSON.stringify(copy)}`], {
      cwd: ROOT,
    });
    expect(existsSync(join(copy, 'node_modules'))).toBe(false);
    const env = walkEnv();

    // README: the main job (it installs the dependencies from the lockfile, then plays the demo).
    const readme = blocks.find((b) => b.doc === 'README.md')!;
    const demo = await runBlock({ ...readme, commands: walked(readme) }, env);
    expect(demo).toContain('demo finished');

    // quick-start.md, block by block; step 2's `dev` keeps running beside the others.
    for (const b of blocks.filter((x) => x.doc === 'docs/quick-start.md')) {
      const commands = walked(b);
      if (commands.length === 0) continue;
      if (commands.length === 1 && commands[0] === 'pnpm exec restorelab dev') {
        // As written; PLANNER_PORT=0 (the documented default of --port) takes a free port, so a
        // planner already on 7420 (another stack on this machine) cannot fail the walk-through.
        dev = spawn('bash', ['-c', `exec ${commands[0]}`], {
          cwd: copy,
          env: { ...env, PLANNER_PORT: '0' },
          stdio: 'ignore',
        });
        await expect.poll(() => existsSync(join(copy!, '.restorelab', 'dev.json')), { timeout: 60_000 }).toBe(true);
        ran.add(commands[0]);
        continue;
      }
      if (commands.some((c) => c.includes('<job-id>'))) {
        const jobs = await bash('pnpm --silent exec restorelab jobs --json', env, 60_000);
        env.JOB_ID = (JSON.parse(jobs.output) as { jobs: Array<{ jobId: string }> }).jobs[0]!.jobId;
      }
      const output = await runBlock(b, env);
      if (commands.includes('pnpm exec restorelab restore Globex --related')) expect(output).toMatch(/succeeded/);
    }

    // cli.md's examples, against the same dev stack.
    for (const b of blocks.filter((x) => x.doc === 'docs/cli.md')) {
      if (walked(b).length > 0) await runBlock(b, env);
    }
    expect(existsSync(join(copy, 'globex.json'))).toBe(true);

    // Ctrl-C stops the stack and removes its file.
    dev!.kill('SIGINT');
    await expect.poll(() => dev!.exitCode, { timeout: 30_000 }).not.toBeNull();
    expect(existsSync(join(copy, '.restorelab', 'dev.json'))).toBe(false);

    const walks = Object.entries(COVERAGE).filter(([, c]) => c.by === 'walk-through');
    expect(
      walks.map(([c]) => c).filter((c) => !ran.has(c)),
      'mapped to the walk-through but not run',
    ).toEqual([]);
  });
});
