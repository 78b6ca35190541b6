// What a rule of the catalogue is: its id, a one-line statement, and a fast-check property over a
// target session. A property run throws RuleViolation when the org does not look as the rule says.
import fc from 'fast-check';
import { EngineError } from '../engine.ts';
import { type AttachmentSpec, attachmentsArb } from '../generators/attachments.ts';
import {
  type AttachmentChange,
  type ChangeSpec,
  changesArb,
  type FileChange,
  type RecordChange,
} from '../generators/changes.ts';
import { filesArb } from '../generators/files.ts';
import { type HierarchyOptions, hierarchyArb, hierarchyKeys } from '../generators/hierarchy.ts';
import { requestArb, type SnapshotChoice } from '../generators/requests.ts';
import type { LiveRow, LiveWorld, World } from '../org/world.ts';
import { describeScenario, type Outcome, type RunScenarioOptions, runScenario, type Scenario } from '../scenario.ts';
import type { TargetSession } from '../targets/target.ts';

export type RuleId = `R${'0' | '1'}${number}`;

export interface Rule<T = Scenario> {
  id: string;
  slug: string;
  statement: string;
  /** Set when the property needs control only a mock org gives (e.g. its clock). */
  requiresMock?: string;
  arbitrary: fc.Arbitrary<T>;
  /** Inputs always tried first, on every run: regressions the random search could miss at few runs. */
  examples?: readonly T[];
  describe(input: T): string;
  run(session: TargetSession, input: T): Promise<void>;
}

export class RuleViolation extends Error {
  override readonly name = 'RuleViolation';
  readonly code = 'RULE_VIOLATED';
  readonly rule: string;
  constructor(rule: string, message: string) {
    super(`${rule}: ${message}`);
    this.rule = rule;
  }
}

export function demand(rule: string, condition: unknown, message: string): asserts condition {
  if (!condition) throw new RuleViolation(rule, message);
}

export interface ScenarioOptions {
  hierarchy?: HierarchyOptions;
  maxFiles?: number;
  maxAttachments?: number;
  records?: readonly RecordChange[];
  files?: readonly FileChange[];
  /** Changes the attachments may get (default: none, every attachment left as is). */
  attachmentChanges?: readonly AttachmentChange[];
  /** Roots to restore from: 'top' (the hierarchy's top record), or any logical key. */
  roots?: 'top' | 'any' | 'prog';
  method?: 'record' | 'related';
  snapshot?: SnapshotChoice;
  secondSnapshot?: boolean;
  sameTime?: boolean;
  /** Restore a second time after the first job (default: never); `'maybe'` lets the search choose. */
  repeat?: boolean | 'maybe';
  /** Changes to force on some keys (after generation). */
  force?: (keys: string[]) => Partial<Record<string, RecordChange>>;
}

