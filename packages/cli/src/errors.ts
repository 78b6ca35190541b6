// The CLI's one error family. Anything thrown as a CliError is shown as one line and a non-zero exit;
// anything else is a bug and shows its stack only with --debug.

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** Conformance: something was skipped and --allow-skips was not given. */
  skipped: 3,
} as const;

export class CliError extends Error {
  override name = 'CliError';
  readonly code: string;
  readonly exitCode: number;
  constructor(code: string, message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT.failure;
  }
}

/** A value given on the command line is not usable. */
export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(message: string) {
    super('USAGE', message, { exitCode: EXIT.usage });
  }
}

/** One line for a person: the message of a known error, or a short description of an unexpected one. */
export function describeError(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message.split('\n')[0] ?? '';
    // Node's own errors already start with their code ("ENOENT: no such file…"): say it once.
    const prefix = typeof code === 'string' && !message.startsWith(code) ? `${code}: ` : '';
    return `${prefix}${message}`;
  }
  return String(error);
}
