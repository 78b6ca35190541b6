// Fault injection for tests: per path pattern, add latency, fail a share of calls with a chosen
// error, or fail every call after the Nth. Randomness comes from a seeded PRNG so a failing run
// replays exactly.
import { z } from 'zod';
import { SalesforceApiError } from '../errors.ts';
import { compileGlob, type WildcardPattern } from '../match/wildcard.ts';

/**
 * NOT_FOUND answers 404 as an org does for a resource it does not serve (an API version without
 * Composite Graph, say): how a client's fallback is tested.
 */
export const FaultErrorSchema = z.enum([
  'REQUEST_LIMIT_EXCEEDED',
  'SERVER_UNAVAILABLE',
  'UNABLE_TO_LOCK_ROW',
  'NOT_FOUND',
]);
export type FaultError = z.infer<typeof FaultErrorSchema>;

/**
 * A glob over the request path: `*` any run of characters, all else literal. Regular expressions are
 * refused: a rule comes from whoever reaches the admin API, and a backtracking one (`/(a+)+$/`) stalled
 * the mock on every call.
 */
const PathGlob = z
  .string()
  .min(1)
  .max(1000)
  .refine((p) => !(p.length > 2 && p.startsWith('/') && p.endsWith('/') && /[\\^$()|+?[\]{}]/.test(p)), {
    message: 'fault paths are globs (`*` for any run of characters), not regular expressions',
  });

export const FaultRuleSchema = z.object({
  path: PathGlob,
  /** Paths the rule leaves alone although `path` matches them (a glob too). */
  notPath: PathGlob.optional(),
  method: z.string().optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  error: FaultErrorSchema.default('SERVER_UNAVAILABLE'),
  /** Every matching call after this many succeeds fails with `error`. */
  failAfter: z.number().int().min(0).optional(),
});
export type FaultRule = z.infer<typeof FaultRuleSchema>;

export const FaultPlanSchema = z.object({ seed: z.number().int().default(1), rules: z.array(FaultRuleSchema) });
export type FaultPlan = z.input<typeof FaultPlanSchema>;

/** mulberry32: small, fast, good enough for reproducible fault choices. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function faultError(kind: FaultError, path: string): SalesforceApiError {
  if (kind === 'REQUEST_LIMIT_EXCEEDED') {
    return new SalesforceApiError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', { status: 403 });
  }
  if (kind === 'NOT_FOUND') {
    return new SalesforceApiError('NOT_FOUND', 'The requested resource does not exist', { status: 404 });
  }
  if (kind === 'UNABLE_TO_LOCK_ROW') {
    return new SalesforceApiError(
      'UNABLE_TO_LOCK_ROW',
      'unable to obtain exclusive access to this record or 1 records',
      {
        status: 400,
      },
    );
  }
  return new SalesforceApiError('SERVER_UNAVAILABLE', `Service temporarily unavailable: ${path}`, { status: 503 });
}

export interface FaultDecision {
  latencyMs: number;
  error?: SalesforceApiError;
}

export class FaultInjector {
  #rules: Array<{ rule: FaultRule; matcher: WildcardPattern; except: WildcardPattern | undefined; calls: number }> = [];
  #random: () => number = prng(1);

  configure(plan: FaultPlan): void {
    const parsed = FaultPlanSchema.parse(plan);
    this.#random = prng(parsed.seed);
    this.#rules = parsed.rules.map((rule) => ({
      rule,
      matcher: compileGlob(rule.path),
      except: rule.notPath === undefined ? undefined : compileGlob(rule.notPath),
      calls: 0,
    }));
  }

  clear(): void {
    this.#rules = [];
  }

  get active(): boolean {
    return this.#rules.length > 0;
  }

  /** What to do to this call: latency to add and, maybe, the error to answer with. */
  decide(method: string, path: string): FaultDecision {
    let latencyMs = 0;
    let error: SalesforceApiError | undefined;
    for (const entry of this.#rules) {
      const { rule } = entry;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!entry.matcher.test(path) || entry.except?.test(path)) continue;
      entry.calls++;
      latencyMs += rule.latencyMs ?? 0;
      if (error) continue;
      if (rule.failAfter !== undefined && entry.calls > rule.failAfter) error = faultError(rule.error, path);
      else if (rule.errorRate !== undefined && this.#random() < rule.errorRate) error = faultError(rule.error, path);
    }
    return error ? { latencyMs, error } : { latencyMs };
  }
}
