// The body of `restorelab dev` (kept apart so `--help` does not load the stack).
import { PlannerApiClient } from '@restorelab/planner-api';
import { ConfigError, createLogger, LOG_LEVELS, type LogLevel, loadConfig, natsAuthEnv } from '@restorelab/runtime';
import { startStack } from '@restorelab/stack';
import { type DevInfo, removeDevFile, writeDevFile } from '../dev-file.ts';
import { CliError, UsageError } from '../errors.ts';
import type { Output } from '../output.ts';
import { parsePort } from '../parse.ts';
import { waitForSignal } from '../signals.ts';
import { type DevOptions, parseDevPort } from './dev.ts';

export async function runDev(options: DevOptions, out: Output): Promise<void> {
  const port = parseDevPort(options.port);
  const mockPort = parsePort(options.mockPort, '--mock-port');
  const level = (LOG_LEVELS as readonly string[]).includes(process.env.LOG_LEVEL ?? '')
    ? (process.env.LOG_LEVEL as LogLevel)
    : 'warn';
  const logger = createLogger({ name: 'restorelab', level });
  const natsUrl = options.nats ?? (process.env.NATS_URL?.trim() || undefined);
  const storeDir = options.store ?? (process.env.STORE_DIR?.trim() || undefined);
  const token = options.token ?? (process.env.PLANNER_TOKEN?.trim() || undefined);
  // A NATS server of one's own may ask for a login: the one the services read, NATS_USER with
  // NATS_PASSWORD or NATS_PASSWORD_FILE (never a flag: a password on the command line shows in `ps`).
  const natsAuth = natsUrl ? readNatsAuth() : undefined;

  // Ctrl-C while starting: remember it and stop as soon as the stack is up (startStack cleans up on failure).
  const signal = waitForSignal();
  out.step('starting the stack (NATS, mock org, record-writer, file-writer, planner)');
  let stack: Awaited<ReturnType<typeof startStack>>;
  try {
    stack = await startStack({
      logger,
      port,
      mock: { port: mockPort },
      backup: options.backup,
      ...(natsUrl ? { natsUrl } : {}),
      ...(natsAuth ? { natsAuth } : {}),
      ...(storeDir ? { storeDir } : {}),
      ...(token ? { token } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new CliError(
        'PORT_IN_USE',
        `port ${port} is taken (another restorelab dev?): pass --port 0 or another port`,
        {
          cause: error,
        },
      );
    if (natsUrl && /authori[sz]ation violation/i.test(error instanceof Error ? error.message : ''))
      throw new CliError(
        'NATS_LOGIN',
        natsAuth
          ? `the NATS server at ${natsUrl} refused the login of NATS_USER ${natsAuth.user}: check NATS_PASSWORD (or NATS_PASSWORD_FILE)`
          : `the NATS server at ${natsUrl} asks for a login: set NATS_USER and NATS_PASSWORD (or NATS_PASSWORD_FILE)`,
        { cause: error },
      );
    throw error;
  }
  let devFile: string | undefined;
  try {
    const info: DevInfo = {
      plannerUrl: stack.plannerUrl,
      token: stack.token,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      nats: stack.nats.url,
      ...(stack.mock
        ? {
            mock: {
              url: stack.mock.url,
              username: stack.mock.username,
              password: stack.mock.password,
              orgId: stack.mock.orgId,
            },
          }
        : {}),
    };
    if (options.devFile) devFile = await writeDevFile(process.cwd(), info);
    const api = new PlannerApiClient({ url: stack.plannerUrl, token: stack.token });
    const snapshots = options.backup ? (await api.snapshots().catch(() => [])).length : 0;
    const consoleLink = stack.consoleLoginLink();
    out.result(
      { ...info, devFile: devFile ?? null, openapi: `${stack.plannerUrl}/v1/openapi.json`, console: consoleLink },
      (i) => {
        out.line('restorelab dev stack is running');
        out.line(`  planner API  ${i.plannerUrl}/v1   (OpenAPI: ${i.openapi})`);
        out.line(`  API token    ${i.token}`);
        out.line(`  web console  ${i.console}   (one-time login link, valid 15 minutes)`);
        if (i.mock) {
          out.line(`  mock org     ${i.mock.url}   org ${i.mock.orgId}`);
          out.line(`    login URL  ${i.mock.url}`);
          out.line(`    username   ${i.mock.username}`);
          out.line(`    password   ${i.mock.password}`);
        }
        out.line(`  NATS         ${i.nats}${stack.nats.embedded ? ' (embedded)' : ''}`);
        if (options.backup) out.line(`  snapshots    ${snapshots} (a first backup was taken)`);
        if (i.devFile) out.line(`Other restorelab commands here use it through ${i.devFile}.`);
        out.line('Press Ctrl-C to stop.');
      },
    );
    await signal;
    out.step('stopping the stack');
  } finally {
    if (devFile) await removeDevFile(devFile).catch(() => {});
    await stack.close();
  }
}

function readNatsAuth() {
  try {
    return loadConfig(natsAuthEnv, process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`NATS login: ${error.message}`);
    throw error;
  }
}
