import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: '@restorelab/architecture-tests', include: ['src/**/*.test.ts'] } });
