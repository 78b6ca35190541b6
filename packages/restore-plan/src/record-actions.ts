// R06–R09 for the records of a scope: an action per record (create / overwrite / skip / will-fail),
// the links between them, mandatory loops (found as strongly connected components), failures that
// flow down mandatory links, and the wave each written record goes in.
import type { BackedUpRecord } from '@restorelab/snapshots';
import { sameInstant } from './dates.ts';
import { buildCsr, layerByDependencies, stronglyConnectedComponents } from './graph.ts';
import type { ObjectSpec } from './schema-index.ts';
import { id18, type RestoreScope } from './scope.ts';
import type { MandatoryLinkCycle, OrgState, PlanFailure, RecordAction } from './types.ts';

/**
 * References from records of the scope to other records of the scope that the org lacks, as flat
 * parallel arrays (a million-record plan has millions of them). `slot` is the link's position in
 * `RestoreScope.linkTarget`, so its field is `references[slot - linkStart[from]]` of the record's object.
 */
export interface ScopeLinks {
  count: number;
  from: Int32Array;
  to: Int32Array;
  slot: Int32Array;
  mandatory: Uint8Array;
}

export interface RecordDecisions {
  action: RecordAction[];
  failure: Array<PlanFailure | undefined>;
  /** The record is in the org now (overwrite or skip, or a failing overwrite). */
  liveExists: Uint8Array;
  /** Outside targets of optional links that the org has deleted: written empty. */
  deletedOutside: Set<string>;
  links: ScopeLinks;
  /** Component of each written record over all links; links inside one component are deferred. */
  component: Int32Array;
  wave: Int32Array;
}

