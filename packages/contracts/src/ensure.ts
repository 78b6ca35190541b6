// Creates (or brings up to date) every stream, durable consumer, KV bucket and object-store bucket
// restorelab needs. Safe to call on every service start: existing items are updated in place.
import type { ConsumerConfig, JetStreamManager, StreamConfig } from '@nats-io/jetstream';
import { AckPolicy, DeliverPolicy, JetStreamApiError, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import { CONSUMERS, KV_BUCKETS, OBJECT_BUCKETS, REDELIVERY, STREAMS, SUBJECTS } from './subjects.ts';

const DAY_MS = 24 * 60 * 60_000;
const nanos = (ms: number) => ms * 1_000_000;

export interface EnsureOptions {
  /** `file` (default) survives restarts; `memory` suits throwaway tests. */
  storage?: 'file' | 'memory';
  /** How long job events and dead letters are kept (default 7 days). */
  retainMs?: number;
  /**
   * Copies of every stream, KV bucket and object bucket on a JetStream cluster (1-5; a cluster of 3
   * wants 3). Unset: new items get 1 and existing streams keep theirs (a planner started without it
   * never scales a cluster's streams down). Existing KV and object buckets keep theirs either way.
   */
  replicas?: number;
}

type StreamSpec = Pick<StreamConfig, 'name' | 'subjects' | 'retention'> & { maxAgeMs: number };

/** The streams restorelab uses, with the part of their configuration that matters. */
export function streamSpecs(options: EnsureOptions = {}): StreamSpec[] {
  const retain = options.retainMs ?? 7 * DAY_MS;
  return [
    {
      name: STREAMS.records,
      subjects: [SUBJECTS.recordBatchAll],
      retention: RetentionPolicy.Workqueue,
      maxAgeMs: retain,
    },
    { name: STREAMS.files, subjects: [SUBJECTS.fileWorkAll], retention: RetentionPolicy.Workqueue, maxAgeMs: retain },
    { name: STREAMS.results, subjects: [SUBJECTS.resultsAll], retention: RetentionPolicy.Workqueue, maxAgeMs: retain },
    { name: STREAMS.events, subjects: [SUBJECTS.jobEventsAll], retention: RetentionPolicy.Limits, maxAgeMs: retain },
    {
      name: STREAMS.deadLetters,
      subjects: [SUBJECTS.deadLettersAll],
      retention: RetentionPolicy.Limits,
      maxAgeMs: retain,
    },
  ];
}

/** The durable work consumers: explicit ack, bounded redelivery with backoff. */
export function consumerSpecs(): Array<{ stream: string; config: ConsumerConfig }> {
  const work = (durable: string, filter: string): ConsumerConfig =>
    ({
      durable_name: durable,
      filter_subject: filter,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_deliver: REDELIVERY.maxDeliver,
      backoff: REDELIVERY.backoffMs.map(nanos),
      // Results and work are small; many in flight keep the writers busy without flooding one of them.
      max_ack_pending: 1000,
    }) as ConsumerConfig;
  return [
    { stream: STREAMS.records, config: work(CONSUMERS.recordWriter, SUBJECTS.recordBatchAll) },
    { stream: STREAMS.files, config: work(CONSUMERS.fileWriter, SUBJECTS.fileWorkAll) },
    { stream: STREAMS.results, config: work(CONSUMERS.plannerResults, SUBJECTS.resultsAll) },
  ];
}

/**
 * Makes sure everything exists.
 *
 * ```ts
 * const jsm = await jetstreamManager(nc);
 * await ensureJetStream(jsm);
 * ```
 */
export async function ensureJetStream(jsm: JetStreamManager, options: EnsureOptions = {}): Promise<void> {
  const storage = options.storage === 'memory' ? StorageType.Memory : StorageType.File;
  for (const spec of streamSpecs(options)) {
    const config: Partial<StreamConfig> & { name: string } = {
      name: spec.name,
      subjects: spec.subjects,
      retention: spec.retention,
      storage,
      max_age: nanos(spec.maxAgeMs),
      duplicate_window: nanos(REDELIVERY.duplicateWindowMs),
    };
    const current = await infoOf(() => jsm.streams.info(spec.name));
    if (current) {
      // Retention and storage cannot change on a live stream; the rest can.
      const { retention: _r, storage: _s, ...updatable } = config;
      await jsm.streams.update(spec.name, {
        ...updatable,
        num_replicas: options.replicas ?? current.config.num_replicas,
      });
    } else {
      await jsm.streams.add({ ...config, num_replicas: options.replicas ?? 1 });
    }
  }
  for (const { stream, config } of consumerSpecs()) {
    const name = config.durable_name!;
    if (await exists(() => jsm.consumers.info(stream, name))) {
      const { durable_name: _d, deliver_policy: _p, ack_policy: _a, ...updatable } = config;
      await jsm.consumers.update(stream, name, updatable);
    } else {
      await jsm.consumers.add(stream, config);
    }
  }
  const js = jsm.jetstream();
  const kvm = new Kvm(js);
  const replicas = options.replicas ?? 1;
  for (const bucket of Object.values(KV_BUCKETS)) await kvm.create(bucket, { storage, replicas });
  const objm = new Objm(js);
  await objm.create(OBJECT_BUCKETS.content, { storage, replicas });
}

/** The JetStream items every service uses, by their stream names, and the durable consumers. */
function requiredItems(): { streams: string[]; consumers: Array<{ stream: string; durable: string }> } {
  return {
    streams: [
      ...streamSpecs().map((s) => s.name),
      ...Object.values(KV_BUCKETS).map((b) => `KV_${b}`),
      `OBJ_${OBJECT_BUCKETS.content}`,
    ],
    consumers: consumerSpecs().map(({ stream, config }) => ({ stream, durable: config.durable_name! })),
  };
}

/** The items `ensureJetStream` makes that do not exist yet (stream names, `stream/durable`). */
export async function missingJetStream(jsm: JetStreamManager): Promise<string[]> {
  const { streams, consumers } = requiredItems();
  const missing: string[] = [];
  for (const name of streams) if (!(await exists(() => jsm.streams.info(name)))) missing.push(name);
  for (const { stream, durable } of consumers)
    if (!(await exists(() => jsm.consumers.info(stream, durable)))) missing.push(`${stream}/${durable}`);
  return missing;
}

/**
 * Waits until everything `ensureJetStream` makes exists, without making anything: for services that
 * may only use JetStream (a writer on a shared server, whose NATS user has no right to create or
 * change streams; the planner sets them up). Throws after `timeoutMs` naming what is still missing.
 */
export async function awaitJetStream(
  jsm: JetStreamManager,
  options: { timeoutMs?: number; pollMs?: number; onWait?: (missing: string[]) => void } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let told = false;
  for (;;) {
    const missing = await missingJetStream(jsm);
    if (missing.length === 0) return;
    if (Date.now() >= deadline) throw new Error(`JetStream is not set up: ${missing.join(', ')} missing`);
    if (!told) options.onWait?.(missing);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
}

async function infoOf<T>(info: () => Promise<T>): Promise<T | undefined> {
  try {
    return await info();
  } catch (err) {
    if (err instanceof JetStreamApiError && err.status === 404) return undefined;
    throw err;
  }
}

async function exists(info: () => Promise<unknown>): Promise<boolean> {
  try {
    await info();
    return true;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.status === 404) return false;
    throw err;
  }
}
