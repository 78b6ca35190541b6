// Mock parity: the same operations against two orgs, and where what they show differs. Used to
// hold the in-process mock, the mock over HTTP (the `org` code path) and, when credentials exist,
// a real org to one behaviour.
import type { Connection } from 'jsforce';
import { newTag } from '../scenario.ts';
import type { ConformanceTarget } from '../targets/target.ts';
import { type Observation, PARITY_OPERATIONS, type ParityOperation } from './operations.ts';

export interface ParityRun {
  target: string;
  observations: Array<{ operation: string; observation: Observation }>;
}

export interface ParityDifference {
  operation: string;
  left: Observation;
  right: Observation;
}

/** Runs every operation on one target, each with its own tag, and removes what it made. */
export async function observeTarget(
  target: ConformanceTarget,
  operations: readonly ParityOperation[] = PARITY_OPERATIONS,
): Promise<ParityRun> {
  if (target.unavailable) throw new Error(`target ${target.name} cannot run: ${target.unavailable}`);
  const session = await target.open();
  try {
    const observations: ParityRun['observations'] = [];
    for (const operation of operations) {
      const tag = newTag();
      try {
        observations.push({ operation: operation.name, observation: await operation.run(session.conn, tag) });
      } catch (error) {
        const e = error as { errorCode?: string; name?: string };
        observations.push({ operation: operation.name, observation: { threw: e.errorCode ?? e.name } });
      } finally {
        await cleanUp(session.conn, tag);
      }
    }
    return { target: target.name, observations };
  } finally {
    await session.close();
  }
}

/** Operations whose observations differ between two runs. */
export function compareParity(left: ParityRun, right: ParityRun): ParityDifference[] {
  const differences: ParityDifference[] = [];
  for (const l of left.observations) {
    const r = right.observations.find((o) => o.operation === l.operation);
    const rightObservation = r?.observation ?? { missing: true };
    if (JSON.stringify(l.observation) !== JSON.stringify(rightObservation))
      differences.push({ operation: l.operation, left: l.observation, right: rightObservation });
  }
  return differences;
}

export function formatDifferences(left: string, right: string, differences: readonly ParityDifference[]): string {
  return differences
    .map((d) => `${d.operation}\n  ${left}: ${JSON.stringify(d.left)}\n  ${right}: ${JSON.stringify(d.right)}`)
    .join('\n');
}

const CLEAN_ORDER: Array<[string, string]> = [
  ['Step__c', 'Tag__c'],
  ['Stage__c', 'Tag__c'],
  ['Programme__c', 'Tag__c'],
  ['Account', 'Name'],
  ['Contact', 'LastName'],
];

async function cleanUp(conn: Connection, tag: string): Promise<void> {
  for (const [type, field] of CLEAN_ORDER) {
    const rows = await (async () =>
      await conn.query<{ Id: string }>(`SELECT Id FROM ${type} WHERE ${field} LIKE '${tag}%'`))().catch(
      () => undefined,
    );
    for (const row of rows?.records ?? [])
      await conn
        .sobject(type)
        .destroy(row.Id)
        .catch(() => undefined);
  }
}
