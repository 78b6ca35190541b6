// Reads what the plan needs to know about the live org (OrgState) through jsforce: the state of
// every record, outside reference, file and attachment of the restore, and the picklist values each
// record type allows (R11: the master's for creates, the live record's own for overwrites). The
// records of a tree are asked by their parents, a page of 2,000 a call, the rest in full chunks of
// ids (readOrgState / readFileState), so the calls stay near the lower bound; one conditional global
// describe, sent along the first of those calls (live-metadata.ts), tells whether the snapshot's
// describes still hold, else they are asked once per object type.
import { createHash } from 'node:crypto';
import type {
  LiveAttachment,
  LiveFile,
  LiveRecord,
  LiveReference,
  OrgState,
  OrgStateQuery,
  SnapshotSlice,
} from '@restorelab/restore-plan';
import { CONFIGURATION_KEY_PREFIXES, type LayoutsAnswer, recordTypePicklists, toId18 } from '@restorelab/salesforce';
import {
  type AlongsideRequest,
  type CallCounter,
  countedRequest,
  DEFAULT_RETRY_POLICY,
  type LiveRecordState,
  readFileState,
  readOrgState,
} from '@restorelab/salesforce/client';
import type { SnapshotStore } from '@restorelab/snapshots';
import type { Connection } from 'jsforce';
import { type LiveMetadata, MetadataCheck } from './live-metadata.ts';
import { parentLinks } from './parent-links.ts';

export interface LiveOrgRead {
  org: OrgState;
  /** The user the connection runs as: the admin who becomes creator of restored files (R15). */
  adminUserId: string;
  apiCalls: number;
}

interface DescribedRecordType {
  recordTypeId?: string;
  master?: boolean;
  picklistValues?: Record<string, string[]>;
}

export interface LiveOrgHints {
  /** The conditional global describe's answer, when the caller asked it already. */
  metadata?: LiveMetadata;
  /** The plan's describe check, when the caller made one (it may have been settled by its reads). */
  check?: MetadataCheck;
  /** Record states read already for this plan (the copies check): not asked again. */
  known?: ReadonlyMap<string, LiveRecordState>;
}

