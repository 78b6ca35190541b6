import { defineConfig } from 'vitest/config';

// Tests here start real nats-server processes and child Node processes: allow them more than the default 5 s.
export default defineConfig({
  test: {
    name: '@restorelab/runtime',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
