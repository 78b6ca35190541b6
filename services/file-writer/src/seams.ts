// Fault seams: typed hooks that bend the file writer on purpose, so the conformance suite can prove
// that a rule whose break lives in the writer (owner, sharing, modification time, versions) is
// caught on the writer that ships (suite power). Reached only through `startFileWriter`'s options in
// code (apps/stack passes them on), never from the environment or a message. Absent, each costs one
// `undefined` check where it would apply.
import type { FileTask } from '@restorelab/contracts';
import type { Connection } from 'jsforce';
import type { FileRestore } from './restore-file.ts';

export interface FileWriterSeams {
  /** A file task as the writer takes it (its owner, R15; its sharing, R17); `runAs` is the writer's user. */
  fileTask?(task: FileTask, context: { runAs: string | undefined }): FileTask;
  /** The fields of a ContentVersion insert, just before they are sent (the modification time, R18). */
  versionFields?(fields: Record<string, unknown>, task: FileRestore): Record<string, unknown>;
  /** Right after a file's version is inserted and recorded, on the writer's own connection (R16). */
  versionInserted?(inserted: VersionInserted): Promise<void>;
}

export interface VersionInserted {
  conn: Connection;
  task: FileTask;
  contentVersionId: string;
  content: Uint8Array | undefined;
}
