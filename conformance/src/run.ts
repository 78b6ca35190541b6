// runConformance: the catalogue as a function of a target. Every selected rule runs its property
// on one session of the target; a target that cannot run, or a rule that is skipped, is reported
// as skipped with its reason — never as passed.
import fc from 'fast-check';
import type { EngineFaults } from './engines/faults.ts';
import { CATALOGUE, heaviestFirst, type Rule } from './rules/index.ts';
import type { ConformanceTarget, TargetSession } from './targets/target.ts';
import { runInWorkers } from './workers.ts';

export interface RuleSkip {
  rule: string;
  reason: string;
}

export interface RunOptions {
  target: ConformanceTarget;
  /** Rule ids (R07, ...); default the whole catalogue. */
  rules?: readonly string[];
  runs?: number;
  seed?: number;
  /** Replay path of a counterexample (with its seed; a single rule). */
  path?: string;
  skip?: readonly RuleSkip[];
  /** Suite power: break the engine on purpose. */
  faults?: EngineFaults;
  /** Shrink a failure to a small counterexample (default true; suite power only needs to know it failed). */
  shrink?: boolean;
  /**
   * Rules run at once, each worker thread with its own session of the target (default 1). Only
   * targets that can be opened again from plain data (`target.spec`: mock, stack) spread out;
   * the others, and suite power, run one rule after another.
   */
  workers?: number;
  /**
   * Property runs at once in each thread, each on a session of its own (default 1; mock and stack
   * only, like `workers`). A session's runs spend about a fifth of their time waiting (on NATS, on
   * the planner's HTTP, on jsforce's timer before each request with a body); other sessions' runs
   * use those waits.
   */
  lanes?: number;
  onRule?: (result: RuleResult) => void;
}

export type RuleOutcome = 'passed' | 'failed' | 'skipped' | 'error';

export interface RuleResult {
  id: string;
  slug: string;
  statement: string;
  outcome: RuleOutcome;
  runs: number;
  durationMs: number;
  reason?: string;
  seed?: number;
  path?: string;
  /** The shrunk counterexample in words. */
  counterexample?: string;
  error?: string;
  /** The command that replays this failure exactly (set by the command, which knows target and engine). */
  replay?: string;
}

/** What was asked for, so that a report read later says what it covers. */
export interface ReportSettings {
  /** Generated cases asked for per rule. */
  runs: number;
  /** The rules asked for; empty: the whole catalogue. */
  rules: string[];
  path?: string;
  /** The engine checked: a planner API URL, or the in-process one. */
  engine?: string;
}

export interface ConformanceReport {
  target: string;
  startedAt: string;
  durationMs: number;
  seed: number;
  settings: ReportSettings;
  results: RuleResult[];
  summary: { passed: number; failed: number; skipped: number; error: number };
}

export const DEFAULT_RUNS = 5;

export function selectRules(ids?: readonly string[]): Array<Rule<unknown>> {
  if (!ids || ids.length === 0) return [...CATALOGUE];
  const wanted = new Set(ids.map((id) => id.trim().toUpperCase()));
  const unknown = [...wanted].filter((id) => !CATALOGUE.some((r) => r.id === id));
  if (unknown.length > 0) throw new Error(`unknown rule(s): ${unknown.join(', ')} (the catalogue has R01-R19)`);
  return CATALOGUE.filter((r) => wanted.has(r.id));
}

/**
 * `const report = await runConformance({ target: mockTarget(), rules: ['R07'], runs: 5 })`
 */
