// The orgs one mock server hosts, their logins and their sessions. A login by username finds the
// org; a session token finds the org and the user for every REST call.
import { randomBytes } from 'node:crypto';
import { SalesforceApiError } from '../errors.ts';
import { BulkJobs } from './bulk-registry.ts';
import { FaultInjector } from './faults.ts';
import { Org, type OrgSchemaLike } from './org.ts';
import { applySeeds, type OrgIdentity, type SeedRecordLike, seedBaseline } from './seed.ts';

export const DEFAULT_USERNAME = 'admin@restorelab.test';
export const DEFAULT_PASSWORD = 'restorelab';
export const DEFAULT_DAILY_API_LIMIT = 100_000;

export interface OrgDefinition {
  schema: OrgSchemaLike;
  seeds?: readonly SeedRecordLike[];
  username?: string;
  password?: string;
  orgName?: string;
  dailyApiLimit?: number;
  /** The API user's "Bulk API Hard Delete" permission (off by default, as on a real org). */
  bulkApiHardDelete?: boolean;
}

/** A page source kept for `GET /query/{locator}`. */
export interface QueryCursor {
  records: Array<Record<string, unknown>>;
  pageSize: number;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const MAX_CURSORS = 64;

/** One hosted org with its login, API counters, faults and query cursors. */
export class MockOrg {
  readonly definition: OrgDefinition;
  readonly pod: string;
  org!: Org;
  identity!: OrgIdentity;
  seedIds = new Map<string, string>();
  readonly password: string;
  readonly faults = new FaultInjector();
  apiCalls = 0;
  dailyApiLimit: number;
  /** The API user's "Bulk API Hard Delete" permission: Bulk API 2.0 hardDelete jobs need it. */
  bulkApiHardDelete: boolean;
  readonly cursors = new Map<string, QueryCursor>();
  /** Bulk API 2.0 jobs, new with every reset. */
  bulk = new BulkJobs();
  #cursorSeq = 0;

  constructor(definition: OrgDefinition, pod: string) {
    this.definition = definition;
    this.pod = pod;
    this.password = definition.password ?? DEFAULT_PASSWORD;
    this.dailyApiLimit = definition.dailyApiLimit ?? DEFAULT_DAILY_API_LIMIT;
    this.bulkApiHardDelete = definition.bulkApiHardDelete ?? false;
    this.reset();
  }

  get orgId(): string {
    return this.identity.orgId;
  }

  get username(): string {
    return this.identity.username;
  }

  /** The OAuth client credentials of the org's connected app (client_credentials grant). */
  get clientId(): string {
    return `restorelab.${this.identity.orgId}`;
  }

  get clientSecret(): string {
    return this.password;
  }

  /** Rebuilds the org from its definition: same schema, same seeds, fresh records and counters. */
  reset(): void {
    const org = new Org({ schema: this.definition.schema, pod: this.pod });
    const identity = seedBaseline(org, {
      orgName: this.definition.orgName ?? 'Restorelab Mock Org',
      username: this.definition.username ?? DEFAULT_USERNAME,
      pod: this.pod,
    });
    this.seedIds = applySeeds(org, this.definition.seeds ?? [], identity);
    this.org = org;
    this.identity = identity;
    this.apiCalls = 0;
    this.cursors.clear();
    this.bulk = new BulkJobs();
    this.faults.clear();
  }

  /** Stores a cursor and returns its locator (`01g...`), evicting the oldest beyond a small bound. */
  addCursor(cursor: QueryCursor): string {
    const locator = `01g${this.pod}${String(++this.#cursorSeq).padStart(12, '0')}`;
    this.cursors.set(locator, cursor);
    if (this.cursors.size > MAX_CURSORS) this.cursors.delete(this.cursors.keys().next().value!);
    return locator;
  }

  /** The active user with this username, if any. */
  userByUsername(username: string): string | undefined {
    const users = this.org.findBy('User', 'Username', username);
    const user = users.find((u) => u.fields.IsActive !== false);
    return user?.fields.Id as string | undefined;
  }
}

export interface Session {
  token: string;
  orgId: string;
  userId: string;
}

export class OrgRegistry {
  readonly #orgs = new Map<string, MockOrg>();
  readonly #sessions = new Map<string, Session>();
  #podSeq = 0;

  createOrg(definition: OrgDefinition): MockOrg {
    const username = (definition.username ?? DEFAULT_USERNAME).toLowerCase();
    if (this.findByUsername(username)) {
      throw new SalesforceApiError('DUPLICATE_USERNAME', `Duplicate Username: ${username} is used by another org`);
    }
    const n = this.#podSeq++;
    const pod = `M${BASE62[Math.floor(n / 62) % 62]}${BASE62[n % 62]}`;
    const mock = new MockOrg(definition, pod);
    this.#orgs.set(mock.orgId, mock);
    return mock;
  }

  orgs(): IterableIterator<MockOrg> {
    return this.#orgs.values();
  }

  org(orgId: string): MockOrg | undefined {
    return this.#orgs.get(orgId) ?? [...this.#orgs.values()].find((o) => o.orgId.slice(0, 15) === orgId.slice(0, 15));
  }

  resetOrg(mock: MockOrg): void {
    const oldId = mock.orgId;
    mock.reset();
    this.#orgs.delete(oldId);
    this.#orgs.set(mock.orgId, mock);
    this.expireSessions(mock);
  }

  findByUsername(username: string): { mock: MockOrg; userId: string } | undefined {
    for (const mock of this.#orgs.values()) {
      const userId = mock.userByUsername(username);
      if (userId) return { mock, userId };
    }
    return undefined;
  }

  /** A session for a username/password, or undefined when the login is refused. */
  login(username: string, password: string): Session | undefined {
    const found = this.findByUsername(username);
    if (!found || found.mock.password !== password) return undefined;
    return this.openSession(found.mock, found.userId);
  }

  openSession(mock: MockOrg, userId: string): Session {
    const token = `${mock.orgId.slice(0, 15)}!${randomBytes(24).toString('base64url')}`;
    const session = { token, orgId: mock.orgId, userId };
    this.#sessions.set(token, session);
    return session;
  }

  session(token: string): { session: Session; mock: MockOrg } | undefined {
    const session = this.#sessions.get(token);
    const mock = session && this.#orgs.get(session.orgId);
    return session && mock ? { session, mock } : undefined;
  }

  /** Ends every session of one org (or of all orgs); clients must log in again. */
  expireSessions(mock?: MockOrg): number {
    let n = 0;
    for (const [token, s] of this.#sessions) {
      if (!mock || s.orgId === mock.orgId) {
        this.#sessions.delete(token);
        n++;
      }
    }
    return n;
  }
}
