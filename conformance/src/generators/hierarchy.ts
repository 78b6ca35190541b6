// Hierarchies in the fixture schema, of any shape: an optional Account with Cases, a Programme
// under it (record type, custom status), Stages (master-detail) with Steps (master-detail plus a
// required lookup to a Contact), and an optional loop back from the Programme to one of its
// Stages. Small sizes shrink first, so counterexamples come out short.
import fc from 'fast-check';

export const PROGRAMME_STATUSES = ['Planned', 'Active', 'Paused', 'Lab Hold', 'Closed'] as const;
export const CASE_STATUSES = ['New', 'Working', 'Escalated'] as const;
export type RecordTypeChoice = 'master' | 'Field' | 'Lab';

export interface StageSpec {
  steps: number;
}

export interface HierarchySpec {
  account: boolean;
  cases: Array<{ status: (typeof CASE_STATUSES)[number] }>;
  recordType: RecordTypeChoice;
  status: (typeof PROGRAMME_STATUSES)[number];
  stages: StageSpec[];
  /** Programme.Lead_Stage__c points at its first stage: an optional loop (R09). */
  leadStage: boolean;
}

/** Status values each record type allows (the fixture's record type files). */
export const STATUSES_BY_RECORD_TYPE: Record<RecordTypeChoice, readonly string[]> = {
  master: ['Planned', 'Active', 'Paused', 'Closed'],
  Field: ['Planned', 'Active', 'Paused', 'Closed'],
  Lab: ['Planned', 'Active', 'Lab Hold', 'Closed'],
};

export interface HierarchyOptions {
  maxStages?: number;
  maxSteps?: number;
  account?: boolean;
  recordType?: RecordTypeChoice;
}

export function hierarchyArb(options: HierarchyOptions = {}): fc.Arbitrary<HierarchySpec> {
  const recordType = options.recordType
    ? fc.constant(options.recordType)
    : fc.constantFrom<RecordTypeChoice>('master', 'Field', 'Lab');
  return recordType.chain((rt) =>
    fc.record({
      account: options.account === undefined ? fc.boolean() : fc.constant(options.account),
      cases: fc.array(fc.record({ status: fc.constantFrom(...CASE_STATUSES) }), { maxLength: 2 }),
      recordType: fc.constant(rt),
      status: fc.constantFrom(...(STATUSES_BY_RECORD_TYPE[rt] as (typeof PROGRAMME_STATUSES)[number][])),
      stages: fc.array(fc.record({ steps: fc.nat({ max: options.maxSteps ?? 2 }) }), {
        maxLength: options.maxStages ?? 2,
      }),
      leadStage: fc.boolean(),
    }),
  );
}

/** Logical keys of the records a hierarchy holds, parents before children. */
export function hierarchyKeys(spec: HierarchySpec): Array<{ key: string; type: string; parent?: string }> {
  const keys: Array<{ key: string; type: string; parent?: string }> = [];
  if (spec.account) keys.push({ key: 'acct', type: 'Account' });
  if (spec.account)
    for (let i = 0; i < spec.cases.length; i++) keys.push({ key: `case${i}`, type: 'Case', parent: 'acct' });
  keys.push({ key: 'prog', type: 'Programme__c', ...(spec.account ? { parent: 'acct' } : {}) });
  spec.stages.forEach((stage, s) => {
    keys.push({ key: `stage${s}`, type: 'Stage__c', parent: 'prog' });
    for (let t = 0; t < stage.steps; t++)
      keys.push({ key: `stage${s}.step${t}`, type: 'Step__c', parent: `stage${s}` });
  });
  return keys;
}

export function describeHierarchy(spec: HierarchySpec): string {
  const parts = [
    spec.account ? `an Account with ${spec.cases.length} Case(s)` : undefined,
    `a Programme (record type ${spec.recordType}, status ${spec.status})`,
    `${spec.stages.length} Stage(s) with ${spec.stages.map((s) => s.steps).join('/') || 'no'} Step(s)`,
    spec.leadStage && spec.stages.length > 0 ? 'the Programme leads with its first Stage (optional loop)' : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}
