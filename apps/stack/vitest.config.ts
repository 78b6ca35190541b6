import { defineConfig } from 'vitest/config';

// The integration tests start a real nats-server, the mock org over HTTP and the three services.
export default defineConfig({
  test: {
    name: '@restorelab/stack',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
