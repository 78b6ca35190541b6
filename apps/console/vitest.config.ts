import { defineConfig } from 'vitest/config';

// The console's tests run against a real stack (nats-server, the mock org, the services, the planner
// with the console beside it), over HTTP and in headless chromium.
export default defineConfig({
  test: {
    name: '@restorelab/console',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
