// The one error family of the contracts package: a message that does not match its contract.
// Services catch it at the boundary and dead-letter the message instead of retrying it.

export type ContractErrorCode = 'SCHEMA_INVALID' | 'SCHEMA_VERSION_UNSUPPORTED';

export class ContractError extends Error {
  override readonly name = 'ContractError';
  readonly code: ContractErrorCode;
  /** The message kind the bytes were checked against (e.g. `recordBatch`). */
  readonly kind: string;
  /** Readable problems, one per offending path. */
  readonly issues: readonly string[];

  constructor(code: ContractErrorCode, kind: string, issues: readonly string[], options?: { cause?: unknown }) {
    super(
      `${kind}: ${code === 'SCHEMA_INVALID' ? 'invalid message' : 'unsupported schema version'}: ${issues.join('; ')}`,
      options,
    );
    this.code = code;
    this.kind = kind;
    this.issues = issues;
  }
}
