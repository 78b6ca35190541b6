// Spawning the real `restorelab` (node packages/cli/src/bin.ts) from tests, asynchronously: the stack a
// test starts lives in the test's own process and must keep answering while the CLI runs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', 'src', 'bin.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      // No PLANNER_* leaking in from the developer's shell unless the test sets them.
      env: { ...stripPlanner(process.env), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`restorelab ${args.join(' ')} did not finish in time\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function stripPlanner(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PLANNER_URL: _url, PLANNER_TOKEN: _token, ...rest } = env;
  return rest;
}

/** The lines of stderr that are not progress steps (`• …`). */
export function errorLines(run: CliRun): string[] {
  return run.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('•'));
}
