// `.restorelab/dev.json`: where `restorelab dev` leaves its planner URL and API token, so the client
// commands run from the same project find the running stack without flags. The file holds a secret, so
// it is written for the owner only (0600) and removed when the stack stops.

import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

export const DEV_FILE = join('.restorelab', 'dev.json');

export const DevInfoSchema = z.object({
  plannerUrl: z.string().url(),
  token: z.string().min(1),
  pid: z.number().int().positive(),
  startedAt: z.string(),
  nats: z.string().optional(),
  mock: z.object({ url: z.string(), username: z.string(), password: z.string(), orgId: z.string() }).optional(),
});
export type DevInfo = z.infer<typeof DevInfoSchema>;

export async function writeDevFile(dir: string, info: DevInfo): Promise<string> {
  const file = resolve(dir, DEV_FILE);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // an existing file keeps its mode on write
  return file;
}

/** Removes the file only when it still describes this process's stack (another `dev` may have replaced it). */
export async function removeDevFile(file: string, pid = process.pid): Promise<void> {
  const found = readDevFile(file);
  if (found === undefined || found.pid === pid) await rm(file, { force: true });
}

function readDevFile(file: string): DevInfo | undefined {
  try {
    const parsed = DevInfoSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The dev stack's file in `cwd` or the nearest folder above it whose process still runs.
 * @example findDevFile(process.cwd())?.info.plannerUrl
 */
export function findDevFile(cwd: string): { file: string; info: DevInfo } | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const file = join(dir, DEV_FILE);
    if (existsSync(file)) {
      const info = readDevFile(file);
      if (info && alive(info.pid)) return { file, info };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
