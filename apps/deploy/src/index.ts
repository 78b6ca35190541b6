// @restorelab/deploy: what running restorelab as containers needs besides the services: the
// secrets step of docker-compose.yml and the nats-server config with one user per service, made
// from the subjects and buckets in @restorelab/contracts.
export {
  NATS_PASSWORD_VARIABLES,
  type NatsUser,
  SECRET_PATHS,
  type SecretsReport,
  writeComposeSecrets,
} from './compose-secrets.ts';
export { natsPermissions, renderNatsConfig, type UserPermissions } from './nats-config.ts';
