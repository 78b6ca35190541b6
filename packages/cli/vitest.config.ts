import { defineConfig } from 'vitest/config';

// The command tests spawn the real CLI against a stack started in the test (nats-server, mock org, services).
export default defineConfig({
  test: {
    name: '@restorelab/cli',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
