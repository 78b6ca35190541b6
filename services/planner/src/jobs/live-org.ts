// Reads what the plan needs to know about the live org (OrgState) through jsforce: the state of
// every record, outside reference, file and attachment of the restore, and the picklist values each
// record type allows (R11: the master's for creates, the live record's own for overwrites). Queries
// go in full chunks (readOrgState / readFileState), so the calls stay near the lower bound;
// describes are asked once per object type of the restore.
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
  type CallCounter,
  countedRequest,
  DEFAULT_RETRY_POLICY,
  type LiveRecordState,
  readFileState,
  readOrgState,
} from '@restorelab/salesforce/client';
import type { SnapshotStore } from '@restorelab/snapshots';
import type { Connection } from 'jsforce';

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
): Promise<LiveOrgRead> {
  const counter: CallCounter = { calls: 0, retries: 0 };
  const options = { counter };
  // One pass over records, references and attachments: readOrgState groups ids by object type.
  // Configuration objects (users, groups, roles, profiles, record types, the org) are never
  // soft-deleted and have no IsDeleted column: they are not asked about and count as existing.
  const referenceIds = query.referenceIds.filter((id) => !CONFIGURATION_KEY_PREFIXES.has(id.slice(0, 3)));
  const states = await readOrgState(conn, [...query.recordIds, ...referenceIds, ...query.attachmentIds], options);
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

  const files = new Map<string, LiveFile>();
  if (query.contentDocumentIds.length > 0) {
    // With each live document's links: a file to version or overwrite plans only the links it lacks (R17).
    const live = await readFileState(conn, query.contentDocumentIds, { ...options, fileLinks: true });
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
  }

  const masterPicklistValues: Record<string, Record<string, string[]>> = {};
  const recordTypePicklistValues: Record<string, Record<string, Record<string, string[]>>> = {};
  const withRecordTypes = query.objectTypes
    .map((type) => slice.schema.objects.find((o) => o.name === type))
    .filter((d): d is NonNullable<typeof d> => d !== undefined && d.recordTypeInfos.length > 0);
  // Asked with If-Modified-Since the snapshot's describe: a 304 to the global describe says no
  // object's metadata changed since, so every describe of the snapshot still holds (one call, not
  // one per object); after a change, each object's describe is asked the same way.
  let unchanged = false;
  if (describedSince && withRecordTypes.length > 0) {
    const global = await countedRequest<unknown>(
      conn,
      { method: 'GET', url: '/sobjects', headers: { 'If-Modified-Since': describedSince } },
      DEFAULT_RETRY_POLICY,
      counter,
    );
    unchanged = !global; // jsforce hands a 304 over as an empty body
  }
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
