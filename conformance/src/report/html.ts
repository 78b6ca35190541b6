// A self-contained HTML page a person can open: the table, and each failure's counterexample.
import type { ConformanceReport } from '../run.ts';

const esc = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);

export function formatHtml(report: ConformanceReport): string {
  const rows = report.results
    .map(
      (r) =>
        `<tr class="${r.outcome}"><td>${r.id}</td><td>${esc(r.statement)}</td><td>${r.runs}</td><td>${r.outcome}</td><td>${(r.durationMs / 1000).toFixed(1)}s</td></tr>` +
        (r.outcome === 'passed'
          ? ''
          : `<tr class="detail"><td></td><td colspan="4"><pre>${esc(r.counterexample ?? r.error ?? r.reason ?? '')}${r.path ? `\nseed ${r.seed} path ${r.path}` : ''}</pre></td></tr>`),
    )
    .join('\n');
  const s = report.summary;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>restorelab conformance: ${esc(report.target)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.passed td:nth-child(4){color:#176f2c}.failed td:nth-child(4),.error td:nth-child(4){color:#b00020;font-weight:bold}.skipped td:nth-child(4){color:#8a6d00}pre{white-space:pre-wrap;margin:0}</style>
</head><body>
<h1>Conformance on ${esc(report.target)}</h1>
<p>${s.passed} passed, ${s.failed} failed, ${s.error} errors, ${s.skipped} skipped; seed ${report.seed}; started ${report.startedAt}.</p>
<table><thead><tr><th>rule</th><th>statement</th><th>runs</th><th>result</th><th>time</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
