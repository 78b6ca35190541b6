// The one call a service makes to get NATS: the server named by NATS_URL when set, else an embedded one.
// A server named by NATS_URL is logged in to with NATS_USER + NATS_PASSWORD (or NATS_PASSWORD_FILE) when
// they are set; the embedded server is private to the process and takes no login.

import { z } from 'zod';
import { loadConfig } from './config.ts';
import { type EmbeddedNats, startEmbeddedNats } from './embedded-nats.ts';
import { type NatsAuth, natsAuthEnv, natsUrl } from './env.ts';
import type { Logger } from './logger.ts';
import { connectNats, type NatsConnection } from './nats-connect.ts';
import { onShutdown } from './shutdown.ts';

export interface UseNatsOptions {
  /** Server URL(s); default: NATS_URL from `env`; when neither is set an embedded server is started. */
  natsUrl?: string;
  /** Client name. */
  name: string;
  logger: Logger;
  /** Login for the NATS_URL server; default: NATS_USER + NATS_PASSWORD(_FILE) from `env` (ignored when embedded). */
  auth?: NatsAuth;
  /** JetStream store folder for the embedded server (ignored with a NATS_URL). */
  storeDir?: string;
  env?: Record<string, string | undefined>;
  /** Register `close` with onShutdown; default true. */
  registerShutdown?: boolean;
}

export interface NatsHandle {
  nc: NatsConnection;
  url: string;
  /** The embedded server, when one was started. */
  embedded: EmbeddedNats | undefined;
  /** Drains the connection, then stops the embedded server (if any). Idempotent. */
  close(): Promise<void>;
}

/**
 * @example
 * const { nc } = await useNats({ natsUrl: config.NATS_URL, name: 'planner', logger });
 */
export async function useNats(options: UseNatsOptions): Promise<NatsHandle> {
  const env = options.env ?? process.env;
  const url = options.natsUrl ?? loadConfig(z.object({ NATS_URL: natsUrl }), env).NATS_URL;
  const auth = url === undefined ? undefined : (options.auth ?? loadConfig(natsAuthEnv, env));
  const embedded =
    url === undefined ? await startEmbeddedNats({ storeDir: options.storeDir, logger: options.logger }) : undefined;
  let nc: NatsConnection;
  try {
    nc = await connectNats({
      servers: url ?? embedded!.url,
      name: options.name,
      logger: options.logger,
      ...(auth ? { auth } : {}),
    });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  let closing: Promise<void> | undefined;
  let unregister = () => {};
  const close = () => {
    closing ??= (async () => {
      unregister();
      try {
        if (!nc.isClosed()) await nc.drain();
      } catch (error) {
        options.logger.warn({ err: error }, 'nats drain failed');
      } finally {
        await embedded?.stop();
      }
    })();
    return closing;
  };
  if (options.registerShutdown !== false) unregister = onShutdown(close, `nats ${options.name}`);
  return { nc, url: url ?? embedded!.url, embedded, close };
}
