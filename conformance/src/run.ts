// runConformance: the catalogue as a function of a target. Every selected rule runs its property
// on one session of the target; a target that cannot run, or a rule that is skipped, is reported
// as skipped with its reason — never as passed.
import fc from 'fast-check';
import type { EngineFaults } from './engines/faults.ts';
import { CATALOGUE, type Rule } from './rules/index.ts';
import type { ConformanceTarget } from './targets/target.ts';

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
}

export interface ConformanceReport {
  target: string;
  startedAt: string;
  durationMs: number;
  seed: number;
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
  const runs = options.runs ?? DEFAULT_RUNS;
  const results: RuleResult[] = [];
  const push = (result: RuleResult) => {
    results.push(result);
    options.onRule?.(result);
  };
  const base = (rule: Rule<unknown>) => ({ id: rule.id, slug: rule.slug, statement: rule.statement });

  if (options.target.unavailable) {
    for (const rule of rules)
      push({ ...base(rule), outcome: 'skipped', runs: 0, durationMs: 0, reason: options.target.unavailable });
    return finish(options.target.name, started, seed, results);
  }
  const session = await options.target.open(options.faults ? { faults: options.faults } : {});
  try {
    for (const rule of rules) {
      const skip = options.skip?.find((s) => s.rule === rule.id);
      if (skip) {
        push({ ...base(rule), outcome: 'skipped', runs: 0, durationMs: 0, reason: skip.reason });
        continue;
      }
      if (rule.requiresMock && !session.mock) {
        push({ ...base(rule), outcome: 'skipped', runs: 0, durationMs: 0, reason: rule.requiresMock });
        continue;
      }
      const t0 = Date.now();
      const details = await fc.check(
        fc.asyncProperty(rule.arbitrary, (input) => rule.run(session, input)),
        {
          numRuns: runs,
          seed,
          ...(rule.examples && !options.path ? { examples: rule.examples.map((e) => [e] as [unknown]) } : {}),
          ...(options.path ? { path: options.path } : {}),
          ...(options.shrink === false ? { endOnFailure: true } : {}),
        },
      );
      const durationMs = Date.now() - t0;
      if (!details.failed) {
        push({ ...base(rule), outcome: 'passed', runs: details.numRuns, durationMs, seed });
        continue;
      }
      const counterexample = details.counterexample?.[0];
      const error =
        details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      push({
        ...base(rule),
        outcome:
          details.errorInstance && (details.errorInstance as Error).name === 'RuleViolation' ? 'failed' : 'error',
        runs: details.numRuns,
        durationMs,
        seed: details.seed,
        path: details.counterexamplePath ?? undefined,
        ...(counterexample !== undefined ? { counterexample: `${rule.describe(counterexample)}\n  → ${error}` } : {}),
        error,
      } as RuleResult);
    }
  } finally {
    await session.close();
  }
  return finish(options.target.name, started, seed, results);
}

function finish(target: string, started: number, seed: number, results: RuleResult[]): ConformanceReport {
  const count = (o: RuleOutcome) => results.filter((r) => r.outcome === o).length;
  return {
    target,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    seed,
    results,
    summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), error: count('error') },
  };
}
