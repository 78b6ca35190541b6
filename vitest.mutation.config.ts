import { defineConfig } from 'vitest/config';

// Used only by `pnpm mutation` (stryker.config.json): the root config's `projects` list is more than
// Stryker needs. The scale test is left out: it plans 100,000 records and would run once per mutant.
export default defineConfig({
  test: {
    include: ['packages/restore-plan/src/**/*.test.ts'],
    exclude: ['packages/restore-plan/src/scale.test.ts'],
    setupFiles: ['./vitest.mutation.setup.ts'],
  },
});
