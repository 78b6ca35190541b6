// Sending a step's work to the writers: file contents into the object store first (a task is never
// seen before its content), then the work messages on JetStream under deterministic message ids,
// so work published again (a restart, a retry) is dropped by the stream's duplicate window.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { ObjectStore } from '@nats-io/obj';
import { encodeMessage, MSG_IDS, SUBJECTS } from '@restorelab/contracts';
import type { RestorePlan } from '@restorelab/restore-plan';
import type { SnapshotStore } from '@restorelab/snapshots';
import type { WorkSeam } from '../seams.ts';
import { withRetries } from './retry.ts';
import { contentKey, type StepWork } from './work.ts';

/** Contents uploaded and work messages published at once. */
const UPLOADS_AT_ONCE = 16;
/** Content up to this size is uploaded without first asking whether the object store has it. */
const UPLOAD_WITHOUT_LOOKUP_BYTES = 64 * 1024;
const PUBLISHES_AT_ONCE = 50;
/** Runs `fn` over the items, `size` at a time. */
async function inChunks<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export class WorkPublisher {
  readonly #js: JetStreamClient;
  readonly #content: ObjectStore;
  readonly #store: SnapshotStore;
  /** Suite power only: bends each message before it is published (see seams.ts). */
  readonly #seam: WorkSeam | undefined;

  constructor(js: JetStreamClient, content: ObjectStore, store: SnapshotStore, seam?: WorkSeam) {
    this.#js = js;
    this.#content = content;
    this.#store = store;
    this.#seam = seam;
  }

  /**
   * Publishes a step's work in slices: a slice's file contents go into the object store first, a
   * few at a time, then its messages, pipelined rather than one round trip each; the writers start
   * on the first slice while the next uploads.
   */
  async publish(work: readonly StepWork[], attempt: number | undefined, plan?: RestorePlan): Promise<void> {
    const uploaded = new Set<string>();
    for (let i = 0; i < work.length; i += PUBLISHES_AT_ONCE) {
      const slice = work.slice(i, i + PUBLISHES_AT_ONCE);
      // Content hash → its size when the task says it (files), else undefined.
      const hashes = new Map<string, number | undefined>();
      for (const w of slice) {
        const hash = w.kind === 'file' ? w.contentHash : w.kind === 'attachment' ? w.bodyHash : null;
        if (hash && !uploaded.has(hash)) hashes.set(hash, w.kind === 'file' ? w.message.contentSize : undefined);
      }
      await inChunks([...hashes], UPLOADS_AT_ONCE, ([hash, size]) => this.#uploadContent(hash, size));
      for (const hash of hashes.keys()) uploaded.add(hash);
      await Promise.all(
        slice.map((w) =>
          this.#seam && plan ? this.#publishBent(w, attempt, plan, this.#seam) : this.#publishOne(w, attempt),
        ),
      );
    }
  }

  /** The copies a work seam answers for a message: the first under its own id, later ones under their own. */
  async #publishBent(w: StepWork, attempt: number | undefined, plan: RestorePlan, seam: WorkSeam): Promise<void> {
    const copies = seam(w, { plan });
    await Promise.all(
      copies.map(async (copy, n) => {
        const publish = () => this.#publishOne(copy.work, attempt, n === 0 ? '' : `.copy${n}`);
        if (!copy.delayMs) return publish();
        const timer = setTimeout(() => publish().catch(() => {}), copy.delayMs);
        timer.unref();
      }),
    );
  }

  /** A resumed job's work carries its attempt, in the message and in its id (see JobManager.resume). */
  async #publishOne(w: StepWork, attempt: number | undefined, copy = ''): Promise<void> {
    const jobId = w.message.jobId;
    const again = attempt !== undefined && attempt > 1 ? { attempt } : {};
    let subject: string;
    let data: Uint8Array;
    let msgID: string;
    if (w.kind === 'records') {
      subject = SUBJECTS.recordBatch(jobId);
      data = encodeMessage('recordBatch', { ...w.message, ...again });
      msgID = MSG_IDS.recordBatch(jobId, w.message.wave, w.message.batchIndex, attempt) + copy;
    } else if (w.kind === 'file') {
      subject = SUBJECTS.fileTask(jobId);
      data = encodeMessage('fileTask', { ...w.message, ...again });
      msgID = MSG_IDS.fileTask(jobId, w.message.taskIndex, attempt) + copy;
    } else {
      subject = SUBJECTS.attachmentTask(jobId);
      data = encodeMessage('attachmentTask', { ...w.message, ...again });
      msgID = MSG_IDS.attachmentTask(jobId, w.message.taskIndex, attempt) + copy;
    }
    await withRetries(() => this.#js.publish(subject, data, { msgID }));
  }

  /**
   * File content travels through the object store, once per content hash. Content above a small
   * size is looked up first (another job or an earlier run may have uploaded it); small content is
   * just put again (same name, same bytes), since the look-up costs about what the upload does.
   */
  async #uploadContent(hash: string, given: number | undefined): Promise<void> {
    const name = contentKey(hash);
    // Attachments carry no size: the local blob's tells whether the look-up is worth a round trip.
    const size = given ?? (await this.#store.blobs.size(hash));
    if (
      (size === undefined || size > UPLOAD_WITHOUT_LOOKUP_BYTES) &&
      (await withRetries(() => this.#content.info(name)))
    )
      return;
    const blob = await this.#store.readBlob(hash);
    await withRetries(() => this.#content.putBlob({ name }, blob));
  }
}
