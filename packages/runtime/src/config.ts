// Config from environment variables, validated once at start. A service describes the variables it reads as
// a zod object keyed by variable name (built from the pieces in env.ts) and calls `loadConfig`; a bad or
// missing value becomes a ConfigError whose message is one line naming the variable.

import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './errors.ts';

export type Env = Record<string, string | undefined>;

/**
 * Parses `env` with `schema` and returns the typed config, or throws a ConfigError.
 * An empty variable (`FOO=`) counts as unset, so `FOO= cmd` can switch a default back on.
 *
 * @example
 * const config = loadConfig(z.object({ NATS_URL: natsUrl, LOG_LEVEL: logLevel }));
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  const cleaned: Env = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map(toProblem), { cause: result.error });
}

function toProblem(issue: z.core.$ZodIssue): ConfigProblem {
  const variable = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)';
  // zod's own wording for a missing key is "Invalid input: expected string, received undefined".
  const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
  return { variable, problem: missing ? 'is required but not set' : issue.message };
}

/** What `exitOnConfigError` needs from the process; injectable for tests. */
export interface ExitIo {
  writeError(line: string): void;
  exit(code: number): never;
}

const processIo: ExitIo = {
  writeError: (line) => process.stderr.write(line),
  exit: (code) => process.exit(code),
};

/**
 * Runs `load` and returns its result; when it throws a ConfigError, prints its one line to stderr (no stack)
 * and exits with status 1. Other errors pass through untouched.
 *
 * @example
 * const config = exitOnConfigError(() => loadConfig(plannerEnv));
 */
export function exitOnConfigError<T>(load: () => T, io: ExitIo = processIo): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      io.writeError(`config error: ${error.message}\n`);
      return io.exit(1);
    }
    throw error;
  }
}
