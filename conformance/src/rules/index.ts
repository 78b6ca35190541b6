// The catalogue: one property per restore rule, in rule order.
import { r01 } from './r01-scope-modes.ts';
import { r02 } from './r02-object-kinds.ts';
import { r03 } from './r03-point-in-time.ts';
import { r04 } from './r04-summary-then-confirm.ts';
import { r05 } from './r05-metafiles.ts';
import { r06 } from './r06-new-ids.ts';
import { r06Overlap } from './r06-overlapping-restores.ts';
import { r07 } from './r07-exists-same-id.ts';
import { r08 } from './r08-mandatory-parent.ts';
import { r09 } from './r09-mandatory-cycle.ts';
import { r10 } from './r10-status-picklists.ts';
import { r11 } from './r11-record-types.ts';
import { r12 } from './r12-file-folders.ts';
import { r13 } from './r13-attachment-metadata.ts';
import { r14 } from './r14-files-follow-records.ts';
import { r15 } from './r15-file-owner-creator.ts';
import { r16 } from './r16-file-latest-only.ts';
import { r17 } from './r17-file-permissions.ts';
import { r18 } from './r18-file-modtime.ts';
import { r19 } from './r19-file-exists.ts';
import type { Rule } from './rule.ts';

// biome-ignore lint/suspicious/noExplicitAny: each rule has its own input type
export const CATALOGUE: ReadonlyArray<Rule<any>> = [
  r01,
  r02,
  r03,
  r04,
  r05,
  r06,
  r06Overlap,
  r07,
  r08,
  r09,
  r10,
  r11,
  r12,
  r13,
  r14,
  r15,
  r16,
  r17,
  r18,
  r19,
];

export { demand, type Rule, RuleViolation } from './rule.ts';

/**
 * About what one run of each rule's property costs on the `mock` target, in ms of one core (the 100-run
 * bench's time per run on a session, four sessions sharing two cores: docs/benchmarks.md). Only the
 * order matters: rules that run side by side start with the heaviest, so the rules still running when
 * the queue empties are short ones and no session waits long for the last rule of another.
 */
export const RUN_COST_MS: Readonly<Record<string, number>> = {
  R01: 14,
  R02: 4,
  R03: 27,
  R04: 40,
  R05: 44,
  R06: 28,
  R07: 11,
  R08: 68,
  R09: 55,
  R10: 30,
  R11: 17,
  R12: 8,
  R13: 27,
  R14: 70,
  R15: 27,
  R16: 23,
  R17: 22,
  R18: 22,
  R19: 23,
};

/** Rules heaviest first (by RUN_COST_MS; unknown rules count as average), ties in catalogue order. */
export function heaviestFirst<T extends { id: string }>(rules: readonly T[]): T[] {
  const cost = (id: string) => RUN_COST_MS[id] ?? 30;
  return [...rules].sort((a, b) => cost(b.id) - cost(a.id));
}
