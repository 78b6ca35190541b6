// Console table, one row per rule (id, statement, runs, result, time), then each failure's shrunk
// counterexample in words and the exact command that replays it.
import type { ConformanceReport } from '../run.ts';
import { plural } from './words.ts';

const pad = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

/** Columns of a row besides the statement: `R07  ` … ` 100   skipped  12.3s`. */
const OTHER_COLUMNS = 28;

export interface ConsoleOptions {
  /**
   * Width of the terminal: statements are cut to fit it. Absent (a file, a CI log, a pipe), they are
   * printed in full: nothing reads them narrower there.
   */
  columns?: number;
}

export function formatConsole(report: ConformanceReport, options: ConsoleOptions = {}): string {
  const lines = [`conformance on ${report.target} (seed ${report.seed})`, ''];
  const longest = Math.max(...report.results.map((r) => r.statement.length), 'statement'.length);
  const width =
    options.columns === undefined ? longest : Math.min(longest, Math.max(20, options.columns - OTHER_COLUMNS));
  lines.push(`${pad('rule', 5)} ${pad('statement', width)} ${pad('runs', 5)} ${pad('result', 8)} time`);
  for (const r of report.results) {
    lines.push(
      `${pad(r.id, 5)} ${pad(r.statement, width)} ${pad(String(r.runs), 5)} ${pad(r.outcome, 8)} ${(r.durationMs / 1000).toFixed(1)}s`,
    );
  }
  for (const r of report.results) {
    if (r.outcome === 'skipped') lines.push('', `${r.id} skipped: ${r.reason}`);
    if (r.outcome === 'failed' || r.outcome === 'error') {
      lines.push('', `${r.id} ${r.outcome}:`, `  ${r.counterexample ?? r.error}`);
      if (r.replay) lines.push(`  replay: ${r.replay}`);
    }
  }
  const s = report.summary;
  lines.push(
    '',
    `${s.passed} passed, ${s.failed} failed, ${plural(s.error, 'error')}, ${s.skipped} skipped in ${(report.durationMs / 1000).toFixed(1)}s`,
  );
  return lines.join('\n');
}
