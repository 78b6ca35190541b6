// Benchmark of the rule developer's loop, for `pnpm bench watch` (issue 19 point 3): `conformance
// --watch --rules R07 --runs 5` on mock, a file saved, the rule's result printed. A file is written
// into a watched folder that no run loads, as saving a rule's own file is for the warm process (it
// loads the rules only when told to run). Measured from the write to the end of the run, the watch's
// 300 ms debounce included; the first (cold) run is reported beside it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchMeasure, BenchSuite } from '../../scripts/bench-types.ts';
import { watchConformance } from '../src/watch.ts';

const EDITS = Number(process.env.BENCH_WATCH_EDITS ?? 5);
const PAUSE_MS = 4000; // a developer's edit takes longer than the warm process's set-up

const suite: BenchSuite = {
  name: 'conformance --watch edit-check loop',
  async run(log) {
    const folder = mkdtempSync(join(tmpdir(), 'bench-watch-'));
    const controller = new AbortController();
    const loops: number[] = [];
    let first = 0;
    let wroteAt = 0;
    let edits = 0;
    const startedAt = performance.now();
    const warmFlags: boolean[] = [];
    try {
      const done = watchConformance({
        runOptions: { target: 'mock', rules: 'R07', runs: 5, seed: 1 },
        print: () => {},
        signal: controller.signal,
        folders: [folder],
        onRun: (code, warm) => {
          const now = performance.now();
          if (code !== 0) log(`run exited ${code}`);
          warmFlags.push(warm);
          if (edits === 0) first = now - startedAt;
          else loops.push(now - wroteAt);
          if (edits === EDITS) {
            controller.abort();
            return;
          }
          setTimeout(() => {
            edits++;
            wroteAt = performance.now();
            writeFileSync(join(folder, 'r07-edited.ts'), `// edit ${edits}\n`);
          }, PAUSE_MS);
        },
      });
      await done;
    } finally {
      controller.abort();
      rmSync(folder, { recursive: true, force: true });
    }
    const sorted = [...loops].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const worst = sorted.at(-1) ?? 0;
    log(
      `first (cold) run ${(first / 1000).toFixed(2)} s; each edit → result: ${loops.map((l) => (l / 1000).toFixed(2)).join(', ')} s`,
    );
    log(`warm runs: ${warmFlags.slice(1).filter(Boolean).length} of ${loops.length}`);
    const measures: BenchMeasure[] = [
      { name: 'first run (cold), R07 at 5 runs on mock', value: first / 1000, unit: 's' },
      {
        name: `edit → result, R07 at 5 runs on mock (median of ${loops.length})`,
        value: median / 1000,
        unit: 's',
        target: '< 2 s',
        met: median < 2000,
      },
      { name: 'edit → result, worst', value: worst / 1000, unit: 's', target: '< 2 s', met: worst < 2000 },
    ];
    return measures;
  },
};
export default suite;
