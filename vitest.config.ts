import { defineConfig } from 'vitest/config';

// One vitest project per workspace package, so `vitest --project <name>` runs one package alone.
export default defineConfig({
  test: {
    projects: ['packages/*', 'services/*', 'mock-salesforce', 'conformance', 'test/reliability'],
  },
});
