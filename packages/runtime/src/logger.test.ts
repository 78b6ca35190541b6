import { Writable } from 'node:stream';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { scrubSecrets } from './scrub.ts';

// Distinctive secret values: the test fails if any of them shows up anywhere in the output.
const SESSION_ID = '00D5g000004XyZaEAK!AQ8AQJ9xY.k2pQz_7sVbN3mW4tR8uE1oI6aS5dF0gH';
const SECRETS = {
  password: 'pw-Tr0ub4dor',
  accessToken: 'at-7f3a9c',
  refreshToken: 'rt-5e2b8d',
  sessionId: SESSION_ID,
  clientSecret: 'cs-91b0aa',
  securityToken: 'st-44c1ff',
  bearer: 'eyJhbGciOiJIUzI1NiJ9.bearer-token',
  urlPassword: 'url-pw-8812',
};

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  const logger = createLogger({ name: 'redaction-test', level: 'trace', destination });
  return { logger, lines, output: () => lines.join('\n') };
}

function expectNoSecrets(output: string): void {
  for (const [what, value] of Object.entries(SECRETS)) {
    expect(output, `${what} leaked`).not.toContain(value);
  }
  // The opaque part of the session id alone is a secret too.
  expect(output).not.toContain(SESSION_ID.split('!')[1]);
}

describe('createLogger redaction', () => {
  it('redacts secret keys at the top level and nested, in every spelling', () => {
    const { logger, lines, output } = captureLogger();
    logger.info({ password: SECRETS.password, access_token: SECRETS.accessToken }, 'login');
    logger.info({ oauth: { refresh_token: SECRETS.refreshToken, client_secret: SECRETS.clientSecret } }, 'oauth');
    logger.info(
      { job: { org: { credentials: { securityToken: SECRETS.securityToken, sessionId: SECRETS.sessionId } } } },
      'deep',
    );
    logger.info({ req: { headers: { authorization: `Bearer ${SECRETS.bearer}`, 'x-trace': 'ok' } } }, 'request');
    logger.info({ headers: { Authorization: `OAuth ${SECRETS.accessToken}` } }, 'header');
    logger.info({ batches: [{ clientSecret: SECRETS.clientSecret }, { refreshToken: SECRETS.refreshToken }] }, 'list');
    logger.info({ env: { SF_PASSWORD: SECRETS.password, SF_ACCESS_TOKEN: SECRETS.accessToken } }, 'env');
    logger.child({ org: { password: SECRETS.password, client_secret: SECRETS.clientSecret } }).info('bound');
    logger.info(
      { env: { NATS_PASSWORD: SECRETS.password }, nats: { user: 'planner', pass: SECRETS.password } },
      'nats',
    );

    expect(lines).toHaveLength(9);
    expectNoSecrets(output());
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed[0].password).toBe('[Redacted]');
    expect(parsed[2].job.org.credentials.sessionId).toBe('[Redacted]');
    expect(parsed[3].req.headers).toEqual({ authorization: '[Redacted]', 'x-trace': 'ok' });
    expect(parsed[5].batches[1].refreshToken).toBe('[Redacted]');
  });

  it('scrubs session ids and bearer tokens inside messages, error text and stacks', () => {
    const { logger, lines, output } = captureLogger();
    logger.info(`calling API with session ${SESSION_ID}`);
    logger.warn(`retrying with header Authorization: Bearer ${SECRETS.bearer}`);
    const error = new Error(`INVALID_SESSION_ID for ${SESSION_ID} via https://user:${SECRETS.urlPassword}@host/x`);
    logger.error({ err: error }, 'request failed');
    logger.error(new Error(`login failed: password=${SECRETS.password}&client_secret=${SECRETS.clientSecret}`));
    logger.info({ soap: `<sessionId>${SESSION_ID}</sessionId><password>${SECRETS.password}</password>` }, 'soap');
    logger.child({ org: 'x' }).info({ detail: { note: `token ${SESSION_ID}` } }, 'child');

    expect(lines).toHaveLength(6);
    expectNoSecrets(output());
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(JSON.parse(lines[0]!).msg).toBe('calling API with session [Redacted]');
    expect(JSON.parse(lines[1]!).msg).toBe('retrying with header Authorization: Bearer [Redacted]');
    expect(JSON.parse(lines[2]!).err.stack).toContain('INVALID_SESSION_ID for [Redacted]');
  });

  it('keeps ordinary values readable', () => {
    const { logger, lines } = captureLogger();
    logger.info({ recordId: '001000000000001AAA', count: 3, name: 'Acme' }, 'restored 3 records');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      name: 'Acme',
      recordId: '001000000000001AAA',
      count: 3,
      msg: 'restored 3 records',
    });
  });

  it('respects the level', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ name: 'quiet', level: 'warn', destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, name: 'quiet', msg: 'shown' });
  });
});

const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const sessionIdArb = fc
  .tuple(
    fc.string({ unit: alnum, minLength: 12, maxLength: 12 }),
    fc.boolean(),
    fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._'),
      minLength: 16,
      maxLength: 90,
    }),
  )
  .map(([org, long, opaque]) => ({ id: `00D${org}${long ? 'AAA' : ''}!${opaque}`, opaque }));

describe('session ids and bearer tokens anywhere in a line never reach the output', () => {
  test.prop([sessionIdArb, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })])(
    'in the message, an error and a nested value',
    ({ id, opaque }, before, after) => {
      const { logger, output } = captureLogger();
      logger.info(`${before} ${id} ${after}`);
      logger.error({ err: new Error(`${before}Bearer ${opaque} ${after}`) }, 'failed');
      logger.info({ deep: { list: [`${before} ${id}`] } }, 'nested');
      expect(output()).not.toContain(opaque);
    },
  );
});

describe('scrubSecrets', () => {
  it.each([
    [`sid ${SESSION_ID} ok`, 'sid [Redacted] ok'],
    ['Bearer abc.def-ghi', 'Bearer [Redacted]'],
    ['nats://u:p4ss@127.0.0.1:4222', 'nats://u:[Redacted]@127.0.0.1:4222'],
    ['password: hunter2', 'password: [Redacted]'],
    ['?access_token=xyz&x=1', '?access_token=[Redacted]&x=1'],
    ['"sessionId":"abc"', '"sessionId":"[Redacted]"'],
    ['<sf:sessionId>abc!def</sf:sessionId>', '<sf:sessionId>[Redacted]</sf:sessionId>'],
    ['NATS_PASSWORD=s3cret NATS_USER=planner', 'NATS_PASSWORD=[Redacted] NATS_USER=planner'],
    ['PLANNER_TOKEN: abc123', 'PLANNER_TOKEN: [Redacted]'],
    ['PLANNER_TOKEN_FILE=/secrets/planner/token', 'PLANNER_TOKEN_FILE=/secrets/planner/token'],
  ])('%s', (input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });

  it('leaves record ids and ordinary text alone', () => {
    const text = 'Account 001000000000001AAA and org 00D000000000001AAA restored';
    expect(scrubSecrets(text)).toBe(text);
  });
});
