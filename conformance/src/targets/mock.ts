// Target `mock`: everything in one process. The mock org answers jsforce through msw (no socket: a
// jsforce transport hands each request to msw's handlers), the org is loaded from the fixture SFDX
// project, and the real services run in-process on an embedded nats-server (mock-session.ts, loaded
// when a session opens).
import { fileURLToPath } from 'node:url';
import type { Connection } from 'jsforce';
import type { ConformanceTarget, OpenOptions, TargetSession } from './target.ts';

/** The fixture schema, as an SFDX project. */
export const FIXTURE_DIR = fileURLToPath(new URL('../../fixture-org', import.meta.url));
/** Mock orgs only: a second active user (file owners R15, sharing R17). A real org brings its own. */
export const FIXTURE_DATA_PLAN = fileURLToPath(new URL('../../fixture-org/data/plan.json', import.meta.url));
export const SALESFORCE_API_VERSION = '60.0';

export function mockTarget(): ConformanceTarget {
  return {
    name: 'mock',
    spec: { kind: 'mock' },
    async open(options: OpenOptions = {}): Promise<TargetSession> {
      const { openMockSession } = await import('./mock-session.ts');
      return openMockSession(options);
    },
  };
}

/** Any other active user of the org (file sharing and owners), or undefined. */
export async function otherUser(conn: Connection, adminUserId: string): Promise<string | undefined> {
  const result = await conn.query<{ Id: string }>(
    `SELECT Id FROM User WHERE IsActive = true AND Id != '${adminUserId}' LIMIT 1`,
  );
  return result.records[0]?.Id;
}
