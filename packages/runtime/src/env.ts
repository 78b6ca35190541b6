// The environment variables the services and the CLI share, as zod schemas keyed by variable name.
// Compose them with `z.object({ NATS_URL: natsUrl, ... })` and read them with `loadConfig`.
// Messages echo the value they reject, except for secrets, which are never echoed.

import { z } from 'zod';

/** Every shared variable with what it means; the one place their names are written down. */
export const ENV_VARIABLES = {
  NATS_URL: 'NATS server(s) to use, e.g. nats://127.0.0.1:4222 (comma-separated for a cluster); unset = embedded',
  NATS_USER: 'NATS user name, with NATS_PASSWORD, when the server asks for a login (ignored by the embedded server)',
  NATS_PASSWORD: 'NATS password of NATS_USER (secret)',
  NATS_PASSWORD_FILE: 'file holding NATS_PASSWORD (a mounted secret); set one of the two',
  JETSTREAM_REPLICAS:
    'copies of every stream and bucket the planner sets up on a JetStream cluster, 1-5 (default: 1 for new ones, existing ones keep theirs)',
  NATS_SERVER_BIN: 'path of the nats-server binary for the embedded server (default: PATH, then /usr/sbin etc.)',
  LOG_LEVEL: 'fatal | error | warn | info | debug | trace | silent (default info)',
  SF_LOGIN_URL: 'Salesforce login URL for username/password login (default https://login.salesforce.com)',
  SF_USERNAME: 'Salesforce username (with SF_PASSWORD)',
  SF_PASSWORD: 'Salesforce password (secret)',
  SF_TOKEN: 'Salesforce security token appended to the password, when the org requires one (secret)',
  SF_INSTANCE_URL: 'Salesforce instance URL for an existing session (with SF_ACCESS_TOKEN)',
  SF_ACCESS_TOKEN: 'Salesforce access token / session id for an existing session (secret)',
  PLANNER_PORT: 'port the planner HTTP API listens on, 0 = any free port (default 7420)',
  PLANNER_HOST: 'address the planner HTTP API binds (default 127.0.0.1; 0.0.0.0 inside a container)',
  PLANNER_ALLOWED_HOSTS:
    'comma-separated host names the planner answers to besides loopback names and IP addresses (Host check against DNS rebinding; * = any)',
  PLANNER_URL: 'where clients reach the planner HTTP API (default http://127.0.0.1:<PLANNER_PORT>)',
  PLANNER_TOKEN: 'bearer token the planner HTTP API requires, when set (secret)',
  STORE_DIR: 'folder of the snapshot store (SQLite file + blobs)',
  RESTORE_WRITE_MODE:
    'how the planner has new records written: graph (Composite Graph, 500 linked records a call; default) | collections (sObject Collections, wave by wave)',
  RECORD_WRITER_CONCURRENCY:
    "record batches one record-writer writes at once, 1-25 (default 2); all writers together stay under the org's concurrent-request limit",
  PLANNER_TOKEN_FILE: 'file holding PLANNER_TOKEN (a mounted secret); set one of the two',
  SF_PASSWORD_FILE: 'file holding SF_PASSWORD (a mounted secret); set one of the two',
  SF_TOKEN_FILE: 'file holding SF_TOKEN (a mounted secret); set one of the two',
  SF_ACCESS_TOKEN_FILE: 'file holding SF_ACCESS_TOKEN (a mounted secret); set one of the two',
} as const;

export type EnvVariableName = keyof typeof ENV_VARIABLES;

/**
 * The secrets `loadConfig` also reads from a file named by `<NAME>_FILE` (the container convention: the
 * value stays out of the environment, where `docker inspect` and child processes would see it).
 */
export const SECRET_FILE_VARIABLES = [
  'NATS_PASSWORD',
  'PLANNER_TOKEN',
  'SF_PASSWORD',
  'SF_TOKEN',
  'SF_ACCESS_TOKEN',
] as const satisfies readonly EnvVariableName[];

export const DEFAULT_PLANNER_PORT = 7420;
export const DEFAULT_SF_LOGIN_URL = 'https://login.salesforce.com';

const show = (input: unknown): string => JSON.stringify(input);

function isUrlWithProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** `NATS_URL`: one or more comma-separated nats:// (or tls://) URLs; optional (unset = embedded server). */
export const natsUrl = z
  .string()
  .refine((v) => v.split(',').every((part) => isUrlWithProtocol(part.trim(), ['nats:', 'tls:'])), {
    error: (issue) => `must be a nats:// URL, got ${show(issue.input)}`,
  })
  .optional();

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `LOG_LEVEL`: a pino level name; default `info`. */
export const logLevel = z
  .enum(LOG_LEVELS, { error: (issue) => `must be one of ${LOG_LEVELS.join(', ')}, got ${show(issue.input)}` })
  .default('info');

