// docker-compose.yml checked without a Docker engine: each service's environment against its config
// schema (read from its main.ts), ports and URLs against the services that listen on them, dependencies
// and health checks, images, build contexts, the Dockerfile and the files the commands run; and its
// security rules: published ports on loopback only, NATS behind logins (apps/deploy/nats/restorelab.conf),
// one NATS user and one secrets volume per service, no secret written in the file.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { NATS_PASSWORD_VARIABLES, renderNatsConfig, SECRET_PATHS } from '@restorelab/deploy';
import { DEFAULT_PASSWORD } from '@restorelab/mock-salesforce';
import { ENV_VARIABLES, SECRET_FILE_VARIABLES, salesforceEnv } from '@restorelab/runtime';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../src/program.ts';
import { readServiceConfig, SALESFORCE_KEYS } from './compose-schema.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const RUN_WORKER = join(ROOT, 'packages/worker/src/run-worker.ts');
const NATS_CONFIG = 'apps/deploy/nats/restorelab.conf';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
}
interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText) as Compose;
const services = compose.services;
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const natsConfig = readFileSync(join(ROOT, NATS_CONFIG), 'utf8');

/** A short-syntax volume `source:target[:mode]`. */
const mountOf = (volume: string) => {
  const [source, target, mode] = volume.split(':');
  return { source: source!, target: target!, readOnly: mode === 'ro' };
};
/** The service whose command runs apps/deploy/src/compose-secrets.ts, and the folder it is given. */
const secretsStep = Object.entries(services).find(([, s]) => s.command?.[1] === 'apps/deploy/src/compose-secrets.ts');

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?message} (a missing VAR is an error). */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (op === '-') return arg ?? '';
    if (op === '?') throw new Error(`${name}: ${arg}`);
    return '';
  });
}

const HOST_ENV = { PLANNER_TOKEN: 'compose-check-token-1234' };
const environmentOf = (service: ComposeService, env: Record<string, string> = HOST_ENV) =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), env)]));

/** Container ports a service listens on: the container side of `ports`, `expose`, and NATS's config. */
const listensOn = (service: ComposeService) =>
  new Set([
    ...(service.ports ?? []).map((p) => Number(String(p).split(':').at(-1))),
    ...(service.expose ?? []).map(Number),
    ...(service === services.nats ? [...natsConfig.matchAll(/^(?:listen|http): "[\d.]+:(\d+)"$/gm)] : []).map((m) =>
      Number(m[1]),
    ),
  ]);

/** A Node service runs a main.ts of this repository; its config schema is read from that file. */
const mainOf = (service: ComposeService) => service.command?.find((part) => part.endsWith('/main.ts'));

