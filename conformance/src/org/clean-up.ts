// Cleans a world up after its run: deletes only what the run created (tagged records and their
// files), and has a mock org forget them.
import type { Connection } from 'jsforce';
import type { TargetSession } from '../targets/target.ts';
import { destroyIds } from './collections.ts';
import { readRows } from './read.ts';
import type { LiveRow, World } from './world.ts';

/** Deletes everything the run created (only tagged records and their files), one call per 200 ids. */
export async function cleanUpWorld(
  session: Pick<TargetSession, 'conn' | 'mock'>,
  world: World,
  /** The tagged rows as last read, when nothing has changed the org since; read afresh otherwise. */
  known?: ReadonlyMap<string, LiveRow[]>,
): Promise<void> {
  const { conn } = session;
  const live = known ?? (await readRows(conn, world).catch(() => undefined));
  const rows = [...(live?.values() ?? [])].flat();
  // The run's files are the documents whose latest version carries its tag in the title (restored
  // copies keep it): found without going through the records, so a file restored onto a record the
  // tag does not reach is still cleaned up.
  const own = await records<{ ContentDocumentId: string }>(
    conn,
    `SELECT ContentDocumentId FROM ContentVersion WHERE IsLatest = true AND Title LIKE '${world.tag} file %'`,
  );
  // Everything in one delete call (per 200), files first, then children before their parents.
  const order = ['Step__c', 'Stage__c', 'Case', 'Programme__c', 'Gear__c', 'Cog__c', 'Account'];
  const ids = [
    ...new Set([...(own ?? []).map((v) => v.ContentDocumentId), ...world.documents]),
    ...order.flatMap((type) => rows.filter((r) => r.type === type).map((r) => r.id)),
    world.checkerId,
  ];
  await destroyIds(conn, ids);
  // A mock org also forgets them, and the records the run's changes deleted, so that an org living
  // through thousands of runs stays small (a real org's recycle bin keeps them 15 days).
  session.mock?.purgeDeleted([...ids, ...Object.values(world.ids), ...world.attachmentIds]);
}

/** The rows of a query, or undefined if it failed (clean-up goes on regardless). */
async function records<T extends Record<string, unknown>>(conn: Connection, soql: string): Promise<T[] | undefined> {
  try {
    return (await conn.query<T>(soql)).records;
  } catch {
    return undefined;
  }
}
