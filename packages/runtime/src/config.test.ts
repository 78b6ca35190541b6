import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exitOnConfigError, loadConfig } from './config.ts';
import {
  commonEnv,
  httpUrl,
  logLevel,
  natsUrl,
  optionalSalesforceEnv,
  plannerAllowedHosts,
  plannerPort,
  plannerToken,
  restoreWriteEnv,
  salesforceEnv,
  storeDir,
} from './env.ts';
import { ConfigError, RuntimeError } from './errors.ts';

const serviceEnv = z.object({
  ...commonEnv,
  PLANNER_PORT: plannerPort,
  PLANNER_TOKEN: plannerToken,
  STORE_DIR: storeDir,
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns typed config with defaults applied', () => {
    const config = loadConfig(serviceEnv, { NATS_URL: 'nats://127.0.0.1:4222', STORE_DIR: '/tmp/s' });
    expect(config).toEqual({
      NATS_URL: 'nats://127.0.0.1:4222',
      LOG_LEVEL: 'info',
      PLANNER_PORT: 7420,
      STORE_DIR: '/tmp/s',
    });
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig(serviceEnv, { NATS_URL: '', LOG_LEVEL: '' });
    expect(config.NATS_URL).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('reads PLANNER_ALLOWED_HOSTS as a list of names and refuses anything else', () => {
    const schema = z.object({ PLANNER_ALLOWED_HOSTS: plannerAllowedHosts });
    expect(
      loadConfig(schema, { PLANNER_ALLOWED_HOSTS: 'planner, backup.example,[::1]' }).PLANNER_ALLOWED_HOSTS,
    ).toEqual(['planner', 'backup.example', '[::1]']);
    expect(loadConfig(schema, { PLANNER_ALLOWED_HOSTS: '*' }).PLANNER_ALLOWED_HOSTS).toEqual(['*']);
    expect(loadConfig(schema, {}).PLANNER_ALLOWED_HOSTS).toBeUndefined();
    for (const bad of ['a b', 'http://x', 'x/y', 'a,,b', 'evil.example:80'])
      expect(configError(() => loadConfig(schema, { PLANNER_ALLOWED_HOSTS: bad })).message).toMatch(
        /PLANNER_ALLOWED_HOSTS: must be comma-separated host names/,
      );
  });

  it('accepts a comma-separated cluster and tls:// in NATS_URL', () => {
    const env = { NATS_URL: 'nats://a:4222, tls://b:4222' };
    expect(loadConfig(z.object({ NATS_URL: natsUrl }), env).NATS_URL).toBe(env.NATS_URL);
  });

  it.each([
    [{ NATS_URL: 'http://x' }, 'NATS_URL: must be a nats:// URL, got "http://x"'],
    [{ NATS_URL: 'nats://a:1,localhost' }, 'NATS_URL: must be a nats:// URL, got "nats://a:1,localhost"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    [{ PLANNER_PORT: '70000' }, 'PLANNER_PORT: must be a port number 0-65535, got "70000"'],
    [{ PLANNER_PORT: '12ab' }, 'PLANNER_PORT: must be a port number 0-65535, got "12ab"'],
  ])('rejects %j with one line naming the variable', (env, message) => {
    const error = configError(() => loadConfig(serviceEnv, env));
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('\n');
    expect(error.variable).toBe(message.split(':')[0]);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error).toBeInstanceOf(RuntimeError);
  });

  it('names a missing required variable', () => {
    const error = configError(() => loadConfig(z.object({ SF_INSTANCE_URL: httpUrl }), {}));
    expect(error.message).toBe('SF_INSTANCE_URL: is required but not set');
  });

  it('puts every problem on the same line, first variable first', () => {
    const error = configError(() => loadConfig(serviceEnv, { NATS_URL: 'x', PLANNER_PORT: '-1' }));
    expect(error.message).toBe(
      'NATS_URL: must be a nats:// URL, got "x"; PLANNER_PORT: must be a port number 0-65535, got "-1"',
    );
    expect(error.problems.map((p) => p.variable)).toEqual(['NATS_URL', 'PLANNER_PORT']);
  });

  it('never echoes a secret value', () => {
    const error = configError(() => loadConfig(serviceEnv, { PLANNER_TOKEN: 'hunter2 with spaces' }));
    expect(error.message).toBe('PLANNER_TOKEN: must be a non-empty value without spaces (value not shown)');
    expect(error.message).not.toContain('hunter2');
  });

  it('reads process.env by default', () => {
    const before = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'debug';
    try {
      expect(loadConfig(z.object({ LOG_LEVEL: logLevel })).LOG_LEVEL).toBe('debug');
    } finally {
      if (before === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = before;
    }
  });
});

describe('secrets from files (<NAME>_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'restorelab-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };

  it('reads the value from the file, dropping one trailing newline', () => {
    const env = { PLANNER_TOKEN_FILE: file('token', 'tok-from-file\n') };
    expect(loadConfig(serviceEnv, env).PLANNER_TOKEN).toBe('tok-from-file');
    const crlf = { PLANNER_TOKEN_FILE: file('token-crlf', 'tok-crlf\r\n') };
    expect(loadConfig(serviceEnv, crlf).PLANNER_TOKEN).toBe('tok-crlf');
  });

  it('serves the Salesforce login too', () => {
    const env = { SF_USERNAME: 'u@x.com', SF_PASSWORD_FILE: file('sf', 'pw-file') };
    expect(loadConfig(salesforceEnv, env)).toMatchObject({ kind: 'password', password: 'pw-file' });
  });

  it('still validates the value, without echoing it', () => {
    const env = { PLANNER_TOKEN_FILE: file('spaced', 'hunter2 with spaces\n') };
    const error = configError(() => loadConfig(serviceEnv, env));
    expect(error.message).toBe('PLANNER_TOKEN: must be a non-empty value without spaces (value not shown)');
  });

  it.each([
    [
      { PLANNER_TOKEN: 'x', PLANNER_TOKEN_FILE: '/nonexistent' },
      'PLANNER_TOKEN_FILE: set PLANNER_TOKEN or PLANNER_TOKEN_FILE, not both',
    ],
    [{ PLANNER_TOKEN_FILE: '/nonexistent/token' }, 'PLANNER_TOKEN_FILE: cannot read "/nonexistent/token" (ENOENT)'],
  ])('rejects %j with one line naming the _FILE variable', (env, message) => {
    expect(configError(() => loadConfig(serviceEnv, env)).message).toBe(message);
  });

  it('rejects an empty file rather than starting without the secret', () => {
    const path = file('empty', '\n');
    expect(configError(() => loadConfig(serviceEnv, { PLANNER_TOKEN_FILE: path })).message).toBe(
      `PLANNER_TOKEN_FILE: ${JSON.stringify(path)} is empty`,
    );
  });

  it('reads files only for secrets: any other <NAME>_FILE is just an unknown variable', () => {
    const env = { LOG_LEVEL_FILE: file('level', 'debug'), PLANNER_PORT_FILE: '/nonexistent' };
    expect(loadConfig(serviceEnv, env)).toMatchObject({ LOG_LEVEL: 'info', PLANNER_PORT: 7420 });
  });
});