/** An http(s) URL (Salesforce login and instance URLs, the planner URL). Trailing slashes are dropped. */
export const httpUrl = z
  .string()
  .refine((v) => isUrlWithProtocol(v, ['http:', 'https:']), {
    error: (issue) => `must be an http(s) URL, got ${show(issue.input)}`,
  })
  .transform((v) => v.replace(/\/+$/, ''));

/** A TCP port given as a decimal string, 0–65535 (0 = any free port). */
export const port = z
  .string()
  .refine((v) => /^\d{1,5}$/.test(v) && Number(v) <= 65535, {
    error: (issue) => `must be a port number 0-65535, got ${show(issue.input)}`,
  })
  .transform(Number);

/** A secret: any non-blank string without spaces. Its value never appears in an error. */
export const secret = z.string().refine((v) => v.trim() !== '' && !/\s/.test(v), {
  error: 'must be a non-empty value without spaces (value not shown)',
});

/**
 * `NATS_USER`: one subject token (letters, digits, `-`, `_`), since the client's reply inbox is named after
 * it (`_INBOX.<user>.…`), so a server can let each user read its own replies only.
 */
export const natsUser = z
  .string()
  .refine((v) => /^[A-Za-z0-9_-]+$/.test(v), {
    error: (issue) => `must be letters, digits, - or _ only, got ${show(issue.input)}`,
  })
  .optional();

/** `NATS_PASSWORD` (or NATS_PASSWORD_FILE), optional. */
export const natsPassword = secret.optional();

/** A NATS login. */
export interface NatsAuth {
  user: string;
  pass: string;
}

/**
 * NATS_USER + NATS_PASSWORD resolved into a NatsAuth, or undefined when neither is set; a half set fails.
 * @example const auth = loadConfig(natsAuthEnv); // { user: 'planner', pass: '…' } | undefined
 */
export const natsAuthEnv = z.object({ NATS_USER: natsUser, NATS_PASSWORD: natsPassword }).transform((env, ctx) => {
  if (env.NATS_USER === undefined && env.NATS_PASSWORD === undefined) return undefined;
  if (env.NATS_USER === undefined) {
    ctx.addIssue({ code: 'custom', path: ['NATS_USER'], message: 'is required when NATS_PASSWORD is set' });
    return z.NEVER;
  }
  if (env.NATS_PASSWORD === undefined) {
    ctx.addIssue({ code: 'custom', path: ['NATS_PASSWORD'], message: 'is required when NATS_USER is set' });
    return z.NEVER;
  }
  return { user: env.NATS_USER, pass: env.NATS_PASSWORD } satisfies NatsAuth;
});

/** `JETSTREAM_REPLICAS`: 1-5 copies of each stream and bucket on a cluster; optional (read by the planner). */
export const jetstreamReplicas = z
  .string()
  .refine((v) => /^[1-5]$/.test(v), { error: (issue) => `must be 1-5, got ${show(issue.input)}` })
  .transform(Number)
  .optional();

/** `RESTORE_WRITE_MODE`: `graph` or `collections`, optional (read by the planner and the stack). */
export const restoreWriteMode = z
  .enum(['graph', 'collections'], { error: (issue) => `must be graph or collections, got ${show(issue.input)}` })
  .optional();

/**
 * `RECORD_WRITER_CONCURRENCY`: batches a record-writer writes at once, 1-25, optional. Salesforce
 * lets an org run 25 long requests (20 s and more) at once; writers × this must stay below it.
 */
export const recordWriterConcurrency = z
  .string()
  .refine((v) => /^([1-9]|1\d|2[0-5])$/.test(v), { error: (issue) => `must be 1-25, got ${show(issue.input)}` })
  .transform(Number)
  .optional();

/** What a record-writer reads besides the common variables. */
export const recordWriterEnv = z.object({ RECORD_WRITER_CONCURRENCY: recordWriterConcurrency });

/** How restores write, for a composition that runs the planner and a record-writer together. */
export const restoreWriteEnv = z.object({
  RESTORE_WRITE_MODE: restoreWriteMode,
  RECORD_WRITER_CONCURRENCY: recordWriterConcurrency,
});

/** `PLANNER_PORT`, default 7420. */
export const plannerPort = port.default(DEFAULT_PLANNER_PORT);
/** `PLANNER_HOST`: the address to bind; loopback unless a container needs to publish the port. */
export const plannerHost = z
  .string()
  .refine((v) => /^[0-9a-fA-F.:]+$|^[a-zA-Z0-9.-]+$/.test(v), {
    error: (issue) => `must be an IP address or host name, got ${show(issue.input)}`,
  })
  .default('127.0.0.1');
/**
 * `PLANNER_ALLOWED_HOSTS`: the names clients put in the Host header when the planner binds 0.0.0.0
 * (a container's service name, a public name); loopback names, IP addresses and PLANNER_HOST itself
 * always pass. `*` lets every name through (only behind a proxy that checks the name itself).
 * @example loadConfig(z.object({ PLANNER_ALLOWED_HOSTS: plannerAllowedHosts })) // 'planner,backup.example' → ['planner', 'backup.example']
 */
