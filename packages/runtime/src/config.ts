// Config from environment variables, validated once at start. A service describes the variables it reads as
// a zod object keyed by variable name (built from the pieces in env.ts) and calls `loadConfig`; a bad or
// missing value becomes a ConfigError whose message is one line naming the variable.
// A secret may instead come from a file named by `<NAME>_FILE` (a mounted secret, never in the environment).

import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { SECRET_FILE_VARIABLES } from './env.ts';
import { ConfigError, type ConfigProblem } from './errors.ts';

export type Env = Record<string, string | undefined>;

/**
 * Parses `env` with `schema` and returns the typed config, or throws a ConfigError.
 * An empty variable (`FOO=`) counts as unset, so `FOO= cmd` can switch a default back on.
 * Each secret in SECRET_FILE_VARIABLES may be given as `<NAME>_FILE`, a path whose content (one trailing
 * newline dropped) is the value; setting both is an error. The file is read on every call.
 *
 * @example
 * const config = loadConfig(z.object({ NATS_URL: natsUrl, LOG_LEVEL: logLevel }));
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  const cleaned: Env = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const fileProblems = readSecretFiles(cleaned);
  if (fileProblems.length > 0) throw new ConfigError(fileProblems);
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map(toProblem), { cause: result.error });
}

/** Replaces each `<NAME>_FILE` in `env` (in place) by `<NAME>` holding the file's content. */
function readSecretFiles(env: Env): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const name of SECRET_FILE_VARIABLES) {
    const variable = `${name}_FILE`;
    const path = env[variable];
    if (path === undefined) continue;
    delete env[variable];
    if (env[name] !== undefined) {
      problems.push({ variable, problem: `set ${name} or ${variable}, not both` });
      continue;
    }
    let content: string;
    try {
      content = readFileSync(path, 'utf8');
    } catch (error) {
      // The path is not a secret; the content never appears.
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push({ variable, problem: `cannot read ${JSON.stringify(path)} (${code})` });
      continue;
    }
    const value = content.replace(/\r?\n$/, '');
    if (value === '') problems.push({ variable, problem: `${JSON.stringify(path)} is empty` });
    else env[name] = value;
  }
  return problems;
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
