// The worker package's error family. A handler throws RetryLaterError to have its message
// redelivered later; anything else that escapes a handler settles the message as the consumer says.

export type WorkerErrorCode = 'RETRY_LATER';

/** Thrown by a handler to ask for a later redelivery (the org is busy, the network dropped). */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  readonly code: WorkerErrorCode = 'RETRY_LATER';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
  }
}
