// Command: write a new note on a live record.
import type fc from 'fast-check';
import { NOTE_FIELD } from '../org/world.ts';
import { type OrgModel, type OrgUnderTest, refresh } from './model.ts';

export class ModifyRecord implements fc.AsyncCommand<OrgModel, OrgUnderTest> {
  readonly key: string;
  constructor(key: string) {
    this.key = key;
  }
  check(m: Readonly<OrgModel>): boolean {
    return m.live.has(this.key) && NOTE_FIELD[m.types[this.key] ?? ''] !== undefined;
  }
  async run(m: OrgModel, r: OrgUnderTest): Promise<void> {
    const type = m.types[this.key] as string;
    m.notes++;
    const note = `n${m.notes}`;
    await r.session.conn
      .sobject(type)
      .update({ Id: (m.live.get(this.key) as { id: string }).id, [NOTE_FIELD[type] as string]: note });
    (m.live.get(this.key) as { note: string | undefined }).note = note;
    await refresh(r);
  }
  toString(): string {
    return `modify ${this.key}`;
  }
}