describe('docker-compose.yml', () => {
  it('has NATS (official image, JetStream, a volume), the mock, planner, both writers and the secrets step', () => {
    expect(Object.keys(services).sort()).toEqual([
      'file-writer',
      'mock',
      'nats',
      'planner',
      'record-writer',
      'secrets',
    ]);
    const nats = services.nats!;
    expect(nats.image).toMatch(/^nats:\d/);
    expect(nats.command).toContain('-js');
    const storeArg = nats.command![nats.command!.indexOf('-sd') + 1];
    const volume = nats.volumes?.find((v) => v.endsWith(`:${storeArg}`));
    expect(volume, 'the JetStream store directory is a volume').toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume!.split(':')[0]);
  });

  it('gives every named volume a declaration', () => {
    for (const [name, service] of Object.entries(services))
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (!source.startsWith('.') && !source.startsWith('/'))
          expect(Object.keys(compose.volumes ?? {}), `${name}: ${volume}`).toContain(source);
      }
  });

  it('builds the Node services from an existing context and a Dockerfile on Node 24 with the pinned pnpm', () => {
    const pnpm = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager as string;
    expect(dockerfile).toMatch(/^FROM node:24\b/m);
    expect(dockerfile).toContain(`npm install --global ${pnpm}`);
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile/);
    expect(dockerfile).toMatch(/^COPY \. \.$/m); // the repository is the image's working directory
    const workdir = dockerfile.match(/^WORKDIR (\S+)$/m)?.[1];
    expect(workdir).toBeDefined();
    for (const [name, service] of Object.entries(services)) {
      if (name === 'nats') continue;
      expect(service.build, `${name} builds its image`).toBeDefined();
      expect(existsSync(join(ROOT, service.build!.context)), `${name}: build context`).toBe(true);
      expect(existsSync(join(ROOT, service.build!.context, service.build!.dockerfile ?? 'Dockerfile'))).toBe(true);
      expect(service.command?.[0]).toBe('node');
    }
  });

  it('runs files that exist, and only flags the CLI knows', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.command?.[0] !== 'node') continue;
      const script = service.command[1]!;
      expect(existsSync(join(ROOT, script)), `${name}: ${script}`).toBe(true);
    }
    const mock = services.mock!.command!;
    expect(mock.slice(1, 3)).toEqual(['packages/cli/src/bin.ts', 'mock']);
    const known = buildProgram()
      .commands.find((c) => c.name() === 'mock')!
      .options.map((o) => o.long);
    for (const flag of mock.filter((a) => a.startsWith('--'))) expect(known, `mock ${flag}`).toContain(flag);
    expect(mock[mock.indexOf('--host') + 1]).toBe('0.0.0.0'); // reachable from the other containers
  });

  it('gives each service exactly the variables its config schema reads, every required one, each valid', () => {
    const checked: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      const main = mainOf(service);
      const env = environmentOf(service);
      if (!main) {
        // The mock takes flags, not variables; NATS is configured by its command; the secrets step by its argument.
        expect(Object.keys(env), `${name} reads no variables`).toEqual([]);
        continue;
      }
      // A secret's <NAME>_FILE stands for <NAME> (loadConfig reads the file); the file is checked below.
      const fileOf = new Map(SECRET_FILE_VARIABLES.map((v) => [`${v}_FILE`, v]));
      for (const [key, value] of Object.entries(env)) {
        const variable = fileOf.get(key);
        if (!variable) continue;
        expect(env, `${name}: ${variable} and ${key} both set`).not.toHaveProperty(variable);
        expect(posix.isAbsolute(value), `${name}: ${key}=${value}`).toBe(true);
        delete env[key];
        env[variable] = 'value-read-from-a-file';
      }
      // A writer's main.ts hands its settings to runWorker, which reads them for every writer.
      const source = readFileSync(join(ROOT, main), 'utf8');
      const config = readServiceConfig(source.includes('runWorker(') ? readFileSync(RUN_WORKER, 'utf8') : source);
      const known = new Set([...config.keys.keys(), ...(config.salesforce ? SALESFORCE_KEYS : [])]);
      for (const key of known) expect(Object.keys(ENV_VARIABLES), `${key} is documented`).toContain(key);
      for (const key of Object.keys(env)) expect([...known], `${name}: ${key} is read by ${main}`).toContain(key);
      for (const key of config.keys.values()) {
        if (key.required) expect(env, `${name} needs ${key.name}`).toHaveProperty(key.name);
        if (key.name in env) {
          const result = key.schema.safeParse(env[key.name]);
          expect(result.success, `${name}: ${key.name}=${env[key.name]} (${key.expression})`).toBe(true);
        }
      }
      if (config.salesforce === 'required') {
        const sf = Object.fromEntries(Object.entries(env).filter(([k]) => SALESFORCE_KEYS.includes(k)));
        expect(salesforceEnv.safeParse(sf).success, `${name}: Salesforce login variables`).toBe(true);
      }
      checked.push(name);
    }
    expect(checked.sort()).toEqual(['file-writer', 'planner', 'record-writer']);
  });

  it('gives the planner its token from the secrets step (never from this file or the host)', () => {
    const env = environmentOf(services.planner!, {});
    expect(env).not.toHaveProperty('PLANNER_TOKEN');
    expect(env.PLANNER_TOKEN_FILE).toBe(posix.join(secretsRoot(), SECRET_PATHS.plannerToken));
  });

  it('points every URL at a service it depends on, on a port that service listens on', () => {
    let urls = 0;
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          continue;
        }
        const target = services[url.hostname];
        if (!target) continue;
        urls++;
        expect(Object.keys(service.depends_on ?? {}), `${name}: ${key} needs ${url.hostname}`).toContain(url.hostname);
        expect([...listensOn(target)], `${name}: ${key}=${value}`).toContain(Number(url.port));
      }
    }
    expect(urls).toBeGreaterThanOrEqual(6);
    const planner = services.planner!;
    expect([...listensOn(planner)]).toContain(Number(environmentOf(planner).PLANNER_PORT));
    const mock = services.mock!.command!;
    expect([...listensOn(services.mock!)]).toContain(Number(mock[mock.indexOf('--port') + 1]));
  });

  it('waits on health where a check exists, and health checks probe the ports the services listen on', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], `${name} depends on ${dependency}`).toBeDefined();
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        if (services[dependency]!.healthcheck) expect(condition, `${name} → ${dependency}`).toBe('service_healthy');
      }
      if (!service.healthcheck) continue;
      const probe = service.healthcheck.test.join(' ').match(/http:\/\/127\.0\.0\.1:(\d+)/);
      expect(probe, `${name}: health check probes a local port`).not.toBeNull();
      expect([...listensOn(service)], `${name}: health check port`).toContain(Number(probe![1]));
    }
    for (const name of ['nats', 'mock', 'planner']) expect(services[name]!.healthcheck, name).toBeDefined();
  });
});

