// `pnpm bench [filter...]`: runs every `bench/*.bench.ts` module of the workspace in this one process
// and prints what each measured, with ratios against the baselines measured in the same run.
// Benchmarks are not tests: they report numbers and targets, and exit 0 unless one of them crashes.
import { glob, mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchMeasure, BenchSuite } from './bench-types.ts';

const root = join(import.meta.dirname, '..');
const filters = process.argv.slice(2);
const files: string[] = [];
for await (const f of glob(
  [
    'packages/*/bench/*.bench.ts',
    'services/*/bench/*.bench.ts',
    'apps/*/bench/*.bench.ts',
    'mock-salesforce/bench/*.bench.ts',
    'conformance/bench/*.bench.ts',
  ],
  { cwd: root },
)) {
  if (filters.length === 0 || filters.some((x) => f.includes(x))) files.push(f);
}
files.sort();
if (files.length === 0) {
  console.log('no benchmarks matched');
  process.exit(0);
}

const all: Array<{ suite: string; file: string; measures: BenchMeasure[] }> = [];
let crashed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(root, file)).href)) as { default: BenchSuite };
  const suite = mod.default;
  console.log(`\n## ${suite.name} (${relative(root, join(root, file))})`);
  try {
    const measures = await suite.run((line) => console.log(`  ${line}`));
    all.push({ suite: suite.name, file, measures });
    for (const m of measures) {
      const ratio = m.ratio === undefined ? '' : `  ratio ${m.ratio.toFixed(3)} vs ${m.baseline}`;
      const target = m.target ? `  target ${m.target}: ${m.met ? 'met' : 'NOT met'}` : '';
      console.log(`  ${m.name}: ${formatNumber(m.value)} ${m.unit}${ratio}${target}`);
    }
  } catch (error) {
    crashed = true;
    console.log(`  crashed: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

await mkdir(join(root, 'reports'), { recursive: true });
await writeFile(
  join(root, 'reports', 'bench.json'),
  JSON.stringify({ at: new Date().toISOString(), node: process.version, results: all }, null, 2),
);
console.log('\nwritten: reports/bench.json');
process.exit(crashed ? 1 : 0);

function formatNumber(n: number): string {
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(3);
}
