// file-writer: public face. Writer logic for files (R15–R19) and attachments (R13, R14), free of
// NATS, and the NATS service around it.
export { FileWriterError, type FileWriterErrorCode } from './errors.ts';
export {
  type AttachmentRestore,
  type AttachmentRestoreResult,
  METADATA_ONLY_PLACEHOLDER,
  restoreAttachment,
} from './restore-attachment.ts';
export {
  type FileLink,
  type FileRestore,
  type FileRestoreAction,
  type FileRestoreInput,
  type FileRestoreResult,
  type LinkOutcome,
  RESTORE_REASON,
  type RestoreFilesOptions,
  type RestoreFilesReport,
  restoreFile,
  restoreFiles,
} from './restore-file.ts';
export type { FileWriterSeams, VersionInserted } from './seams.ts';
export {
  DEFAULT_FILES_IN_HAND,
  DEFAULT_FILES_PER_GROUP,
  type FileWriterOptions,
  type FileWriterService,
  handleAttachmentTask,
  handleFileTask,
  handleFileTasks,
  startFileWriter,
} from './service.ts';
