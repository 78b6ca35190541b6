// Command: delete a record with its hierarchy (children first), or purge the mandatory loop.
import type fc from 'fast-check';
import { descendants, LOOP_KEYS, liveId, type OrgModel, type OrgUnderTest, refresh } from './model.ts';

export class DeleteRecord implements fc.AsyncCommand<OrgModel, OrgUnderTest> {
  readonly key: string;
  constructor(key: string) {
    this.key = key;
  }
  check(m: Readonly<OrgModel>): boolean {
    return m.live.has(this.key);
  }
  async run(m: OrgModel, r: OrgUnderTest): Promise<void> {
    if ((LOOP_KEYS as readonly string[]).includes(this.key)) {
      // No API call deletes one end of a loop of required lookups; the mock removes both for good.
      if (!r.loop || !r.session.mock) throw new Error('the mandatory loop needs a mock target');
      r.session.mock.purge([r.loop.gearId, r.loop.cogId]);
      for (const k of LOOP_KEYS) m.live.delete(k);
      m.loopPurged = true;
    } else {
      const doomed = [this.key, ...descendants(m, this.key)].filter((k) => m.live.has(k)).reverse();
      for (const k of doomed) {
        const id = liveId(r, k);
        if (!id) throw new Error(`${k} is live in the model but not in the org`);
        await r.session.conn
          .sobject(m.types[k] as string)
          .destroy(id)
          .catch((error: { errorCode?: string }) => {
            // A master-detail parent deleted first takes its details along.
            if (error.errorCode !== 'ENTITY_IS_DELETED') throw error;
          });
        m.live.delete(k);
      }
    }
    await refresh(r);
  }
  toString(): string {
    return `delete ${this.key} with its hierarchy`;
  }
}