describe('Salesforce credentials', () => {
  it('resolves username + password (+ token) with the default login URL', () => {
    expect(loadConfig(salesforceEnv, { SF_USERNAME: 'u@x.com', SF_PASSWORD: 'pw', SF_TOKEN: 'tok' })).toEqual({
      kind: 'password',
      loginUrl: 'https://login.salesforce.com',
      username: 'u@x.com',
      password: 'pw',
      securityToken: 'tok',
    });
  });

  it('resolves an instance URL + access token', () => {
    const env = { SF_INSTANCE_URL: 'http://127.0.0.1:3000/', SF_ACCESS_TOKEN: '00D000000000001!abc' };
    expect(loadConfig(salesforceEnv, env)).toEqual({
      kind: 'session',
      instanceUrl: 'http://127.0.0.1:3000',
      accessToken: '00D000000000001!abc',
    });
  });

  it.each([
    [{ SF_USERNAME: 'u' }, 'SF_PASSWORD: is required when SF_USERNAME is set'],
    [{ SF_PASSWORD: 'secretpw' }, 'SF_USERNAME: is required when SF_PASSWORD is set'],
    [{ SF_ACCESS_TOKEN: 'secrettok' }, 'SF_INSTANCE_URL: is required when SF_ACCESS_TOKEN is set'],
    [{ SF_INSTANCE_URL: 'https://x.my.salesforce.com' }, 'SF_ACCESS_TOKEN: is required when SF_INSTANCE_URL is set'],
    [{ SF_LOGIN_URL: 'login.salesforce.com' }, 'SF_LOGIN_URL: must be an http(s) URL, got "login.salesforce.com"'],
    [
      { SF_USERNAME: 'u', SF_PASSWORD: 'p', SF_ACCESS_TOKEN: 't' },
      'SF_ACCESS_TOKEN: set either SF_INSTANCE_URL + SF_ACCESS_TOKEN or SF_USERNAME + SF_PASSWORD, not both',
    ],
    [{}, 'SF_USERNAME: Salesforce login required: set SF_USERNAME + SF_PASSWORD, or SF_INSTANCE_URL + SF_ACCESS_TOKEN'],
  ])('rejects %j', (env, message) => {
    const error = configError(() => loadConfig(salesforceEnv, env));
    expect(error.message).toBe(message);
    expect(error.message).not.toMatch(/secretpw|secrettok/);
  });

  it('optionalSalesforceEnv is undefined when nothing is set but still rejects a half set', () => {
    expect(loadConfig(optionalSalesforceEnv, {})).toBeUndefined();
    expect(() => loadConfig(optionalSalesforceEnv, { SF_USERNAME: 'u' })).toThrow(
      'SF_PASSWORD: is required when SF_USERNAME is set',
    );
  });
});

