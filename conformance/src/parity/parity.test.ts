// Mock parity: the mock in-process (msw) and the mock over HTTP through the `org` code path
// (username/password login) must show the same behaviour; a real org is compared when SF_*
// credentials are set.
import { startMockServer } from '@restorelab/mock-salesforce';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIXTURE_DATA_PLAN, FIXTURE_DIR, mockTarget } from '../targets/mock.ts';
import { orgTarget } from '../targets/org.ts';
import { PARITY_OPERATIONS } from './operations.ts';
import { compareParity, formatDifferences, observeTarget, type ParityRun } from './parity.ts';

let server: Awaited<ReturnType<typeof startMockServer>>;
let inProcess: ParityRun;
beforeAll(async () => {
  server = await startMockServer({ metadataDir: FIXTURE_DIR, dataPlan: FIXTURE_DATA_PLAN });
  inProcess = await observeTarget(mockTarget());
}, 60_000);
afterAll(() => server?.close());

describe('mock parity', () => {
  test('the operations observe what the fixture schema says', () => {
    const seen = (name: string) => inProcess.observations.find((o) => o.operation.startsWith(name))?.observation;
    expect(seen('create a detail without')).toEqual({
      success: false,
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: ['Programme__c'],
    });
    expect(seen('create with a bad restricted picklist')).toMatchObject({
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    });
    expect(seen('create a detail pointing at a deleted')).toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
    expect(seen('create a detail pointing at a nonexistent')).toMatchObject({
      errorCode: 'INVALID_CROSS_REFERENCE_KEY',
    });
    expect(seen('delete a master')).toMatchObject({ deleted: { success: true }, stages: 0, steps: 0 });
    expect(seen('delete a record a restricted lookup')).toMatchObject({ contactStillThere: true, steps: 1 });
    expect(seen('delete a lookup parent with SetNull')).toEqual({ programmes: 1, accountLink: null });
    expect(inProcess.observations).toHaveLength(PARITY_OPERATIONS.length);
  });

  test('mock in-process and mock over HTTP (org code path) behave alike', { timeout: 60_000 }, async () => {
    const env = { SF_USERNAME: server.username, SF_PASSWORD: server.password, SF_LOGIN_URL: server.loginUrl };
    const overHttp = await observeTarget(orgTarget(env));
    const differences = compareParity(inProcess, overHttp);
    expect(formatDifferences('in-process', 'over HTTP', differences)).toBe('');
  });

  const real = orgTarget(process.env);
  test.skipIf(real.unavailable !== undefined)(
    `mock and a real org behave alike${real.unavailable ? ` (skipped: ${real.unavailable})` : ''}`,
    { timeout: 300_000 },
    async () => {
      const differences = compareParity(inProcess, await observeTarget(real));
      expect(formatDifferences('mock', 'org', differences)).toBe('');
    },
  );
});