export async function runConformance(options: RunOptions): Promise<ConformanceReport> {
  const started = Date.now();
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) >>> 0;
  const rules = selectRules(options.rules);
  const settings: ReportSettings = {
    runs: options.runs ?? DEFAULT_RUNS,
    rules: rules.length === CATALOGUE.length ? [] : rules.map((r) => r.id),
    ...(options.path ? { path: options.path } : {}),
  };
  const finish = (results: RuleResult[]) => report(options.target.name, started, seed, settings, results);
  const results: RuleResult[] = [];
  const push = (result: RuleResult) => {
    results.push(result);
    options.onRule?.(result);
  };

  if (options.target.unavailable) {
    for (const rule of rules)
      push({ ...ruleBase(rule), outcome: 'skipped', runs: 0, durationMs: 0, reason: options.target.unavailable });
    return finish(results);
  }
  const toRun: Array<Rule<unknown>> = [];
  for (const rule of rules) {
    const skip = options.skip?.find((s) => s.rule === rule.id);
    if (skip) push({ ...ruleBase(rule), outcome: 'skipped', runs: 0, durationMs: 0, reason: skip.reason });
    else toRun.push(rule);
  }
  const ruleOptions: RuleRunOptions = {
    runs: options.runs ?? DEFAULT_RUNS,
    seed,
    ...(options.path ? { path: options.path } : {}),
    ...(options.shrink === false ? { shrink: false } : {}),
  };
  const spec = options.target.spec;
  // Only targets that can be opened again from plain data run side by side; suite power runs alone.
  const spread = spec !== undefined && !options.faults;
  const workers = spread ? Math.min(options.workers ?? 1, toRun.length) : 1;
  const lanes = spread ? Math.max(1, Math.min(options.lanes ?? 1, Math.ceil(toRun.length / workers))) : 1;
  if (workers > 1 && spec) {
    const order = heaviestFirst(toRun).map((r) => r.id);
    await runInWorkers({ spec, rules: order, options: ruleOptions, workers, lanes, onResult: push });
  } else if (toRun.length > 0) {
    const open = () => options.target.open(options.faults ? { faults: options.faults } : {});
    const sessions: TargetSession[] = [];
    try {
      for (let i = 0; i < lanes; i++) sessions.push(await open());
      const queue = lanes > 1 ? heaviestFirst(toRun) : [...toRun];
      // Each session takes the next rule as soon as it is free.
      await Promise.all(
        sessions.map(async (session) => {
          for (let rule = queue.shift(); rule; rule = queue.shift()) push(await runRule(session, rule, ruleOptions));
        }),
      );
    } finally {
      for (const session of sessions) await session.close();
    }
  }
  // Workers finish rules in any order; the report keeps the catalogue's.
  const order = new Map(CATALOGUE.map((r, i) => [r.id, i]));
  results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return finish(results);
}

/** What one rule's property run needs besides the session (plain data: it crosses to worker threads). */
export interface RuleRunOptions {
  runs: number;
  seed: number;
  path?: string;
  shrink?: boolean;
}

const ruleBase = (rule: Rule<unknown>) => ({ id: rule.id, slug: rule.slug, statement: rule.statement });

/** Runs one rule's property on an open session. */
export async function runRule(
  session: TargetSession,
  rule: Rule<unknown>,
  options: RuleRunOptions,
): Promise<RuleResult> {
  if (rule.requiresMock && !session.mock) {
    return { ...ruleBase(rule), outcome: 'skipped', runs: 0, durationMs: 0, reason: rule.requiresMock };
  }
  const t0 = Date.now();
  const details = await fc.check(
    fc.asyncProperty(rule.arbitrary, (input) => rule.run(session, input)),
    {
      numRuns: options.runs,
      seed: options.seed,
      ...(rule.examples && !options.path ? { examples: rule.examples.map((e) => [e] as [unknown]) } : {}),
      ...(options.path ? { path: options.path } : {}),
      ...(options.shrink === false ? { endOnFailure: true } : {}),
    },
  );
  const durationMs = Date.now() - t0;
  if (!details.failed) {
    return { ...ruleBase(rule), outcome: 'passed', runs: details.numRuns, durationMs, seed: options.seed };
  }
  const counterexample = details.counterexample?.[0];
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return {
    ...ruleBase(rule),
    outcome: details.errorInstance && (details.errorInstance as Error).name === 'RuleViolation' ? 'failed' : 'error',
    runs: details.numRuns,
    durationMs,
    seed: details.seed,
    ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
    ...(counterexample !== undefined ? { counterexample: `${rule.describe(counterexample)}\n  → ${error}` } : {}),
    error,
  };
}

function report(
  target: string,
  started: number,
  seed: number,
  settings: ReportSettings,
  results: RuleResult[],
): ConformanceReport {
  const count = (o: RuleOutcome) => results.filter((r) => r.outcome === o).length;
  return {
    target,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    seed,
    settings,
    results,
    summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), error: count('error') },
  };
}