describe('exitOnConfigError', () => {
  class Exited extends Error {}

  it('prints the one line to stderr and exits 1', () => {
    const written: string[] = [];
    let code: number | undefined;
    const io = {
      writeError: (line: string) => written.push(line),
      exit: (c: number): never => {
        code = c;
        throw new Exited();
      },
    };
    expect(() => exitOnConfigError(() => loadConfig(serviceEnv, { NATS_URL: 'http://x' }), io)).toThrow(Exited);
    expect(code).toBe(1);
    expect(written).toEqual(['config error: NATS_URL: must be a nats:// URL, got "http://x"\n']);
  });

  it('returns the config when it is valid and lets other errors through', () => {
    const io = {
      writeError: () => {},
      exit: (): never => {
        throw new Exited();
      },
    };
    expect(exitOnConfigError(() => loadConfig(serviceEnv, {}), io).PLANNER_PORT).toBe(7420);
    expect(() =>
      exitOnConfigError(() => {
        throw new TypeError('boom');
      }, io),
    ).toThrow(TypeError);
  });
});

describe('how restores write', () => {
  it('reads the write mode and the writer concurrency, both optional', () => {
    expect(loadConfig(restoreWriteEnv, {})).toEqual({});
    const env = { RESTORE_WRITE_MODE: 'collections', RECORD_WRITER_CONCURRENCY: '8' };
    expect(loadConfig(restoreWriteEnv, env)).toEqual({
      RESTORE_WRITE_MODE: 'collections',
      RECORD_WRITER_CONCURRENCY: 8,
    });
  });

  it.each([
    [{ RESTORE_WRITE_MODE: 'bulk' }, 'RESTORE_WRITE_MODE: must be graph or collections, got "bulk"'],
    [{ RECORD_WRITER_CONCURRENCY: '26' }, 'RECORD_WRITER_CONCURRENCY: must be 1-25, got "26"'],
    [{ RECORD_WRITER_CONCURRENCY: '0' }, 'RECORD_WRITER_CONCURRENCY: must be 1-25, got "0"'],
  ])('rejects %j naming the variable', (env, message) => {
    expect(configError(() => loadConfig(restoreWriteEnv, env)).message).toContain(message);
  });
});
