import { defineConfig } from 'vitest/config';

// One vitest project per workspace package, so `vitest --project <name>` runs one package alone.
// Under CI a JSON report is written too, so .ci/run can close with a plain "N passed, N failed" line.
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'services/*',
      'apps/*',
      'mock-salesforce',
      'conformance',
      'test/reliability',
      'test/architecture',
    ],
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/vitest.json' }]] : ['default'],
  },
});
