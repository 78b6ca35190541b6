// Console table, one row per rule (id, statement, runs, result, time), then each failure's shrunk
// counterexample in words and the exact command that replays it.
import type { ConformanceReport } from '../run.ts';

const pad = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

export function formatConsole(
  report: ConformanceReport,
  replay: (rule: string, seed: number, path: string) => string,
): string {
  const lines = [`conformance on ${report.target} (seed ${report.seed})`, ''];
  lines.push(`${pad('rule', 5)} ${pad('statement', 70)} ${pad('runs', 5)} ${pad('result', 8)} time`);
  for (const r of report.results) {
    lines.push(
      `${pad(r.id, 5)} ${pad(r.statement, 70)} ${pad(String(r.runs), 5)} ${pad(r.outcome, 8)} ${(r.durationMs / 1000).toFixed(1)}s`,
    );
  }
  for (const r of report.results) {
    if (r.outcome === 'skipped') lines.push('', `${r.id} skipped: ${r.reason}`);
    if (r.outcome === 'failed' || r.outcome === 'error') {
      lines.push('', `${r.id} ${r.outcome}:`, `  ${r.counterexample ?? r.error}`);
      if (r.seed !== undefined && r.path) lines.push(`  replay: ${replay(r.id, r.seed, r.path)}`);
    }
  }
  const s = report.summary;
  lines.push(
    '',
    `${s.passed} passed, ${s.failed} failed, ${s.error} errors, ${s.skipped} skipped in ${(report.durationMs / 1000).toFixed(1)}s`,
  );
  return lines.join('\n');
}
