// apps/deploy/src/compose-secrets.ts, the `secrets` step of docker-compose.yml: what it writes, with which modes,
// what it keeps on the next start, and that it never prints a secret.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATS_PASSWORD_VARIABLES, type NatsUser, SECRET_PATHS, writeComposeSecrets } from '@restorelab/deploy';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const USERS = Object.keys(NATS_PASSWORD_VARIABLES) as NatsUser[];
const ALL = [SECRET_PATHS.plannerToken, ...USERS.map(SECRET_PATHS.natsPassword)];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function root(): string {
  const dir = mkdtempSync(join(tmpdir(), 'restorelab-secrets-'));
  dirs.push(dir);
  return join(dir, 'secrets');
}
const read = (dir: string, relative: string) => readFileSync(join(dir, relative), 'utf8');
const mode = (path: string) => statSync(path).mode & 0o777;

describe('the compose secrets step', () => {
  it('generates every secret once, private to its owner, and passwords.conf from the password files', () => {
    const dir = root();
    const report = writeComposeSecrets(dir);
    expect(report.created.sort()).toEqual([...ALL].sort());
    const values = ALL.map((p) => read(dir, p).trimEnd());
    for (const value of values) expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(values).size).toBe(values.length);
    for (const p of [...ALL, SECRET_PATHS.natsPasswordsConf]) expect(mode(join(dir, p)), p).toBe(0o600);
    for (const folder of ['planner', ...USERS, 'nats']) expect(mode(join(dir, folder)), folder).toBe(0o700);

    const conf = read(dir, SECRET_PATHS.natsPasswordsConf);
    for (const user of USERS) {
      const password = read(dir, SECRET_PATHS.natsPassword(user)).trimEnd();
      expect(conf).toContain(`${NATS_PASSWORD_VARIABLES[user]}: "${password}"\n`);
    }
    expect(conf).not.toContain(read(dir, SECRET_PATHS.plannerToken).trimEnd());
  });

  it('keeps what exists on the next start, fills what is missing, and keeps passwords.conf in step', () => {
    const dir = root();
    writeComposeSecrets(dir);
    const before = Object.fromEntries(ALL.map((p) => [p, read(dir, p)]));
    // A service's volume removed: its password is made again, the others stay.
    rmSync(join(dir, 'file-writer'), { recursive: true });
    const report = writeComposeSecrets(dir);
    expect(report.created).toEqual([SECRET_PATHS.natsPassword('file-writer')]);
    for (const p of ALL.filter((p) => !p.startsWith('file-writer/'))) expect(read(dir, p)).toBe(before[p]);
    const fresh = read(dir, SECRET_PATHS.natsPassword('file-writer')).trimEnd();
    expect(fresh).not.toBe(before[SECRET_PATHS.natsPassword('file-writer')]!.trimEnd());
    expect(read(dir, SECRET_PATHS.natsPasswordsConf)).toContain(`FILE_WRITER_NATS_PASSWORD: "${fresh}"`);
  });

  it('takes a planner token of your own, and refuses what it cannot quote safely', () => {
    const dir = root();
    mkdirSync(join(dir, 'planner'), { recursive: true });
    writeFileSync(join(dir, SECRET_PATHS.plannerToken), 'my-own-token-0123456789\n');
    expect(writeComposeSecrets(dir).kept).toEqual([SECRET_PATHS.plannerToken]);
    expect(read(dir, SECRET_PATHS.plannerToken)).toBe('my-own-token-0123456789\n');

    writeFileSync(join(dir, SECRET_PATHS.natsPassword('planner')), 'pw" with quotes\n');
    expect(() => writeComposeSecrets(dir)).toThrow(/planner\/nats-password: not a usable secret/);
  });

  it('prints what it did and how to read the token, never a secret', () => {
    const dir = root();
    const run = () =>
      execFileSync(process.execPath, [join(ROOT, 'apps/deploy/src/compose-secrets.ts'), dir], { encoding: 'utf8' });
    const first = run();
    const second = run();
    expect(first).toContain(`generated ${SECRET_PATHS.plannerToken}`);
    expect(second).toContain(`kept ${SECRET_PATHS.plannerToken}`);
    expect(first).toContain('docker compose exec -T planner cat /secrets/planner/planner-token');
    for (const p of ALL) {
      const value = read(dir, p).trimEnd();
      expect(first + second, p).not.toContain(value);
    }
  });
});
