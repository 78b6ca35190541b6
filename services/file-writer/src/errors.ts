// file-writer's error family: failures of the service around the writer logic (missing content,
// content that does not match its task). Salesforce failures of an item become item results.

export type FileWriterErrorCode =
  /** The content named by a task is not in the object-store bucket. */
  | 'CONTENT_MISSING'
  /** The content's size or hash differs from what the task says it is. */
  | 'CONTENT_MISMATCH';

export class FileWriterError extends Error {
  override name = 'FileWriterError';
  readonly code: FileWriterErrorCode;
  /** The object-store key the failure is about. */
  readonly contentKey: string | undefined;

  constructor(code: FileWriterErrorCode, message: string, options: { cause?: unknown; contentKey?: string } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.contentKey = options.contentKey;
  }
}