export const plannerAllowedHosts = z
  .string()
  .refine((v) => v.split(',').every((name) => /^(\*|[a-zA-Z0-9.-]+|\[[0-9a-fA-F:.]+\])$/.test(name.trim())), {
    error: (issue) => `must be comma-separated host names (or *), got ${show(issue.input)}`,
  })
  .transform((v) => v.split(',').map((name) => name.trim()))
  .optional();
/** `PLANNER_URL`, optional. */
export const plannerUrl = httpUrl.optional();
/** `PLANNER_TOKEN`, optional; when set the planner requires `Authorization: Bearer <token>`. */
export const plannerToken = secret.optional();
/** `STORE_DIR`: a folder path, optional (each user picks its own default). */
export const storeDir = z
  .string()
  .refine((v) => !v.includes('\0'), { error: 'must be a folder path' })
  .optional();

/** How to log in to Salesforce, resolved from the SF_* variables. */
export type SalesforceCredentials =
  | { kind: 'password'; loginUrl: string; username: string; password: string; securityToken?: string }
  | { kind: 'session'; instanceUrl: string; accessToken: string };

const salesforceVariables = z.object({
  SF_LOGIN_URL: httpUrl.optional(),
  SF_USERNAME: z.string().optional(),
  SF_PASSWORD: secret.optional(),
  SF_TOKEN: secret.optional(),
  SF_INSTANCE_URL: httpUrl.optional(),
  SF_ACCESS_TOKEN: secret.optional(),
});
type SalesforceVariables = z.output<typeof salesforceVariables>;

function resolveSalesforce(env: SalesforceVariables, ctx: z.RefinementCtx, required: boolean) {
  const issue = (variable: string, message: string) => {
    ctx.addIssue({ code: 'custom', path: [variable], message });
    return z.NEVER;
  };
  const session = env.SF_INSTANCE_URL !== undefined || env.SF_ACCESS_TOKEN !== undefined;
  const password = env.SF_USERNAME !== undefined || env.SF_PASSWORD !== undefined;
  if (session && password) {
    return issue(
      'SF_ACCESS_TOKEN',
      'set either SF_INSTANCE_URL + SF_ACCESS_TOKEN or SF_USERNAME + SF_PASSWORD, not both',
    );
  }
  if (session) {
    if (env.SF_INSTANCE_URL === undefined) return issue('SF_INSTANCE_URL', 'is required when SF_ACCESS_TOKEN is set');
    if (env.SF_ACCESS_TOKEN === undefined) return issue('SF_ACCESS_TOKEN', 'is required when SF_INSTANCE_URL is set');
    return { kind: 'session', instanceUrl: env.SF_INSTANCE_URL, accessToken: env.SF_ACCESS_TOKEN } as const;
  }
  if (password) {
    if (env.SF_USERNAME === undefined) return issue('SF_USERNAME', 'is required when SF_PASSWORD is set');
    if (env.SF_PASSWORD === undefined) return issue('SF_PASSWORD', 'is required when SF_USERNAME is set');
    const credentials: SalesforceCredentials = {
      kind: 'password',
      loginUrl: env.SF_LOGIN_URL ?? DEFAULT_SF_LOGIN_URL,
      username: env.SF_USERNAME,
      password: env.SF_PASSWORD,
    };
    if (env.SF_TOKEN !== undefined) credentials.securityToken = env.SF_TOKEN;
    return credentials;
  }
  if (required) {
    return issue(
      'SF_USERNAME',
      'Salesforce login required: set SF_USERNAME + SF_PASSWORD, or SF_INSTANCE_URL + SF_ACCESS_TOKEN',
    );
  }
  return undefined;
}

/**
 * The SF_* variables resolved into SalesforceCredentials; fails when none or a half set is given.
 * @example const sf = loadConfig(salesforceEnv); // { kind: 'password', loginUrl, username, password }
 */
export const salesforceEnv = salesforceVariables.transform(
  (env, ctx): SalesforceCredentials => resolveSalesforce(env, ctx, true) as SalesforceCredentials,
);

/** Like `salesforceEnv`, but `undefined` when no SF_* variable is set (a half set still fails). */
export const optionalSalesforceEnv = salesforceVariables.transform((env, ctx) => resolveSalesforce(env, ctx, false));

/**
 * The variables every service reads: NATS_URL, NATS_USER, NATS_PASSWORD and LOG_LEVEL. Spread into your
 * own object. `useNats` reads the NATS login itself (and checks that both halves are set).
 */
export const commonEnv = { NATS_URL: natsUrl, NATS_USER: natsUser, NATS_PASSWORD: natsPassword, LOG_LEVEL: logLevel };
