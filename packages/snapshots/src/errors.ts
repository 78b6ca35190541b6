// The one error family of the snapshot package. Every failure a caller may act on carries a stable
// `code` and names the item it is about, so "which blob, which snapshot, which step" is never guesswork.

export type SnapshotErrorCode =
  | 'STORE_CORRUPT'
  | 'STORE_OPEN_FAILED'
  | 'BLOB_CORRUPT'
  | 'BLOB_MISSING'
  | 'RECORD_CORRUPT'
  | 'SNAPSHOT_NOT_FOUND'
  | 'SNAPSHOT_INCOMPLETE'
  | 'ITEM_NOT_FOUND'
  | 'WRITER_CLOSED'
  /** A writer method called while queued records are still being written (SnapshotWriter.queueRecords). */
  | 'WRITER_BUSY'
  | 'BACKUP_FAILED'
  | 'BAD_PATH'
  | 'BAD_INPUT'
  | 'UNKNOWN_OBJECTS'
  | 'SHARE_TOKEN_INVALID'
  | 'SHARE_TOKEN_EXPIRED'
  | 'SHARE_REVOKED'
  | 'SHARE_NOT_FOUND';

export class SnapshotError extends Error {
  override name = 'SnapshotError';
  readonly code: SnapshotErrorCode;
  /** What the error is about: a blob hash, a snapshot id, a record id, a file path or a backup step. */
  readonly item: string | undefined;

  constructor(code: SnapshotErrorCode, message: string, options: { item?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.item = options.item;
  }
}

/** A backup that stopped: `step` says what it was doing (e.g. `query Account`, `download ContentVersion 068…`). */
export class BackupError extends SnapshotError {
  override name = 'BackupError';
  readonly step: string;

  constructor(step: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super('BACKUP_FAILED', `backup failed at ${step}: ${why}`, { item: step, cause });
    this.step = step;
  }
}
