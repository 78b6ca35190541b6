// `restorelab conformance`: options in, report files written, table printed, exit code out.
// 0 every selected rule passed; 1 a rule failed or errored; 3 something was skipped (unless --allow-skips).
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { targetOf } from './command-target.ts';
import { formatConsole, formatHtml, formatJson, formatJunit } from './report/index.ts';
import { plural } from './report/words.ts';
import { CATALOGUE } from './rules/index.ts';
import { type ConformanceReport, DEFAULT_RUNS, runConformance } from './run.ts';
import type { ConformanceTarget } from './targets/target.ts';
import { watchConformance } from './watch.ts';

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_SKIPPED = 3;

export interface ConformanceCommandOptions {
  target?: 'mock' | 'stack' | 'org';
  rules?: string | readonly string[];
  runs?: number;
  seed?: number;
  path?: string;
  /** `junit:FILE`, `html:FILE`, `json:FILE`. */
  report?: readonly string[];
  engine?: string;
  engineToken?: string;
  allowSkips?: boolean;
  print?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Re-run the selected rules whenever files under the workspace's src/ folders change (each run in a fresh process). */
  watch?: boolean;
  /** Stops `watch` (default: Ctrl-C). */
  signal?: AbortSignal;
  /** Rules run at once on worker threads (mock and embedded stack only); default: see `defaultWorkers`. */
  workers?: number;
  /** Rules each thread runs at once, each on its own session (mock and stack only); default: see `defaultLanes`. */
  lanes?: number;
  /** A line per rule as it finishes (the table comes at the end). */
  progress?: (line: string) => void;
  /** Width of the terminal the table is printed on; absent (a file, a CI log): statements in full. */
  columns?: number;
}

/**
 * The command that replays one failure exactly: same target, same engine, the rule, seed and path.
 * The engine's token is never written out (reports and CI logs are read by many): the replay reads
 * it from PLANNER_TOKEN, which is where the command looks when --engine-token is not given.
 */
export function replayCommand(
  options: Pick<ConformanceCommandOptions, 'engine' | 'engineToken'>,
  target: string,
  rule: string,
  seed: number,
  path: string,
): string {
  const engine = options.engine ? ` --engine ${shellWord(options.engine)}` : '';
  const token = options.engine && options.engineToken ? ' --engine-token "$PLANNER_TOKEN"' : '';
  return `pnpm exec restorelab conformance --target ${target}${engine}${token} --rules ${rule} --seed ${seed} --path ${path}`;
}

/** A value as one shell word: as it is when plainly safe, else single-quoted. */
const shellWord = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);

/** One worker per core, at most four: each brings its own org, NATS server and services. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

/**
 * Two sessions per thread. One session's runs wait about a fifth of their time (NATS, the planner's
 * HTTP, jsforce's timer before each request with a body); a second session fills those waits. On
 * two cores a third cost more CPU than it saved (docs/benchmarks.md).
 */
export function defaultLanes(): number {
  return 2;
}

/**
 * Runs the suite as the CLI does and returns the exit code. `prepared`: the target to use instead of
 * the one the options name (a warm `--watch` runner's, whose sessions are already open).
 */
export async function runConformanceCommand(
  options: ConformanceCommandOptions,
  prepared?: ConformanceTarget,
): Promise<number> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (options.watch) {
    const { print: _p, env, signal, watch: _w, ...runOptions } = options;
    return watchConformance({ runOptions, print, ...(signal ? { signal } : {}), ...(env ? { env } : {}) });
  }
  const rules = typeof options.rules === 'string' ? options.rules.split(',').filter(Boolean) : options.rules;
  const target = prepared ?? targetOf(options);
  // Said at once: the first rule's result comes only after the sessions are up (several seconds).
  const count = rules?.length ?? CATALOGUE.length;
  const spread = options.path ? 1 : Math.min(options.workers ?? defaultWorkers(), count);
  options.progress?.(
    `running ${plural(count, 'rule')} on ${target.name}, ${plural(options.runs ?? DEFAULT_RUNS, 'run')} each${target.spec && spread > 1 ? ` (${spread} worker threads)` : ''}: starting the org and services`,
  );
  const ran = await runConformance({
    target,
    ...(rules ? { rules } : {}),
    ...(options.runs ? { runs: options.runs } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.path ? { path: options.path } : {}),
    // A replay is one rule on one seed and path: no point in spreading it.
    workers: options.path ? 1 : (options.workers ?? defaultWorkers()),
    lanes: options.path ? 1 : (options.lanes ?? defaultLanes()),
    onRule: (r) =>
      options.progress?.(`${r.id} ${r.outcome} (${plural(r.runs, 'run')}, ${(r.durationMs / 1000).toFixed(1)} s)`),
  });
  const report: ConformanceReport = {
    ...ran,
    settings: { ...ran.settings, engine: options.engine ?? 'in-process (planner, record-writer, file-writer)' },
    results: ran.results.map((r) =>
      r.seed !== undefined && r.path && (r.outcome === 'failed' || r.outcome === 'error')
        ? { ...r, replay: replayCommand(options, target.name, r.id, r.seed, r.path) }
        : r,
    ),
  };
  print(formatConsole(report, options.columns !== undefined ? { columns: options.columns } : {}));
  for (const spec of options.report ?? []) {
    const [kind, ...rest] = spec.split(':');
    const file = rest.join(':');
    const text =
      kind === 'junit'
        ? formatJunit(report)
        : kind === 'html'
          ? formatHtml(report)
          : kind === 'json'
            ? formatJson(report)
            : undefined;
    if (!text || !file) throw new Error(`--report ${spec}: expected junit:FILE, html:FILE or json:FILE`);
    writeFileSync(file, text);
  }
  const s = report.summary;
  if (s.failed > 0 || s.error > 0) return EXIT_FAILED;
  if (s.skipped > 0 && !options.allowSkips) return EXIT_SKIPPED;
  return EXIT_PASSED;
}