export async function readLiveOrg(
  conn: Connection,
  store: SnapshotStore,
  query: OrgStateQuery,
  slice: SnapshotSlice,
  /**
   * If-Modified-Since for the slice's describes (`describedSince(snapshot)`): they are reused while
   * the org says its metadata has not changed since. Without it, the describes are read in full.
   */
  describedSince?: string,
  hints: LiveOrgHints = {},
): Promise<LiveOrgRead> {
  const counter: CallCounter = { calls: 0, retries: 0 };
  const check = hints.check ?? new MetadataCheck(conn, slice.schema, describedSince, counter, hints.metadata);
  // One pass over records, references and attachments: readOrgState groups ids by object type, and
  // finds the records of a tree by their parents (a page of 2,000 a call) where that is fewer calls.
  // Configuration objects (users, groups, roles, profiles, record types, the org) are never
  // soft-deleted and have no IsDeleted column: they are not asked about and count as existing.
  const parents = parentLinks(slice, query.recordIds);
  const referenceIds = query.referenceIds.filter((id) => !CONFIGURATION_KEY_PREFIXES.has(id.slice(0, 3)));
  const ids = [...query.recordIds, ...referenceIds, ...query.attachmentIds];
  // The files' state is read side by side with the records': neither needs the other.
  const readFiles = async (): Promise<Map<string, LiveFile>> => {
    const files = new Map<string, LiveFile>();
    if (query.contentDocumentIds.length === 0) return files;
    // With each live document's links: a file to version or overwrite plans only the links it lacks (R17).
    const live = await readFileState(conn, query.contentDocumentIds, { counter, fileLinks: true });
    const byId = new Map(slice.files.map((f) => [f.contentDocumentId, f]));
    for (const id of query.contentDocumentIds) {
      const state = live.get(id);
      const backedUp = byId.get(id);
      if (state?.state !== 'exists' || !backedUp || !state.lastModifiedDate) {
        files.set(id, { state: 'absent' });
        continue;
      }
      // The org gives an MD5 checksum, the snapshot a sha256: the same content gets the snapshot's
      // hash, so the plan's comparison (R19) reads "same content".
      const md5 = createHash('md5')
        .update(await store.readBlob(backedUp.contentHash))
        .digest('hex');
      const same = state.latestChecksum !== undefined && state.latestChecksum.toLowerCase() === md5;
      files.set(id, {
        state: 'exists',
        lastModifiedDate: state.lastModifiedDate,
        latestVersionId: state.latestVersionId ?? '',
        contentHash: same ? backedUp.contentHash : `md5:${state.latestChecksum ?? 'unknown'}`,
        ...(state.links ? { links: state.links } : {}),
      });
    }
    return files;
  };
  const [states, files] = await Promise.all([
    check.read((metadata, alongside) =>
      readOrgState(conn, ids, {
        counter,
        parents,
        ...readOptions(metadata, alongside),
        ...(hints.known ? { known: hints.known } : {}),
      }),
    ),
    readFiles(),
  ]);
  const metadata = await check.metadata();
  const records = new Map<string, LiveRecord>();
  for (const id of query.recordIds) records.set(id, toLiveRecord(states.get(id)));
  const references = new Map<string, LiveReference>();
  for (const id of referenceIds) {
    const state = states.get(id);
    // An id of an object type the org knows but cannot find is gone; an unknown type stays "exists".
    if (state?.state === 'deleted' || (state?.state === 'absent' && state.sobjectType !== null)) {
      references.set(id, 'deleted');
    }
  }
  const attachments = new Map<string, LiveAttachment>();
  for (const id of query.attachmentIds) {
    const state = states.get(id);
    attachments.set(
      id,
      state?.state === 'exists' ? { state: 'exists', lastModifiedDate: state.lastModifiedDate } : { state: 'absent' },
    );
  }

  const masterPicklistValues: Record<string, Record<string, string[]>> = {};
  const recordTypePicklistValues: Record<string, Record<string, Record<string, string[]>>> = {};
  const withRecordTypes = query.objectTypes
    .map((type) => slice.schema.objects.find((o) => o.name === type))
    .filter((d): d is NonNullable<typeof d> => d !== undefined && d.recordTypeInfos.length > 0);
  // The global describe was asked with If-Modified-Since the snapshot's describe: a 304 says no
  // object's metadata changed since, so every describe of the snapshot still holds (one call, not
  // one per object); after a change, each object's describe is asked the same way.
  const unchanged = metadata.unchanged;
  for (const describe of withRecordTypes) {
    let infos: DescribedRecordType[] | undefined = describe.recordTypeInfos;
    if (!unchanged) {
      const live = await countedRequest<{ recordTypeInfos?: DescribedRecordType[] } | '' | undefined>(
        conn,
        {
          method: 'GET',
          url: `/sobjects/${describe.name}/describe`,
          ...(describedSince ? { headers: { 'If-Modified-Since': describedSince } } : {}),
        },
        DEFAULT_RETRY_POLICY,
        counter,
      );
      if (live) infos = live.recordTypeInfos;
    }
    const master = infos?.find((rt) => rt.master);
    // The real API's describe leaves a record type's picklist values out: one layouts describe gives
    // every record type's. With no custom record type the master allows every active value.
    const custom = describe.recordTypeInfos.some((rt) => !rt.master);
    const fromLayouts =
      custom && (infos ?? []).some((rt) => !rt.picklistValues)
        ? await picklistsFromLayouts(conn, describe.name, counter)
        : new Map<string, Record<string, string[]>>();
    const valuesOf = (rt: DescribedRecordType) =>
      rt.picklistValues ?? (rt.recordTypeId ? fromLayouts.get(toId18(rt.recordTypeId) ?? rt.recordTypeId) : undefined);
    const masterValues = master ? valuesOf(master) : undefined;
    if (masterValues) masterPicklistValues[describe.name] = masterValues;
    // An overwrite keeps the live record's record type; its values are filtered for that one (R11).
    const byType: Record<string, Record<string, string[]>> = {};
    for (const rt of infos ?? []) {
      const id = rt.recordTypeId ? toId18(rt.recordTypeId) : undefined;
      const values = valuesOf(rt);
      if (id && values) byType[id] = values;
    }
    recordTypePicklistValues[describe.name] = byType;
  }

  return {
    org: { records, references, files, attachments, masterPicklistValues, recordTypePicklistValues },
    adminUserId: await adminUserIdOf(conn, counter),
    apiCalls: counter.calls,
  };
}

/** readOrgState's options for the metadata a read goes by, and the describe to send along. */
export function readOptions(metadata: LiveMetadata, alongside?: AlongsideRequest) {
  return {
    ...(metadata.typesByPrefix ? { typesByPrefix: metadata.typesByPrefix } : {}),
    ...(metadata.recordTypes ? { recordTypes: metadata.recordTypes } : {}),
    ...(alongside ? { alongside } : {}),
  };
}

/** The picklist values each record type allows (by 18-character record type id), from the layouts describe. */
async function picklistsFromLayouts(
  conn: Connection,
  objectType: string,
  counter: CallCounter,
): Promise<Map<string, Record<string, string[]>>> {
  const layouts = await countedRequest<LayoutsAnswer>(
    conn,
    `/sobjects/${objectType}/describe/layouts`,
    DEFAULT_RETRY_POLICY,
    counter,
  );
  return recordTypePicklists(layouts);
}

function toLiveRecord(state: LiveRecordState | undefined): LiveRecord {
  if (!state || state.state === 'absent') return { state: 'absent' };
  if (state.state === 'deleted') return { state: 'deleted' };
  return { state: 'exists', lastModifiedDate: state.lastModifiedDate, recordTypeId: state.recordTypeId };
}

async function adminUserIdOf(conn: Connection, counter: CallCounter): Promise<string> {
  const known = conn.userInfo?.id;
  if (known) return known;
  // A connection made from an instance URL and access token has no identity URL for conn.identity():
  // the OpenID userinfo endpoint answers for the token's user on any instance.
  // It names the org too: kept, so later backups skip their Organization query and the planner can
  // tell a snapshot of another org apart (restores are in place).
  const info = await conn.request<{ user_id: string; organization_id?: string }>(
    `${conn.instanceUrl}/services/oauth2/userinfo`,
  );
  counter.calls++;
  conn.userInfo = {
    ...conn.userInfo,
    id: info.user_id,
    ...(info.organization_id && !conn.userInfo?.organizationId ? { organizationId: info.organization_id } : {}),
  } as typeof conn.userInfo;
  return info.user_id;
}
