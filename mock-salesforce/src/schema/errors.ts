// The schema module's one error family: anything wrong in a metadata folder, a tree-data plan or
// a record file. Every error names the file it came from and says what is wrong with it, so a
// person fixing a fixture never has to guess.

export type SchemaErrorCode =
  | 'FILE_NOT_FOUND'
  | 'BAD_XML'
  | 'BAD_JSON'
  | 'BAD_METADATA'
  | 'UNKNOWN_FIELD_TYPE'
  | 'UNKNOWN_OBJECT'
  | 'BAD_TREE_PLAN'
  | 'BAD_TREE_RECORD'
  | 'UNRESOLVED_REFERENCE';

export class SchemaError extends Error {
  override name = 'SchemaError';
  readonly code: SchemaErrorCode;
  readonly file?: string;

  constructor(code: SchemaErrorCode, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(options.file ? `${options.file}: ${message}` : message, { cause: options.cause });
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
  }
}
