// Command: restore a record (alone or with its related records) from the latest or an older
// snapshot, then check the model's prediction and the global invariants against the org.
import type fc from 'fast-check';
import { NOTE_FIELD } from '../org/world.ts';
import {
  beneath,
  checkInvariants,
  InvariantViolation,
  isMandatoryChild,
  LOOP_KEYS,
  type OrgModel,
  type OrgUnderTest,
  refresh,
} from './model.ts';

export class RestoreRecord implements fc.AsyncCommand<OrgModel, OrgUnderTest> {
  readonly key: string;
  readonly method: 'record' | 'related';
  /** 0 = the latest snapshot (asked for by default), n = the n-th before it. */
  readonly back: number;
  constructor(key: string, method: 'record' | 'related', back: number) {
    this.key = key;
    this.method = method;
    this.back = back;
  }
  private snapshotIndex(m: Readonly<OrgModel>): number {
    return m.snapshots.length - 1 - this.back;
  }
  check(m: Readonly<OrgModel>): boolean {
    const snapshot = m.snapshots[this.snapshotIndex(m)];
    return snapshot?.records.has(this.key) === true;
  }
  async run(m: OrgModel, r: OrgUnderTest): Promise<void> {
    const snapshot = m.snapshots[this.snapshotIndex(m)] as OrgModel['snapshots'][number];
    const { engine } = r.session;
    const summary = await engine.summary({
      recordId: snapshot.records.get(this.key)?.id as string,
      method: this.method,
      ...(this.back === 0 ? {} : { snapshotId: snapshot.id }),
    });
    await engine.waitForJob(await engine.confirm(summary.summaryId));
    await refresh(r);

    // The model: every record of the scope the snapshot holds and the org lacks comes back with its
    // backed-up note, unless its mandatory parent is missing; a record of a loop never does.
    const isLoop = (LOOP_KEYS as readonly string[]).includes(this.key);
    // In hierarchy order, so a parent the same restore brings back is live before its children.
    const selected = new Set(this.method === 'related' ? [this.key, ...beneath(m, this.key)] : [this.key]);
    const scope = isLoop ? [] : Object.keys(m.types).filter((k) => selected.has(k));
    const recreated: string[] = [];
    for (const key of scope) {
      const backedUp = snapshot.records.get(key);
      if (!backedUp || m.live.has(key)) continue;
      const parent = m.parents[key];
      if (parent && isMandatoryChild(m, key) && !m.live.has(parent)) continue;
      m.live.set(key, { note: backedUp.note, id: '' });
      recreated.push(key);
    }
    checkInvariants(m, r);
    for (const key of recreated) (m.live.get(key) as { id: string }).id = r.live.rows.get(key)?.[0]?.id as string;
    for (const key of recreated) {
      const field = NOTE_FIELD[m.types[key] ?? ''];
      if (!field) continue;
      const note = r.live.rows.get(key)?.[0]?.fields[field];
      const expected = snapshot.records.get(key)?.note;
      if (note !== expected)
        throw new InvariantViolation(`${key} came back with note ${note}, backed up as ${expected}`);
    }
  }
  toString(): string {
    const from = this.back === 0 ? 'the latest snapshot' : `the snapshot ${this.back} before the latest`;
    return `restore ${this.key} (${this.method === 'record' ? 'record only' : 'with related records'}) from ${from}`;
  }
}
