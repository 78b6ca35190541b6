import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DemoReport } from './demo-run.ts';

const bin = join(import.meta.dirname, '..', 'bin.ts');

describe('restorelab demo (the main job)', () => {
  it('restores the lost project with its hierarchy and files, and stops everything it started', () => {
    const r = spawnSync(process.execPath, [bin, '--json', 'demo', '--runs', '0'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as DemoReport;
    expect(report.restored.status).toBe('succeeded');
    expect(report.restored.newRootId).toMatch(/^a0[0-9A-Za-z]{16}$/);
    expect(report.restored.newRootId).not.toBe(report.restored.rootId);
    expect(report.checks.length).toBeGreaterThanOrEqual(3);
    for (const check of report.checks) expect(check.found, check.what).toBe(check.expected);
    expect(report.checks.find((c) => c.what.startsWith('files'))!.expected).toBeGreaterThan(0);
    // Steps go to stderr in --json mode, so stdout is only the report; each step says what it did.
    expect(r.stderr).toContain('backed up the org into snapshot');
    expect(r.stderr).toContain('stopped the services, the mock org and the embedded nats-server');
    // One count model (issue 19): the summary's and the job's lines say totals that are the sums of
    // their parts ("7 (3 create, 2 overwrite, 2 skip)"), and the job ends with as many items as planned.
    for (const [, total, parts] of r.stderr.matchAll(/(\d+) \(((?:\d+ [a-z ]+(?:, )?)+)\)/g))
      expect(Number(total), parts).toBe([...parts!.matchAll(/\d+/g)].reduce((n, m) => n + Number(m[0]), 0));
    const planned = /the summary counts (\d+) /.exec(r.stderr)?.[1];
    const done = /: (\d+) \([^)]*\) items done, of (\d+) in the summary/.exec(r.stderr);
    expect(done?.[1], r.stderr).toBe(planned);
    expect(done?.[2]).toBe(planned);
    expect(r.stderr).toContain('metafiles: the sharing links (ContentDocumentLink)');
  });

  it('refuses a bad --runs value with one line', () => {
    const r = spawnSync(process.execPath, [bin, 'demo', '--runs', 'many'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('restorelab: --runs: expected a positive whole number, got "many"');
  });
});
