// The runtime's one error family. Every error carries a stable `code` so callers (and the CLI's exit
// path) can branch on it without matching message text.

export type RuntimeErrorCode = 'CONFIG_INVALID' | 'NATS_SERVER_MISSING' | 'NATS_START_FAILED';

export class RuntimeError extends Error {
  override name = 'RuntimeError';
  readonly code: RuntimeErrorCode;

  constructor(code: RuntimeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** One problem with one environment variable. */
export interface ConfigProblem {
  /** The variable's name, e.g. `NATS_URL` (or `(environment)` when no single variable is at fault). */
  variable: string;
  /** What is wrong, e.g. `must be a nats:// URL, got "http://x"`. Never echoes a secret. */
  problem: string;
}

/**
 * A bad or missing environment variable. `message` is always ONE line, starting with the variable name,
 * so it can be printed as-is when the process refuses to start.
 */
export class ConfigError extends RuntimeError {
  override name = 'ConfigError';
  /** The first variable at fault. */
  readonly variable: string;
  /** Every problem found, first one first. */
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    const [first, ...rest] = problems.length > 0 ? problems : [{ variable: '(environment)', problem: 'is invalid' }];
    const line = [first!, ...rest].map((p) => `${p.variable}: ${p.problem}`).join('; ');
    super('CONFIG_INVALID', oneLine(line), options);
    this.variable = first!.variable;
    this.problems = [first!, ...rest];
  }
}

/** The `nats-server` binary could not be found, and no NATS_URL was given. */
export class NatsServerMissingError extends RuntimeError {
  override name = 'NatsServerMissingError';
  /** Where we looked. */
  readonly searched: readonly string[];

  constructor(searched: readonly string[]) {
    super(
      'NATS_SERVER_MISSING',
      'nats-server not found (looked on PATH and in /usr/sbin and other system folders); install it ' +
        '(Debian/Ubuntu: apt-get install nats-server) or set NATS_URL to an existing server',
    );
    this.searched = searched;
  }
}

/** nats-server was found but did not start, or did not answer in time. */
export class NatsStartError extends RuntimeError {
  override name = 'NatsStartError';
  /** The tail of the server's stderr, for diagnosis. */
  readonly stderr: string;
  /** The process's exit code, when it exited. */
  readonly exitCode: number | null;

  constructor(message: string, details: { stderr: string; exitCode?: number | null; cause?: unknown }) {
    const tail = details.stderr.trim();
    super('NATS_START_FAILED', tail ? `${message}\nnats-server stderr:\n${tail}` : message, { cause: details.cause });
    this.stderr = details.stderr;
    this.exitCode = details.exitCode ?? null;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
