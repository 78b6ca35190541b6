// The real CLI against a real stack: a typo in `backup --objects` is a usage error naming it (nothing
// backed up), a backup of chosen objects is marked partial, and `show` / `download` / `restore`
// read the newest snapshot that holds the item, not a partial one without it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@restorelab/runtime';
import { type Stack, startStack } from '@restorelab/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTIAL_MARK } from '../src/format.ts';
import { type CliRun, errorLines, runCli } from './run-cli.ts';

let stack: Stack;
const cli = (...args: string[]) =>
  runCli([...args, '--planner', stack.plannerUrl], { env: { PLANNER_TOKEN: stack.token } });
const json = (run: CliRun) => {
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
};

beforeAll(async () => {
  stack = await startStack({ logger: createLogger({ name: 'cli-test', level: 'silent' }) });
});
afterAll(async () => {
  await stack?.close();
});

describe('restorelab backup --objects and the default snapshot', () => {
  let full: string;
  let partial: string;

  it('an unknown object is exit 2 with one line naming it, and no snapshot is taken', async () => {
    full = json(await cli('--json', 'backup')).snapshot.id;
    const run = await cli('backup', '--objects', 'Account,Nope__c');
    expect(run.code).toBe(2);
    const lines = errorLines(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^restorelab: .*"Nope__c"/);
    expect(lines[0]).not.toContain('"Account"');
    expect(json(await cli('snapshots', '--json')).snapshots.map((s: { id: string }) => s.id)).toEqual([full]);
  });

  it('a backup of chosen objects is marked partial in `backup` and `snapshots`', async () => {
    const run = await cli('backup', '--objects', 'Contact');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').find((l) => l.startsWith('snapshot '))).toContain(PARTIAL_MARK);
    const listed = json(await cli('snapshots', '--json')).snapshots;
    partial = listed[0].id;
    expect(listed.map((s: { partial: boolean }) => s.partial)).toEqual([true, false]);
    const human = (await cli('snapshots')).stdout.split('\n');
    expect(human.find((l) => l.startsWith(partial))).toContain(PARTIAL_MARK);
    expect(human.find((l) => l.startsWith(full))).not.toContain(PARTIAL_MARK);
  });

  it('show, download and restore read the newest snapshot that holds the record', async () => {
    const shown = json(await cli('show', 'Globex', '--json'));
    expect(shown.snapshotId).toBe(full);
    expect(shown.record.fields.Name).toBe('Globex');
    const work = await mkdtemp(join(tmpdir(), 'restorelab-cli-'));
    try {
      const saved = json(await cli('download', 'Globex', '-o', join(work, 'globex.json'), '--json'));
      expect(saved.snapshotId).toBe(full);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    const planned = json(await cli('restore', 'Globex', '--dry-run', '--json'));
    expect(planned.plan.request.snapshotId).toBe(full);
    // By its id the planner is asked at once (no look-up) and picks the same snapshot (R03).
    const globex = (await stack.conn.query<{ Id: string }>("SELECT Id FROM Account WHERE Name = 'Globex'")).records[0]!;
    expect(json(await cli('restore', globex.Id, '--dry-run', '--json')).plan.request.snapshotId).toBe(full);
    // An id no snapshot holds: the planner refuses, and the look-up gives its own answer as before.
    const missing = await cli('restore', '001000000000777AAA', '--dry-run', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ name: 'ITEM_NOT_FOUND' });
    // A contact is in both: the newest (the partial one) is the default.
    const contact = (await stack.conn.query<{ Id: string }>('SELECT Id FROM Contact LIMIT 1')).records[0]!.Id;
    expect(json(await cli('show', contact, '--json')).snapshotId).toBe(partial);
  });
});
