// JUnit XML that CI systems read: one testsuite per target, one testcase per rule.
import type { ConformanceReport } from '../run.ts';

const esc = (text: string) =>
  text
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function formatJunit(report: ConformanceReport): string {
  const s = report.summary;
  const cases = report.results.map((r) => {
    const open = `    <testcase classname="conformance.${esc(report.target)}" name="${esc(`${r.id} ${r.slug}`)}" time="${(r.durationMs / 1000).toFixed(3)}">`;
    // Every failure carries the shrunk counterexample and the command that replays it exactly.
    const detail = [r.counterexample, r.replay ? `replay: ${r.replay}` : `seed ${r.seed} path ${r.path}`]
      .filter(Boolean)
      .join('\n');
    const body =
      r.outcome === 'skipped'
        ? `      <skipped message="${esc(r.reason ?? '')}"/>`
        : r.outcome === 'failed'
          ? `      <failure message="${esc(r.error ?? '')}" type="RuleViolation">${esc(detail)}</failure>`
          : r.outcome === 'error'
            ? `      <error message="${esc(r.error ?? '')}" type="Error">${esc(detail)}</error>`
            : '';
    return [open, body, '    </testcase>'].filter(Boolean).join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="restorelab conformance" tests="${report.results.length}" failures="${s.failed}" errors="${s.error}" skipped="${s.skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${esc(report.target)}" tests="${report.results.length}" failures="${s.failed}" errors="${s.error}" skipped="${s.skipped}" timestamp="${report.startedAt}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `    <properties>${properties(report)}</properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function properties(report: ConformanceReport): string {
  const { runs, rules, path, engine } = report.settings;
  const entries: Array<[string, string]> = [
    ['seed', String(report.seed)],
    ['runs', String(runs)],
    ['rules', rules.length > 0 ? rules.join(',') : 'all'],
    ...(path ? ([['path', path]] as Array<[string, string]>) : []),
    ...(engine ? ([['engine', engine]] as Array<[string, string]>) : []),
  ];
  return entries.map(([name, value]) => `<property name="${esc(name)}" value="${esc(value)}"/>`).join('');
}
