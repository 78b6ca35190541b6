// A NATS client connection for long-running services: it reconnects forever (a service should outlive a
// NATS restart) and logs every status change, plus shortcuts to the JetStream, KV and object store APIs.
// With a login, the client's reply inbox carries the user name (`_INBOX.<user>.…`), so a server can allow
// each user to subscribe to its own replies only, not to every other client's.

import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { NatsAuth } from './env.ts';
import type { Logger } from './logger.ts';

export type { NatsConnection } from '@nats-io/transport-node';

export interface ConnectNatsOptions {
  /** One URL, a comma-separated list, or an array (a cluster). */
  servers: string | readonly string[];
  /** Client name shown by the server (e.g. the service name). */
  name: string;
  logger: Logger;
  /** Wait between reconnect attempts in ms; default 1000. */
  reconnectTimeWait?: number;
  /** Max time for the first connect in ms; default 5000. */
  timeout?: number;
  /** User and password, when the server asks for a login (a wrong one fails the first connect). */
  auth?: NatsAuth;
}

/** The reply-inbox prefix of a user's connections: `_INBOX.<user>`. */
export function natsInboxPrefix(user: string): string {
  return `_INBOX.${user}`;
}

/** Splits a NATS_URL-style value into server URLs. */
export function natsServers(servers: string | readonly string[]): string[] {
  const list = typeof servers === 'string' ? servers.split(',') : [...servers];
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * Connects with unlimited reconnect attempts and logs status changes at a fitting level.
 * @example const nc = await connectNats({ servers: config.NATS_URL, name: 'planner', logger });
 */
export async function connectNats(options: ConnectNatsOptions): Promise<NatsConnection> {
  const { logger } = options;
  const servers = natsServers(options.servers);
  const nc = await connect({
    servers,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectTimeWait ?? 1000,
    timeout: options.timeout ?? 5000,
    // Every request would otherwise build an Error up front just in case it times out; on the restore
    // hot path (thousands of KV and ledger requests a job) that stack capture is a measurable cost.
    noAsyncTraces: true,
    ...(options.auth
      ? { user: options.auth.user, pass: options.auth.pass, inboxPrefix: natsInboxPrefix(options.auth.user) }
      : {}),
  });
  const log = logger.child({ nats: options.name });
  log.info({ server: nc.getServer(), ...(options.auth ? { user: options.auth.user } : {}) }, 'nats connected');
  void watchStatus(nc, log);
  return nc;
}

async function watchStatus(nc: NatsConnection, log: Logger): Promise<void> {
  try {
    for await (const status of nc.status()) {
      switch (status.type) {
        case 'disconnect':
          log.warn({ server: status.server }, 'nats disconnected');
          break;
        case 'reconnecting':
          log.debug('nats reconnecting');
          break;
        case 'reconnect':
          log.info({ server: status.server }, 'nats reconnected');
          break;
        case 'error':
          log.error({ err: status.error }, 'nats error');
          break;
        case 'ldm':
          log.warn({ server: status.server }, 'nats server entering lame duck mode');
          break;
        case 'staleConnection':
        case 'slowConsumer':
          log.warn({ status: status.type }, 'nats connection problem');
          break;
        case 'close':
          log.info('nats connection closed');
          break;
        default:
          log.trace({ status: status.type }, 'nats status');
      }
    }
  } catch (error) {
    log.debug({ err: error }, 'nats status stream ended');
  }
}

/** The JetStream client of a connection. */
export function getJetStream(nc: NatsConnection): JetStreamClient {
  return jetstream(nc);
}

/** The JetStream manager (streams, consumers, account info) of a connection. */
export function getJetStreamManager(nc: NatsConnection): Promise<JetStreamManager> {
  return jetstreamManager(nc);
}

/** The KV bucket manager: `await getKvm(nc).create('jobs')`. */
export function getKvm(nc: NatsConnection): Kvm {
  return new Kvm(nc);
}

/** The object store manager: `await getObjm(nc).create('files')`. */
export function getObjm(nc: NatsConnection): Objm {
  return new Objm(nc);
}
