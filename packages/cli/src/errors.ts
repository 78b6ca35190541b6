// The CLI's one error family. Anything thrown as a CliError is shown as its message (every line of it:
// the lines after the first often say what to do) and a non-zero exit; anything else is a bug and shows
// its stack only with --debug.

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

/** The message for a person: a known error's own, or a short description of an unexpected one. */
export function describeError(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // The whole message: "… deploy it with:" is followed by the command to run.
    const message = error.message.trimEnd();
    // Node's own errors already start with their code ("ENOENT: no such file…"): say it once.
    const prefix = typeof code === 'string' && !message.startsWith(code) ? `${code}: ` : '';
    return `${prefix}${message}`;
  }
  return String(error);
}

/** The error code scripts see: a CliError's own, a Node error's (ENOENT …), else UNEXPECTED. */
export function errorCode(error: unknown): string {
  if (error instanceof CliError) return error.code;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'UNEXPECTED';
}

/**
 * The JSON document `--json` prints on stdout when a command fails, shaped like the Salesforce CLI's
 * (status and exitCode are the process's exit code; name the error's code), so scripts read one object
 * whether the command worked or not.
 */
export function errorDocument(code: string, message: string, exitCode: number) {
  return { status: exitCode, name: code, message, exitCode };
}
