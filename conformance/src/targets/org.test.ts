// The acceptance test of the org target: the same code path a real org uses (username/password
// login, fixture check, no mock control) against the mock served over HTTP.
import { startMockServer } from '@restorelab/mock-salesforce';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runConformance } from '../run.ts';
import { FIXTURE_DATA_PLAN, FIXTURE_DIR } from './mock.ts';
import { orgTarget } from './org.ts';

let mock: Awaited<ReturnType<typeof startMockServer>>;
beforeAll(async () => {
  mock = await startMockServer({ metadataDir: FIXTURE_DIR, dataPlan: FIXTURE_DATA_PLAN });
});
afterAll(() => mock.close());

test('without credentials the org target is skipped with the reason', async () => {
  const report = await runConformance({ target: orgTarget({}), rules: ['R01'] });
  expect(report.results[0]?.outcome).toBe('skipped');
  expect(report.results[0]?.reason).toMatch(/SF_USERNAME/);
});

test('org target against the mock over HTTP passes (username/password login)', { timeout: 120_000 }, async () => {
  const env = { SF_USERNAME: mock.username, SF_PASSWORD: mock.password, SF_LOGIN_URL: mock.loginUrl };
  const report = await runConformance({
    target: orgTarget(env),
    rules: ['R01', 'R03', 'R04', 'R06', 'R07', 'R10'],
    runs: 2,
  });
  expect(report.results.map((r) => `${r.id} ${r.outcome} ${r.error ?? ''}`)).toEqual(
    report.results.map((r) => `${r.id} passed `),
  );
});
