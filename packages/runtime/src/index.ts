// @restorelab/runtime: what every service and the CLI share at run time — config from the environment,
// redacting JSON logs, the NATS connection, the embedded nats-server, and graceful shutdown.

export { type Env, type ExitIo, exitOnConfigError, loadConfig } from './config.ts';
export {
  type EmbeddedNats,
  type StartEmbeddedNatsOptions,
  startEmbeddedNats,
} from './embedded-nats.ts';
export {
  commonEnv,
  DEFAULT_PLANNER_PORT,
  DEFAULT_SF_LOGIN_URL,
  ENV_VARIABLES,
  type EnvVariableName,
  httpUrl,
  jetstreamReplicas,
  LOG_LEVELS,
  type LogLevel,
  logLevel,
  type NatsAuth,
  natsAuthEnv,
  natsPassword,
  natsUrl,
  natsUser,
  optionalSalesforceEnv,
  plannerAllowedHosts,
  plannerHost,
  plannerPort,
  plannerToken,
  plannerUrl,
  port,
  recordWriterConcurrency,
  recordWriterEnv,
  restoreWriteEnv,
  restoreWriteMode,
  type SalesforceCredentials,
  SECRET_FILE_VARIABLES,
  salesforceEnv,
  secret,
  storeDir,
} from './env.ts';
export {
  ConfigError,
  type ConfigProblem,
  NatsServerMissingError,
  NatsStartError,
  RuntimeError,
  type RuntimeErrorCode,
} from './errors.ts';
export { createLogger, type Logger, type LoggerOptions, redactPaths, SECRET_KEYS } from './logger.ts';
export { findNatsServer } from './nats-binary.ts';
export {
  type ConnectNatsOptions,
  connectNats,
  getJetStream,
  getJetStreamManager,
  getKvm,
  getObjm,
  type NatsConnection,
  natsInboxPrefix,
  natsServers,
} from './nats-connect.ts';
export { scrubSecrets } from './scrub.ts';
export { type Closer, installShutdownHandlers, onShutdown, runShutdown, type ShutdownOptions } from './shutdown.ts';
export { isNatsNotAnswering, retryWhileNatsStarts, type StartRetryOptions } from './start-retry.ts';
export { type NatsHandle, type UseNatsOptions, useNats } from './use-nats.ts';