export function decideRecords(
  records: readonly BackedUpRecord[],
  specs: readonly ObjectSpec[],
  resolved: Pick<RestoreScope, 'linkStart' | 'linkTarget'>,
  org: OrgState,
): RecordDecisions {
  const n = records.length;
  const action = new Array<RecordAction>(n);
  const failure = new Array<PlanFailure | undefined>(n);
  const liveExists = new Uint8Array(n);
  const deletedOutside = new Set<string>();

  // R06 / R07: the record's own state decides create, overwrite or skip.
  for (let i = 0; i < n; i++) {
    const record = records[i]!;
    const spec = specs[i]!;
    const live = org.records.get(id18(record.id)!);
    if (live?.state === 'exists') {
      liveExists[i] = 1;
      if (sameInstant(live.lastModifiedDate, record.lastModifiedDate)) action[i] = 'skip';
      else if (spec.updateable) action[i] = 'overwrite';
      else
        fail(i, {
          rule: 'R07',
          code: 'OBJECT_NOT_UPDATEABLE',
          message: `${spec.name} records cannot be updated`,
          fields: [],
        });
    } else if (spec.createable) action[i] = 'create';
    else
      fail(i, {
        rule: 'R06',
        code: 'OBJECT_NOT_CREATEABLE',
        message: `${spec.name} records cannot be created`,
        fields: [],
      });
  }

  // Links out of every record that would be written. Links to records the org still has need no
  // ordering and keep their value; links to scope records the org lacks become graph edges.
  // Sized for every link of the scope (the most there can be), so no list grows record by record.
  const capacity = resolved.linkTarget.length;
  const from = new Int32Array(capacity);
  const to = new Int32Array(capacity);
  const slot = new Int32Array(capacity);
  const mandatoryFlags = new Uint8Array(capacity);
  let edgeCount = 0;
  // Most restores meet no deleted outside record; then links outside the scope need no look-up.
  const checkOutside = org.references.size > 0;
  for (let i = 0; i < n; i++) {
    if (action[i] === 'skip') continue;
    const record = records[i]!;
    let deletedParents: string[] | undefined;
    const refs = specs[i]!.references;
    const base = resolved.linkStart[i]!;
    for (let k = 0; k < refs.length; k++) {
      const ref = refs[k]!;
      const j = resolved.linkTarget[base + k]!;
      if (j >= 0) {
        if (liveExists[j]) continue;
        from[edgeCount] = i;
        to[edgeCount] = j;
        slot[edgeCount] = base + k;
        mandatoryFlags[edgeCount] = ref.mandatory ? 1 : 0;
        edgeCount++;
        continue;
      }
      if (checkOutside) {
        const value = record.fields[ref.name];
        const target = typeof value === 'string' ? id18(value) : undefined;
        if (!target || org.references.get(target) !== 'deleted') continue;
        if (ref.mandatory) {
          deletedParents ??= [];
          deletedParents.push(`${ref.name} → ${target}`);
        } else deletedOutside.add(target);
      }
    }
    if (deletedParents && action[i] !== 'willFail') {
      // R08: the mandatory parent is gone and not part of this restore.
      fail(i, {
        rule: 'R08',
        code: 'MANDATORY_PARENT_DELETED',
        message: `mandatory parent deleted in the org and not in this restore (${deletedParents.join(', ')}); restore the parent first`,
        fields: deletedParents.map((d) => d.split(' → ')[0]!),
      });
    }
  }
  const links: ScopeLinks = {
    count: edgeCount,
    from: from.subarray(0, edgeCount),
    to: to.subarray(0, edgeCount),
    slot: slot.subarray(0, edgeCount),
    mandatory: mandatoryFlags.subarray(0, edgeCount),
  };
  const fieldOf = (e: number) => {
    const a = links.from[e]!;
    return specs[a]!.references[links.slot[e]! - resolved.linkStart[a]!]!.name;
  };

  // R09: loops of mandatory links among records to be created.
  let mandatoryCount = 0;
  for (let e = 0; e < edgeCount; e++) mandatoryCount += links.mandatory[e]!;
  const mFrom = new Int32Array(mandatoryCount);
  const mTo = new Int32Array(mandatoryCount);
  const mTag = new Int32Array(mandatoryCount);
  for (let e = 0, m = 0; e < edgeCount; e++) {
    if (!links.mandatory[e]) continue;
    mFrom[m] = links.from[e]!;
    mTo[m] = links.to[e]!;
    mTag[m++] = e;
  }
  const mandatory = buildCsr(n, mFrom, mTo, mTag);
  const mComponents = stronglyConnectedComponents(mandatory, (v) => liveExists[v] === 0);
  const loopOf = new Map<number, MandatoryLinkCycle>();
  for (let e = 0; e < mFrom.length; e++) {
    const a = mFrom[e]!;
    const b = mTo[e]!;
    const c = mComponents.of[a]!;
    if (c !== mComponents.of[b] || (mComponents.size[c]! === 1 && a !== b)) continue;
    let cycle = loopOf.get(c);
    if (!cycle) {
      cycle = { records: [], links: [] };
      loopOf.set(c, cycle);
    }
    cycle.links.push({ fromSourceId: records[a]!.id, field: fieldOf(mTag[e]!), toSourceId: records[b]!.id });
  }
  if (loopOf.size > 0) {
    for (let i = 0; i < n; i++) {
      const cycle = loopOf.get(mComponents.of[i]!);
      if (cycle) cycle.records.push({ sourceId: records[i]!.id, objectType: records[i]!.type });
    }
    for (let i = 0; i < n; i++) {
      const cycle = loopOf.get(mComponents.of[i]!);
      if (!cycle || action[i] === 'willFail') continue;
      const own = cycle.links.filter((l) => l.fromSourceId === records[i]!.id).map((l) => l.field);
      fail(i, {
        rule: 'R09',
        code: 'MANDATORY_LOOP',
        message: `in a loop of mandatory links: ${cycle.links.map((l) => `${l.fromSourceId}.${l.field} → ${l.toSourceId}`).join(', ')}`,
        fields: own,
        cycle,
      });
    }
  }

  // A record the org lacks and that will not be written takes its mandatory children with it.
  const reverse = buildCsr(n, mTo, mFrom, mTag);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (action[i] === 'willFail' && !liveExists[i]) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    const parent = queue[head]!;
    for (let e = reverse.start[parent]!; e < reverse.start[parent + 1]!; e++) {
      const child = reverse.targets[e]!;
      if (action[child] === 'willFail' || action[child] === 'skip') continue;
      const field = fieldOf(reverse.tags[e]!);
      fail(child, {
        rule: failure[parent]!.rule === 'R09' ? 'R09' : 'R08',
        code: 'PARENT_WILL_FAIL',
        message: `mandatory parent ${records[parent]!.id} (${field}) will not be restored: ${failure[parent]!.message}`,
        fields: [field],
      });
      if (!liveExists[child]) queue.push(child);
    }
  }

  // Waves: every link to a record being created orders the write, except optional links inside a
  // loop of links, which are written empty and patched afterwards.
  const written = (v: number) => action[v] === 'create' || action[v] === 'overwrite';
  const all = buildCsr(n, links.from, links.to);
  const components = stronglyConnectedComponents(all, written);
  const wave = layerByDependencies(all, written, (e) => {
    const tag = all.tags[e]!;
    return links.mandatory[tag] === 1 || components.of[links.from[tag]!] !== components.of[links.to[tag]!];
  });

  return { action, failure, liveExists, deletedOutside, links, component: components.of, wave };

  function fail(i: number, f: PlanFailure): void {
    action[i] = 'willFail';
    failure[i] = f;
  }
}
