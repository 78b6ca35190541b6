import { defineConfig } from 'vitest/config';

// These tests run nats-server, the mock org and the services as separate OS processes, kill and
// restart them: long timeouts, and one file at a time so the shared 2-core machine is not swamped
// (a kill must land mid-job, which gets unreliable when everything competes for CPU).
export default defineConfig({
  test: {
    name: '@restorelab/reliability-tests',
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
