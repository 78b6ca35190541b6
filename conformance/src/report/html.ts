// A self-contained HTML page a person can open: what was run (target, engine, runs, rules, seed),
// the totals and duration, the table, and for each failure its counterexample and the command that
// replays it, with a button that copies that command.
import type { ConformanceReport, RuleResult } from '../run.ts';
import { plural } from './words.ts';

const esc = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function detail(r: RuleResult): string {
  if (r.outcome === 'passed') return '';
  const text = r.outcome === 'skipped' ? (r.reason ?? '') : [r.counterexample, r.error].filter(Boolean).join('\n');
  const replay = r.replay
    ? `<p class="replay"><code>${esc(r.replay)}</code> <button type="button" data-copy="${esc(r.replay)}">copy</button></p>`
    : '';
  return `<tr class="detail"><td></td><td colspan="4"><pre>${esc(text)}</pre>${replay}</td></tr>`;
}

export function formatHtml(report: ConformanceReport): string {
  const rows = report.results
    .map(
      (r) =>
        `<tr class="${r.outcome}"><td>${r.id}</td><td>${esc(r.statement)}</td><td>${r.runs}</td><td>${r.outcome}</td><td>${seconds(r.durationMs)}</td></tr>${detail(r)}`,
    )
    .join('\n');
  const s = report.summary;
  const { runs, rules, path, engine } = report.settings;
  const facts: Array<[string, string]> = [
    ['target', report.target],
    ['engine', engine ?? 'in-process'],
    ['rules', rules.length > 0 ? rules.join(', ') : 'all (R01-R19)'],
    ['runs per rule', String(runs)],
    ['seed', String(report.seed)],
    ...(path ? ([['path', path]] as Array<[string, string]>) : []),
    ['started', report.startedAt],
    ['duration', seconds(report.durationMs)],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>restorelab conformance: ${esc(report.target)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:bold}dd{margin:0}
.totals span{margin-right:1rem}.totals .failed,.totals .error{color:#b00020;font-weight:bold}
.passed td:nth-child(4){color:#176f2c}.failed td:nth-child(4),.error td:nth-child(4){color:#b00020;font-weight:bold}.skipped td:nth-child(4){color:#8a6d00}pre{white-space:pre-wrap;margin:0}
.replay code{background:#f4f4f4;padding:.1rem .3rem}</style>
</head><body>
<h1>Conformance on ${esc(report.target)}</h1>
<p class="totals"><span class="passed">${s.passed} passed</span><span class="failed">${s.failed} failed</span><span class="error">${plural(s.error, 'error')}</span><span class="skipped">${s.skipped} skipped</span>of ${plural(report.results.length, 'rule')} in ${seconds(report.durationMs)}</p>
<dl>
${facts.map(([name, value]) => `<dt>${esc(name)}</dt><dd>${esc(value)}</dd>`).join('\n')}
</dl>
<table><thead><tr><th>rule</th><th>statement</th><th>runs</th><th>result</th><th>time</th></tr></thead><tbody>
${rows}
</tbody></table>
<script>
for (const button of document.querySelectorAll('button[data-copy]'))
  button.addEventListener('click', () => navigator.clipboard.writeText(button.dataset.copy).then(() => { button.textContent = 'copied'; }));
</script>
</body></html>
`;
}
