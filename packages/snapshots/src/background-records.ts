// Hands pages of records to the background record writer (record-worker.ts) and keeps at most a
// few in flight: a backup reads the next page while the worker writes the last ones, and waits
// only when the worker falls behind, so memory stays bounded by a few pages.
import { Worker } from 'node:worker_threads';
import { SnapshotError, type SnapshotErrorCode } from './errors.ts';
import type { PageResult, PreparedPage } from './record-pages.ts';

/**
 * Pages handed over and not yet written before `push` waits. Four REST pages (8,000 records, a few
 * MB) let the reads run on while the worker starts (its modules load in 0.1-0.3 s).
 */
const IN_FLIGHT = 4;

interface Answer {
  id: number;
  result?: PageResult;
  error?: { code?: SnapshotErrorCode; item?: string; message: string };
}

export class BackgroundRecords {
  readonly #worker: Worker;
  readonly #onWritten: (result: PageResult) => void;
  readonly #waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  readonly #inFlight = new Set<Promise<void>>();
  #next = 0;
  #failure: Error | undefined;

  constructor(setup: { path: string; seq: number; checkpointPages: number }, onWritten: (result: PageResult) => void) {
    this.#onWritten = onWritten;
    this.#worker = new Worker(new URL('./record-worker.ts', import.meta.url), { workerData: setup });
    this.#worker.on('message', (answer: Answer) => this.#answer(answer));
    this.#worker.on('error', (err) => this.#failAll(err));
    this.#worker.on('exit', (code) => {
      if (this.#waiting.size > 0) this.#failAll(new Error(`the background record writer exited (code ${code})`));
    });
  }

  /** Pages handed over and not yet written. */
  get pending(): number {
    return this.#inFlight.size;
  }

  /** Hands a page over; resolves once fewer than IN_FLIGHT pages wait, rejects after a failed page. */
  async push(page: PreparedPage): Promise<void> {
    if (this.#failure) throw this.#failure;
    const id = this.#next++;
    const written = new Promise<void>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    const tracked = written.finally(() => this.#inFlight.delete(tracked));
    // A failure is kept in #failure and thrown by push or settle; the tracked promise itself is never unhandled.
    tracked.catch(() => {});
    this.#inFlight.add(tracked);
    this.#worker.postMessage({ id, page });
    while (this.#inFlight.size >= IN_FLIGHT && !this.#failure) await Promise.race(this.#inFlight).catch(() => {});
    if (this.#failure) throw this.#failure;
  }

  /** Waits for every page handed over; throws the first failure. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
    if (this.#failure) throw this.#failure;
  }

  /** Ends the worker (after settle, or to give up); its connection closes. */
  close(): void {
    this.#worker.postMessage('close');
    this.#worker.unref();
  }

  #answer(answer: Answer): void {
    const waiting = this.#waiting.get(answer.id);
    if (!waiting) return;
    this.#waiting.delete(answer.id);
    if (answer.result) {
      this.#onWritten(answer.result);
      waiting.resolve();
      return;
    }
    const e = answer.error ?? { message: 'no answer' };
    const err = e.code ? new SnapshotError(e.code, e.message, { item: e.item }) : new Error(e.message);
    this.#failure ??= err;
    waiting.reject(err);
  }

  #failAll(err: Error): void {
    this.#failure ??= err;
    for (const waiting of this.#waiting.values()) waiting.reject(err);
    this.#waiting.clear();
  }
}
