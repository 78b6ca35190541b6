// Whether the snapshot's describes still hold for the live org: one global describe asked
// If-Modified-Since the snapshot's describe. A 304 lets the snapshot's describes stand (prefixes,
// record types, picklists); a 200 brings the live object list. The question rides along the first
// Composite call of the live read (Composite takes any sObject resource, the global describe among
// them, with headers of its own per subrequest), so it costs no call of its own; the read is taken
// on the snapshot's word and made again in the rare case the org says its metadata changed.
import type { SnapshotSlice } from '@restorelab/restore-plan';
import {
  type AlongsideRequest,
  type CallCounter,
  countedRequest,
  DEFAULT_RETRY_POLICY,
} from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';

/** What the snapshot's describe still says of the live org. */
export interface LiveMetadata {
  /** The org answered 304: no object's metadata changed since the snapshot's describe. */
  unchanged: boolean;
  /** Key prefix → object type: the snapshot's when unchanged, the live global describe's otherwise. */
  typesByPrefix?: ReadonlyMap<string, string>;
  /** Object type → whether it has a RecordTypeId column (the snapshot's, when unchanged). */
  recordTypes?: ReadonlyMap<string, boolean>;
}

type GlobalDescribe = { sobjects?: Array<{ name: string; keyPrefix?: string | null }> };

/**
 * Asks the global describe once, on its own call, If-Modified-Since the snapshot's describe.
 * Without `describedSince` nothing is asked and nothing is known.
 */
export async function readLiveMetadata(
  conn: Connection,
  schema: SnapshotSlice['schema'],
  describedSince: string | undefined,
  counter: CallCounter,
): Promise<LiveMetadata> {
  if (!describedSince) return { unchanged: false };
  const global = await countedRequest<GlobalDescribe | ''>(
    conn,
    { method: 'GET', url: '/sobjects', headers: { 'If-Modified-Since': describedSince } },
    DEFAULT_RETRY_POLICY,
    counter,
  );
  // jsforce hands a 304 over as an empty body; a body is the live object list.
  return global ? changedMetadata(global) : snapshotMetadata(schema);
}

/** The metadata as the snapshot's describes give it: what a 304 confirms. */
function snapshotMetadata(schema: SnapshotSlice['schema']): LiveMetadata {
  const prefixes = new Map<string, string>();
  for (const o of schema.global ?? []) if (o.keyPrefix) prefixes.set(o.keyPrefix, o.name);
  const recordTypes = new Map<string, boolean>();
  for (const o of schema.objects) {
    if (o.keyPrefix) prefixes.set(o.keyPrefix, o.name);
    const custom = o.recordTypeInfos.some((rt) => !rt.master);
    recordTypes.set(o.name, custom || o.fields.some((f) => f.name === 'RecordTypeId'));
  }
  return { unchanged: true, typesByPrefix: prefixes, recordTypes };
}

function changedMetadata(global: GlobalDescribe): LiveMetadata {
  const prefixes = new Map<string, string>();
  for (const o of global.sobjects ?? []) if (o.keyPrefix) prefixes.set(o.keyPrefix, o.name);
  return { unchanged: false, typesByPrefix: prefixes };
}

/**
 * The describe check of one plan, settled by the first read that carries it: reads before it is
 * settled are made on the snapshot's word with the describe alongside; reads after use what it said.
 */
export class MetadataCheck {
  readonly #conn: Connection;
  readonly #schema: SnapshotSlice['schema'];
  readonly #describedSince: string | undefined;
  readonly #counter: CallCounter;
  #settled: LiveMetadata | undefined;

  constructor(
    conn: Connection,
    schema: SnapshotSlice['schema'],
    describedSince: string | undefined,
    counter: CallCounter,
    /** Known already (asked by the caller): nothing is asked. */
    known?: LiveMetadata,
  ) {
    this.#conn = conn;
    this.#schema = schema;
    this.#describedSince = describedSince;
    this.#counter = counter;
    this.#settled = known ?? (describedSince ? undefined : { unchanged: false });
  }

  /** What the check found; asked on its own call when no read has carried it yet. */
  async metadata(): Promise<LiveMetadata> {
    this.#settled ??= await readLiveMetadata(this.#conn, this.#schema, this.#describedSince, this.#counter);
    return this.#settled;
  }

  /**
   * Runs a read of the org with the metadata to read by: until the check is settled, the snapshot's,
   * with the describe to send alongside. When the org says its metadata changed, the read is made
   * again with the org's own; when the describe was not sent or not answered, it is asked alone.
   */
  async read<T>(readWith: (metadata: LiveMetadata, alongside?: AlongsideRequest) => Promise<T>): Promise<T> {
    if (this.#settled) return readWith(this.#settled);
    const since = this.#describedSince as string;
    let answer: { status: number; body: unknown } | undefined;
    const assumed = snapshotMetadata(this.#schema);
    const result = await readWith(assumed, {
      url: '/sobjects',
      httpHeaders: { 'If-Modified-Since': since },
      answered: (status, body) => {
        answer = { status, body };
      },
    });
    if (answer?.status === 304) this.#settled = assumed;
    else if (answer?.status === 200 && answer.body && typeof answer.body === 'object') {
      this.#settled = changedMetadata(answer.body as GlobalDescribe);
    } else this.#settled = await readLiveMetadata(this.#conn, this.#schema, since, this.#counter);
    return this.#settled.unchanged ? result : readWith(this.#settled);
  }
}
