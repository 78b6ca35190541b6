// Command: back the org up; the model remembers what the snapshot holds.
import type fc from 'fast-check';
import type { OrgModel, OrgUnderTest } from './model.ts';

export class TakeBackup implements fc.AsyncCommand<OrgModel, OrgUnderTest> {
  check(): boolean {
    return true;
  }
  async run(m: OrgModel, r: OrgUnderTest): Promise<void> {
    const id = await r.session.engine.backup();
    const records = new Map<string, { id: string; note: string | undefined }>();
    for (const [key, record] of m.live) records.set(key, { id: record.id, note: record.note });
    m.snapshots.push({ id, records });
  }
  toString(): string {
    return 'back up';
  }
}
