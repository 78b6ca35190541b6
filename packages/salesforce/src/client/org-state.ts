// Reads the live state of the org for the planner: does each backed-up record still exist, sit in
// the recycle bin, or is it gone; its LastModifiedDate (R07) and RecordTypeId (R11). Files get the
// same, plus the latest version's checksum (R19). queryAll sees recycle-bin rows (IsDeleted true).

import type { Connection } from 'jsforce';
import { keyPrefixOf, toId18 } from '../index.ts';
import { type AlongsideRequest, queryAllComposite } from './composite-query.ts';
import { inParallel } from './in-parallel.ts';
import { expectedCalls, type ParentLink, packParents } from './parent-walk.ts';
import { type CallCounter, classifyFailure, countedRequest, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';

/**
 * Ids per `Id IN (...)` query. 300 quoted 18-character ids keep the GET query URL near 8 KB, well
 * under the ~16 KB URL limit of Salesforce's front end.
 */
export const ORG_STATE_CHUNK_SIZE = 300;

export type LiveRecordState =
  | { state: 'exists' | 'deleted'; sobjectType: string; lastModifiedDate: string; recordTypeId: string | null }
  | { state: 'absent'; sobjectType: string | null };

export interface LiveFileState {
  state: 'exists' | 'deleted' | 'absent';
  lastModifiedDate?: string;
  latestVersionId?: string;
  /** ContentVersion.Checksum of the latest version (MD5 hex of the content on Salesforce). */
  latestChecksum?: string;
  /** ContentVersion.ContentModifiedDate of the latest version. */
  contentModifiedDate?: string;
  ownerId?: string;
  /** Every link of the document (with `fileLinks`), the owner's among them: what R17 compares. */
  links?: LiveFileLink[];
}

export interface LiveFileLink {
  linkedEntityId: string;
  shareType: string;
  visibility: string;
}

/**
 * Chunk queries in flight at once. Salesforce lets an org run 25 long requests at a time; a few at
 * once hide most of the round trips without crowding out the writers.
 */
export const ORG_STATE_CONCURRENCY = 4;

export interface OrgStateOptions {
  retry?: RetryPolicy;
  chunkSize?: number;
  /** Chunk queries in flight at once (default ORG_STATE_CONCURRENCY). */
  concurrency?: number;
  /** Receives API call counts, for the benchmark's call ratio. */
  counter?: CallCounter;
  /** readFileState also reads each live document's links (one more query per chunk). */
  fileLinks?: boolean;
  /**
   * readOrgState: records that can be read by their parent (a tree below a root): each object type's
   * records that share a reference field are asked `WHERE <field> IN (<parents>)`, a page of up to
   * 2,000 rows a call, when that takes fewer calls than asking their ids. Those the org does not
   * answer there (moved to another parent, or gone) are asked by id after.
   */
  parents?: readonly ParentLink[];
  /**
   * Key prefix → object type, known already (the snapshot's describe while the org says its metadata
   * has not changed): the global describe is asked only when an id's prefix is not in it.
   */
  typesByPrefix?: ReadonlyMap<string, string>;
  /** Object type → whether it has a RecordTypeId column, known already (as `typesByPrefix`). */
  recordTypes?: ReadonlyMap<string, boolean>;
  /** States read already (by an earlier readOrgState of the same plan): answered from here. */
  known?: ReadonlyMap<string, LiveRecordState>;
  /** readOrgState: a GET to send with its first Composite call (never sent when no call is made). */
  alongside?: AlongsideRequest;
}

interface ReaderCache {
  typesByPrefix?: Map<string, string>;
  /** Object types whose query failed on RecordTypeId: they have no record types. */
  withoutRecordTypes: Set<string>;
  /** Object types whose query with RecordTypeId went through. */
  withRecordTypes: Set<string>;
}
const caches = new WeakMap<Connection, ReaderCache>();

function cacheOf(conn: Connection): ReaderCache {
  let cache = caches.get(conn);
  if (!cache) {
    cache = { withoutRecordTypes: new Set(), withRecordTypes: new Set() };
    caches.set(conn, cache);
  }
  return cache;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const quoted = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(',');

interface QueryPage<R> {
  done: boolean;
  records: R[];
  nextRecordsUrl?: string;
}

/**
 * queryAll over REST, following nextRecordsUrl; every page is one counted call. `query` for objects
 * that have no recycle bin to see (ContentDocumentLink).
 */
async function queryAllRecords<R>(
  conn: Connection,
  soql: string,
  policy: RetryPolicy,
  counter: CallCounter,
  endpoint: 'queryAll' | 'query' = 'queryAll',
) {
  const records: R[] = [];
  let url: string | undefined = `/${endpoint}?q=${encodeURIComponent(soql)}`;
  while (url) {
    const pageUrl: string = url;
    const page = await countedRequest<QueryPage<R>>(conn, pageUrl, policy, counter);
    records.push(...page.records);
    url = page.done ? undefined : page.nextRecordsUrl;
  }
  return records;
}

/**
 * Key prefix → object type: the one given when it knows every id's prefix, else from one global
 * describe per connection.
 */
async function typesByPrefix(
  conn: Connection,
  policy: RetryPolicy,
  counter: CallCounter,
  ids: readonly string[] = [],
  given?: ReadonlyMap<string, string>,
): Promise<ReadonlyMap<string, string>> {
  const cache = cacheOf(conn);
  if (given && !cache.typesByPrefix && ids.every((id) => given.has(keyPrefixOf(id)))) return given;
  if (!cache.typesByPrefix) {
    const global = await countedRequest<{ sobjects: Array<{ name: string; keyPrefix?: string | null }> }>(
      conn,
      '/sobjects',
      policy,
      counter,
    );
    cache.typesByPrefix = new Map(
      global.sobjects.filter((s) => s.keyPrefix).map((s) => [s.keyPrefix as string, s.name]),
    );
  }
  return cache.typesByPrefix;
}

interface StateRow {
  Id: string;
  IsDeleted: boolean;
  LastModifiedDate: string;
  RecordTypeId?: string | null;
}

/**
 * The live state of each id (15 or 18 characters; answers are keyed by the 18-character form).
 * One global describe per connection (unless `typesByPrefix` knows every prefix), then queryAll by
 * parent (`parents`, where it takes fewer calls) and by object type and chunk of ids, five queries
 * to a Composite call (one call on the allocation for the five).
 *
 * ```ts
 * const state = await readOrgState(conn, ['001…', '003…']);
 * state.get('001…') // { state: 'deleted', sobjectType: 'Account', lastModifiedDate, recordTypeId }
 * ```
 */
export async function readOrgState(
  conn: Connection,
  ids: readonly string[],
  options: OrgStateOptions = {},
): Promise<Map<string, LiveRecordState>> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const counter = options.counter ?? { calls: 0, retries: 0 };
  const size = options.chunkSize ?? ORG_STATE_CHUNK_SIZE;
  const cache = cacheOf(conn);
  const out = new Map<string, LiveRecordState>();
  const wanted: string[] = [];
  for (const raw of ids) {
    const id = toId18(raw);
    if (!id || out.has(id)) continue;
    const known = options.known?.get(id);
    out.set(id, known ?? { state: 'absent', sobjectType: null });
    if (!known) wanted.push(id);
  }
  if (wanted.length === 0) return out;
  const prefixes = await typesByPrefix(conn, policy, counter, wanted, options.typesByPrefix);
  const byType = new Map<string, string[]>();
  for (const id of wanted) {
    const type = prefixes.get(keyPrefixOf(id));
    out.set(id, { state: 'absent', sobjectType: type ?? null });
    if (!type) continue;
    const list = byType.get(type);
    if (list) list.push(id);
    else byType.set(type, [id]);
  }
  const hasRecordTypes = (type: string) =>
    options.recordTypes?.get(type) ??
    (cache.withRecordTypes.has(type) ? true : cache.withoutRecordTypes.has(type) ? false : undefined);
  const asked = new Set(wanted);
  let alongside = options.alongside;
  const answer = (type: string, rows: readonly StateRow[]) => {
    for (const row of rows) {
      const id = asked.has(row.Id) ? row.Id : (toId18(row.Id) ?? row.Id);
      // A walk answers every child of the parents: only the records asked about are kept (any of
      // them, wherever it hangs now).
      if (!asked.has(id)) continue;
      out.set(id, {
        state: row.IsDeleted ? 'deleted' : 'exists',
        sobjectType: type,
        lastModifiedDate: row.LastModifiedDate,
        recordTypeId: row.RecordTypeId ?? null,
      });
    }
  };
  // Only objects whose RecordTypeId column is known are walked: a refused walk must not be taken
  // for a lesson about record types.
  const walks = walkQueries(options.parents ?? [], asked, prefixes, size, (type) => hasRecordTypes(type) !== undefined);
  const walked = new Set<string>();
  for (const walk of walks) for (const id of walk.ids) walked.add(id);
  const work: StateQuery[] = [...walks];
  for (const [type, typeIds] of byType) {
    const rest = typeIds.filter((id) => !walked.has(id));
    for (const chunk of chunks(rest, size)) work.push({ type, where: `Id IN (${quoted(chunk)})`, ids: chunk });
  }
  // Whether an object has record types is learnt from its first query (an INVALID_FIELD answer says
  // no) unless known: each such first query goes alone, so queries in parallel do not each pay for
  // that lesson.
  const run = async (list: readonly StateQuery[]) => {
    const learning = new Set<string>();
    const first: StateQuery[] = [];
    const rest: StateQuery[] = [];
    for (const item of list) {
      if (hasRecordTypes(item.type) === undefined && !learning.has(item.type)) {
        learning.add(item.type);
        first.push(item);
      } else rest.push(item);
    }
    const concurrency = options.concurrency ?? ORG_STATE_CONCURRENCY;
    // Five queries a Composite call (one call on the allocation for all five).
    const read = async (items: readonly StateQuery[]) => {
      let todo = items.map((item) => ({ item, recordTypes: hasRecordTypes(item.type) !== false }));
      while (todo.length > 0) {
        const soqls = todo.map(
          ({ item, recordTypes }) =>
            `SELECT Id, IsDeleted, LastModifiedDate${recordTypes ? ', RecordTypeId' : ''} FROM ${item.type} WHERE ${item.where}`,
        );
        const extra = soqls.length > 0 ? alongside : undefined;
        if (extra) alongside = undefined;
        const outcomes = await queryAllComposite<StateRow>(conn, soqls, policy, counter, concurrency, extra);
        const again: typeof todo = [];
        for (const [k, { item, recordTypes }] of todo.entries()) {
          const outcome = outcomes[k]!;
          if ('rows' in outcome) {
            if (recordTypes) cache.withRecordTypes.add(item.type);
            answer(item.type, outcome.rows);
            continue;
          }
          const code = outcome.error.errorCode;
          // Objects without record types have no RecordTypeId column; remember that and ask again.
          if (recordTypes && code === 'INVALID_FIELD' && !item.walk) {
            cache.withoutRecordTypes.add(item.type);
            again.push({ item, recordTypes: false });
            continue;
          }
          // A field the org will not filter on: its records are asked by id below, like any not met.
          if (item.walk && classifyFailure(code) === 'permanent') continue;
          throw outcome.error;
        }
        todo = again;
      }
    };
    await read(first);
    await read(rest);
  };
  await run(work);
  // Records the walk did not meet (moved under another parent, or gone): asked by their id.
  const again: StateQuery[] = [];
  for (const [type, typeIds] of byType) {
    const left = typeIds.filter((id) => walked.has(id) && out.get(id)?.state === 'absent');
    for (const chunk of chunks(left, size)) again.push({ type, where: `Id IN (${quoted(chunk)})`, ids: chunk });
  }
  await run(again);
  return out;
}

/** One queryAll of the state reader: by ids, or by parents (`walk`). */
interface StateQuery {
  type: string;
  where: string;
  /** The records it is asked for. */
  ids: string[];
  walk?: boolean;
}

/**
 * The walks worth making: for each object type and reference field, the records that name a parent
 * through it, asked by parents when the packed queries take fewer calls than their ids would.
 */
function walkQueries(
  links: readonly ParentLink[],
  asked: ReadonlySet<string>,
  prefixes: ReadonlyMap<string, string>,
  idChunk: number,
  walkable: (type: string) => boolean,
): StateQuery[] {
  const groups = new Map<string, { type: string; field: string; count: number; children: Map<string, string[]> }>();
  const taken = new Set<string>();
  // Ids as asked are 18 characters already: checked against `asked` first, converted only otherwise
  // (toId18 costs a microsecond, which a million records notice).
  const id18 = (id: string) => (asked.has(id) ? id : toId18(id));
  const fieldOk = new Map<string, boolean>();
  for (const link of links) {
    const id = id18(link.id);
    const parent = id18(link.parentId);
    if (!id || !parent || !asked.has(id) || taken.has(id)) continue;
    let ok = fieldOk.get(link.field);
    if (ok === undefined) {
      ok = /^\w+$/.test(link.field);
      fieldOk.set(link.field, ok);
    }
    if (!ok) continue;
    const type = prefixes.get(keyPrefixOf(id));
    if (!type || !walkable(type)) continue;
    taken.add(id);
    const key = `${type}.${link.field}`;
    let group = groups.get(key);
    if (!group) {
      group = { type, field: link.field, count: 0, children: new Map() };
      groups.set(key, group);
    }
    group.count++;
    const siblings = group.children.get(parent);
    if (siblings) siblings.push(id);
    else group.children.set(parent, [id]);
  }
  const out: StateQuery[] = [];
  for (const group of groups.values()) {
    const counts = new Map([...group.children].map(([parentId, ids]) => [parentId, ids.length]));
    const packed = packParents([...counts].map(([parentId, children]) => ({ parentId, children })));
    if (expectedCalls(packed, counts) >= Math.ceil(group.count / idChunk)) continue;
    // Each query keeps the records of its own parents only: a record is asked in one query.
    for (const parents of packed) {
      out.push({
        type: group.type,
        where: `${group.field} IN (${quoted(parents)})`,
        ids: parents.flatMap((p) => group.children.get(p) ?? []),
        walk: true,
      });
    }
  }
  return out;
}

interface DocumentRow {
  Id: string;
  IsDeleted: boolean;
  LastModifiedDate: string;
  LatestPublishedVersionId?: string | null;
  OwnerId?: string;
}
interface VersionRow {
  Id: string;
  ContentDocumentId: string;
  Checksum?: string | null;
  ContentModifiedDate?: string | null;
}

interface LinkRow {
  ContentDocumentId: string;
  LinkedEntityId: string;
  ShareType: string;
  Visibility: string;
}

/**
 * The live state of each ContentDocument (069…): exists / deleted / absent, its LastModifiedDate,
 * owner, and the latest version's id, Checksum and ContentModifiedDate. Two queries per chunk.
 */
export async function readFileState(
  conn: Connection,
  contentDocumentIds: readonly string[],
  options: OrgStateOptions = {},
): Promise<Map<string, LiveFileState>> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const counter = options.counter ?? { calls: 0, retries: 0 };
  const size = options.chunkSize ?? ORG_STATE_CHUNK_SIZE;
  const out = new Map<string, LiveFileState>();
  const ids: string[] = [];
  for (const raw of contentDocumentIds) {
    const id = toId18(raw);
    if (!id || out.has(id)) continue;
    out.set(id, { state: 'absent' });
    ids.push(id);
  }
  await inParallel(chunks(ids, size), options.concurrency ?? ORG_STATE_CONCURRENCY, async (chunk) => {
    const docs = await queryAllRecords<DocumentRow>(
      conn,
      `SELECT Id, IsDeleted, LastModifiedDate, LatestPublishedVersionId, OwnerId FROM ContentDocument WHERE Id IN (${quoted(chunk)})`,
      policy,
      counter,
    );
    const live: string[] = [];
    for (const doc of docs) {
      const id = toId18(doc.Id) ?? doc.Id;
      out.set(id, {
        state: doc.IsDeleted ? 'deleted' : 'exists',
        lastModifiedDate: doc.LastModifiedDate,
        ...(doc.LatestPublishedVersionId ? { latestVersionId: doc.LatestPublishedVersionId } : {}),
        ...(doc.OwnerId ? { ownerId: doc.OwnerId } : {}),
      });
      if (!doc.IsDeleted) live.push(id);
    }
    if (live.length === 0) return;
    const versions = await queryAllRecords<VersionRow>(
      conn,
      `SELECT Id, ContentDocumentId, Checksum, ContentModifiedDate FROM ContentVersion WHERE ContentDocumentId IN (${quoted(live)}) AND IsLatest = true`,
      policy,
      counter,
    );
    for (const v of versions) {
      const docId = toId18(v.ContentDocumentId) ?? v.ContentDocumentId;
      const state = out.get(docId);
      if (!state) continue;
      state.latestVersionId = toId18(v.Id) ?? v.Id;
      if (v.Checksum) state.latestChecksum = v.Checksum;
      if (v.ContentModifiedDate) state.contentModifiedDate = v.ContentModifiedDate;
    }
    if (!options.fileLinks) return;
    const links = await queryAllRecords<LinkRow>(
      conn,
      `SELECT ContentDocumentId, LinkedEntityId, ShareType, Visibility FROM ContentDocumentLink WHERE ContentDocumentId IN (${quoted(live)})`,
      policy,
      counter,
      'query',
    );
    for (const id of live) {
      const state = out.get(id);
      if (state) state.links = [];
    }
    for (const l of links) {
      const state = out.get(toId18(l.ContentDocumentId) ?? l.ContentDocumentId);
      state?.links?.push({
        linkedEntityId: toId18(l.LinkedEntityId) ?? l.LinkedEntityId,
        shareType: l.ShareType,
        visibility: l.Visibility,
      });
    }
  });
  return out;
}