/** The folder the secrets step writes into (its command's argument). */
function secretsRoot(): string {
  expect(secretsStep, 'a service runs apps/deploy/src/compose-secrets.ts').toBeDefined();
  return secretsStep![1].command![2]!;
}

/** NATS's users from its config: name and the variable holding the password. */
function natsUsers(): Map<string, string> {
  const users = new Map<string, string>();
  for (const m of natsConfig.matchAll(/user: "([^"]+)"\n\s*password: (\S+)/g)) users.set(m[1]!, m[2]!);
  return users;
}

describe('docker-compose.yml security', () => {
  it('publishes ports on the loopback address only, and NATS not at all', () => {
    let published = 0;
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) {
        published++;
        // Short syntax only ("host_ip:host:container"), so nothing here can be read two ways.
        expect(typeof port, `${name}: ${JSON.stringify(port)}`).toBe('string');
        expect(String(port), `${name}: ${port} must be bound to 127.0.0.1`).toMatch(/^127\.0\.0\.1:\d+:\d+(\/tcp)?$/);
      }
    }
    expect(published).toBeGreaterThanOrEqual(2); // the planner and the mock
    expect(services.nats!.ports, 'NATS is not published').toBeUndefined();
  });

  it('runs NATS on the generated config, which requires a login for every client', () => {
    const nats = services.nats!;
    const configArg = nats.command![nats.command!.indexOf('-c') + 1]!;
    expect(nats.command).toContain('-c');
    const mounted = nats.volumes?.map(mountOf).find((m) => m.target === configArg);
    expect(mounted, `${configArg} is mounted`).toMatchObject({ source: `./${NATS_CONFIG}`, readOnly: true });
    expect(natsConfig, `${NATS_CONFIG} is what apps/deploy/src/nats-config.ts renders`).toBe(renderNatsConfig());
    // No way in without a login: no anonymous user, no shared token, no open account, no leaf/cluster port.
    expect(natsConfig).toMatch(/^authorization \{\n {2}users = \[/m);
    expect(natsConfig).not.toMatch(
      /no_auth_user|^\s*token:|^\s*accounts|^\s*(leafnodes|cluster|gateway|websocket|mqtt)\b/m,
    );
    // Passwords are config variables from the included file, which the secrets step writes and NATS
    // mounts beside the config.
    const users = natsUsers();
    expect([...users.keys()].sort()).toEqual(Object.keys(NATS_PASSWORD_VARIABLES).sort());
    for (const [user, password] of users)
      expect(password, user).toBe(`$${NATS_PASSWORD_VARIABLES[user as keyof typeof NATS_PASSWORD_VARIABLES]}`);
    const include = natsConfig.match(/^include "([^"]+)"$/m)?.[1];
    expect(include).toBe('secrets/passwords.conf');
    const beside = posix.join(posix.dirname(configArg), posix.dirname(include!));
    const secretsVolume = nats.volumes?.map(mountOf).find((m) => m.target === beside);
    expect(secretsVolume, `${beside} is a volume`).toBeDefined();
    expect(secretsVolume!.readOnly).toBe(true);
    const written = secretsStep![1].volumes?.map(mountOf).find((m) => m.source === secretsVolume!.source);
    expect(written?.target, 'the secrets step writes passwords.conf into that volume').toBe(
      posix.join(secretsRoot(), posix.dirname(SECRET_PATHS.natsPasswordsConf)),
    );
    expect(nats.depends_on?.[secretsStep![0]]?.condition).toBe('service_completed_successfully');
  });

  it('logs every service in to NATS as its own user, with a password file from its own volume', () => {
    const users = natsUsers();
    const seen = new Set<string>();
    for (const [name, service] of Object.entries(services)) {
      const env = environmentOf(service, {});
      if (!env.NATS_URL) continue;
      const user = env.NATS_USER;
      expect(user, `${name} logs in to NATS`).toBeDefined();
      expect(users.has(user!), `${name}: NATS user ${user} exists in ${NATS_CONFIG}`).toBe(true);
      expect(seen.has(user!), `${name}: NATS user ${user} is not shared`).toBe(false);
      seen.add(user!);
      expect(env, `${name}: no NATS password in this file`).not.toHaveProperty('NATS_PASSWORD');
      expect(env.NATS_PASSWORD_FILE, name).toBe(
        posix.join(secretsRoot(), SECRET_PATHS.natsPassword(user as keyof typeof NATS_PASSWORD_VARIABLES)),
      );
    }
    expect([...seen].sort()).toEqual(['file-writer', 'planner', 'record-writer']);
  });

  it('mounts each secrets volume into the secrets step and its one consumer only, read-only there', () => {
    const step = secretsStep![1];
    expect(step.restart ?? 'no').toBe('no');
    for (const { source, target } of step.volumes!.map(mountOf)) {
      const users = Object.entries(services).filter(
        ([n, s]) => n !== secretsStep![0] && s.volumes?.some((v) => mountOf(v).source === source),
      );
      expect(users.length, `${source} has one consumer`).toBe(1);
      const [consumer, service] = users[0]!;
      const mount = service.volumes!.map(mountOf).find((m) => m.source === source)!;
      expect(mount.readOnly, `${consumer} mounts ${source} read-only`).toBe(true);
      expect(service.depends_on?.[secretsStep![0]]?.condition, `${consumer} waits for the secrets`).toBe(
        'service_completed_successfully',
      );
      // Every *_FILE a service reads lies in a volume of its own that the secrets step wrote.
      for (const [key, value] of Object.entries(environmentOf(service, {}))) {
        if (!key.endsWith('_FILE') || !value.startsWith(`${target}/`)) continue;
        expect(mount.target, `${consumer}: ${key}`).toBe(target);
      }
      // The mount point exists in the image, owned by the services' user, so a new volume is writable.
      expect(dockerfile, `Dockerfile makes ${target}`).toContain(target);
    }
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(environmentOf(service, {}))) {
        if (!key.endsWith('_FILE')) continue;
        const mount = service.volumes?.map(mountOf).find((m) => value.startsWith(`${m.target}/`));
        expect(mount, `${name}: ${key}=${value} lies in a mounted volume`).toBeDefined();
        expect(
          step.volumes!.map(mountOf).some((m) => m.source === mount!.source),
          `${name}: ${key}`,
        ).toBe(true);
      }
    }
    expect(dockerfile).toMatch(/chown -R node:node [^\n]*\/secrets/);
  });

  it('writes no secret in the file', () => {
    const secretName = /PASSWORD|TOKEN|SECRET|PASSWD|CREDENTIAL|API_KEY/;
    for (const [name, service] of Object.entries(services)) {
      for (const [key, raw] of Object.entries(service.environment ?? {})) {
        if (!secretName.test(key) || key.endsWith('_FILE')) continue;
        const value = String(raw);
        // The mock org's published default login, and only toward the mock, is not a secret.
        const mockLogin =
          key === 'SF_PASSWORD' &&
          value === DEFAULT_PASSWORD &&
          new URL(environmentOf(service, {}).SF_LOGIN_URL ?? 'http://x').hostname === 'mock';
        if (mockLogin) continue;
        // Otherwise only from the host, without a default written here.
        expect(value, `${name}: ${key} is written in the file`).toMatch(/^\$\{[A-Z0-9_]+(:?\?[^}]*)?\}$/);
      }
      expect(service.command?.some((a) => /^--(password|token|secret)/.test(a)) ?? false, `${name}: secret flag`).toBe(
        false,
      );
    }
    // Nothing that looks generated (long hex or base64 runs) anywhere in the file or the NATS config.
    for (const [file, text] of [
      ['docker-compose.yml', composeText],
      [NATS_CONFIG, natsConfig],
    ] as const) {
      expect(
        text.match(/[A-Za-z0-9+/_-]{24,}={0,2}/g)?.filter((t) => /\d/.test(t) && /[a-z]/i.test(t)) ?? [],
        file,
      ).toEqual([]);
    }
  });
});