export function scenarioArb(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  return hierarchyArb(options.hierarchy).chain((hierarchy) => {
    const keys = hierarchyKeys(hierarchy).map((k) => k.key);
    const top = keys[0] as string;
    const roots = options.roots === 'any' ? keys : options.roots === 'prog' ? ['prog'] : [top];
    const attachments = attachmentsArb(keys, options.maxAttachments ?? 0);
    // Only rules that change attachments pay for (and shrink through) the chain to their changes.
    const attached: fc.Arbitrary<{ specs: AttachmentSpec[]; changes?: AttachmentChange[] }> = options.attachmentChanges
      ? attachments.chain((specs) =>
          fc
            .array(fc.constantFrom(...(options.attachmentChanges ?? [])), {
              minLength: specs.length,
              maxLength: specs.length,
            })
            .map((changes) => ({ specs, changes })),
        )
      : attachments.map((specs) => ({ specs }));
    return filesArb(keys, options.maxFiles ?? 0).chain((files) =>
      fc
        .record({
          attached,
          world: fc.record({
            hierarchy: fc.constant(hierarchy),
            files: fc.constant(files),
          }),
          secondSnapshot: options.secondSnapshot === undefined ? fc.boolean() : fc.constant(options.secondSnapshot),
          changes: changesArb(keys, files.length, {
            ...(options.records ? { records: options.records } : {}),
            ...(options.files ? { files: options.files } : {}),
          }).map(
            (c): ChangeSpec => ({
              ...c,
              records: { ...c.records, ...(options.force?.(keys) ?? {}) } as Record<string, RecordChange>,
            }),
          ),
          sameTime: options.sameTime === undefined ? fc.constant(false) : fc.constant(options.sameTime),
          repeat: options.repeat === 'maybe' ? fc.boolean() : fc.constant(options.repeat ?? false),
          request: requestArb(roots, {
            ...(options.method ? { method: options.method } : {}),
            ...(options.snapshot ? { snapshot: options.snapshot } : {}),
          }),
        })
        .map(
          ({ attached: a, world, changes, ...rest }): Scenario => ({
            ...rest,
            world: { ...world, attachments: a.specs },
            changes: a.changes ? { ...changes, attachments: a.changes } : changes,
          }),
        ),
    );
  });
}

/** A rule whose property is one scenario run and a check of its outcome. */
export function scenarioRule(
  base: Omit<Rule, 'arbitrary' | 'describe' | 'run'>,
  arbitrary: fc.Arbitrary<Scenario>,
  check: (outcome: Outcome, scenario: Scenario) => void,
  options: RunScenarioOptions = {},
): Rule {
  return {
    ...base,
    arbitrary,
    describe: describeScenario,
    run: (session, scenario) =>
      runScenario(session, scenario, (outcome) => check(outcome, scenario), options).catch((error: unknown) => {
        // A confirmed restore always makes a job that ends; one that never does (a message lost on the
        // way) leaves the rule's writes undone: a finding about the engine, not a broken harness.
        if (error instanceof EngineError && error.code === 'JOB_TIMEOUT') {
          throw new RuleViolation(base.id, `the restore's job never finished (${error.message})`);
        }
        throw error;
      }),
  };
}

// ---- reading outcomes ----

export function only(world: LiveWorld, key: string): LiveRow | undefined {
  return world.rows.get(key)?.[0];
}

/** Keys beneath `root` in the hierarchy (children, grandchildren, ...). */
export function descendantsOf(world: World, root: string): string[] {
  // Beneath a record is every record whose links lead up to it (R01): the hierarchy's parent links,
  // and the optional loop link a programme's lead stage adds (the programme points at stage0, so it
  // and everything beneath it sit beneath stage0 too).
  const links: Array<[from: string, to: string]> = Object.entries(world.parents).flatMap(([child, parent]) =>
    parent ? [[child, parent] as [string, string]] : [],
  );
  if (world.spec.hierarchy.leadStage && world.ids.stage0 && world.ids.prog) links.push(['prog', 'stage0']);
  const seen = new Set([root]);
  const out: string[] = [];
  const walk = (key: string) => {
    for (const [from, to] of links) {
      if (to === key && !seen.has(from)) {
        seen.add(from);
        out.push(from);
        walk(from);
      }
    }
  };
  walk(root);
  return out;
}

/** Keys the request selects (R01). */
export function scopeOf(outcome: Outcome, scenario: Scenario): string[] {
  const root = scenario.request.root;
  return scenario.request.method === 'related' ? [root, ...descendantsOf(outcome.world, root)] : [root];
}

/** Keys whose record was gone before the restore. */
export function goneBefore(outcome: Outcome, key: string): boolean {
  return !seenBefore(outcome).rows.has(key);
}

/** The org as read before the restore; a rule that reads it must not run with `observeBefore: false`. */
export function seenBefore(outcome: Outcome): LiveWorld {
  if (!outcome.before) throw new Error('this rule reads the org before the restore but ran with observeBefore: false');
  return outcome.before;
}
