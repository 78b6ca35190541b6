// Reporters: console table, JUnit XML, HTML, JSON.
export { formatConsole } from './console.ts';
export { formatHtml } from './html.ts';
export { formatJunit } from './junit.ts';

import type { ConformanceReport } from '../run.ts';
export const formatJson = (report: ConformanceReport): string => `${JSON.stringify(report, null, 2)}\n`;
