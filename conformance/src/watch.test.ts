// --watch: one run at once, another after a change under a watched folder, each in a fresh process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { warmSessions, watchConformance, watchedFolders } from './watch.ts';

test('the watched folders are the src/ folders of the workspace packages', () => {
  const folders = watchedFolders();
  expect(folders.some((f) => f.endsWith(join('services', 'planner', 'src')))).toBe(true);
  expect(folders.some((f) => f.endsWith(join('conformance', 'src')))).toBe(true);
});

test('re-runs the selected rules when a watched file changes', { timeout: 60_000 }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'conformance-watch-'));
  const controller = new AbortController();
  const codes: number[] = [];
  const warm: boolean[] = [];
  const lines: string[] = [];
  try {
    const done = watchConformance({
      runOptions: { target: 'mock', rules: 'R02', runs: 1, seed: 1 },
      print: (line) => lines.push(line),
      signal: controller.signal,
      folders: [folder],
      debounceMs: 50,
      onRun: (code, wasWarm) => {
        codes.push(code);
        warm.push(wasWarm);
        if (codes.length === 1) setTimeout(() => writeFileSync(join(folder, 'engine.ts'), '// changed\n'), 100);
        if (codes.length === 2) controller.abort();
      },
    });
    expect(await done).toBe(0);
    expect(codes).toEqual([0, 0]);
    // The first run starts cold; the second ran in the process set up while waiting (the changed file
    // was no module it had loaded).
    expect(warm).toEqual([false, true]);
    expect(lines.filter((l) => l.includes('R02')).length).toBeGreaterThanOrEqual(2);
  } finally {
    controller.abort();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a warm run prepares one session per selected rule that fits in the lanes, none for a catalogue', () => {
  expect(warmSessions({ rules: 'R07' })).toBe(1);
  expect(warmSessions({ rules: 'R07,R08' })).toBe(2);
  expect(warmSessions({ rules: 'R07,R08,R09' })).toBe(0);
  expect(warmSessions({ rules: 'R07,R08,R09', lanes: 3 })).toBe(3);
  expect(warmSessions({})).toBe(0);
});
