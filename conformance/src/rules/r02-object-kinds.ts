// R02: download/share-only object types (users, profiles, ...) are never restored; the request is refused.
// Branches the generator reaches: the admin's or the other user's User record (download/share only),
// record only or with related records. Not reached: other download-only types.
import fc from 'fast-check';
import { EngineError } from '../engine.ts';
import { demand, type Rule } from './rule.ts';

export const r02: Rule<{ who: 'admin' | 'other'; method: 'record' | 'related' }> = {
  id: 'R02',
  slug: 'object-kinds',
  statement:
    'Standard and custom records restore; download/share-only types (e.g. User) are refused and nothing is written.',
  arbitrary: fc.record({ who: fc.constantFrom('admin', 'other'), method: fc.constantFrom('record', 'related') }),
  describe: (i) =>
    `ask to restore the ${i.who === 'admin' ? 'admin' : 'other'} user (a User record, download/share only), ${i.method}`,
  async run(session, input) {
    const userId = input.who === 'admin' || !session.otherUserId ? session.adminUserId : session.otherUserId;
    const read = async () =>
      (await session.conn.query(`SELECT Id, LastModifiedDate FROM User WHERE Id = '${userId}'`)).records;
    const snapshotId = await session.engine.backup();
    const before = await read();
    let refused: unknown;
    try {
      const summary = await session.engine.summary({ snapshotId, recordId: userId, method: input.method });
      await session.engine.waitForJob(await session.engine.confirm(summary.summaryId));
    } catch (error) {
      refused = error;
    }
    demand('R02', refused instanceof EngineError, `a restore of User ${userId} was not refused`);
    // A refusal answers the request (4xx); an engine that fails on it (5xx) has not refused it clearly.
    const status = refused.status ?? 0;
    demand(
      'R02',
      status >= 400 && status < 500,
      `a restore of User ${userId} failed (${status} ${refused.code}) rather than being refused`,
    );
    demand('R02', JSON.stringify(await read()) === JSON.stringify(before), 'the user record was written');
  },
};
