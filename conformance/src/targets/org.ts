// Target `org`: a Salesforce org through jsforce, credentials from the environment
// (SF_USERNAME/SF_PASSWORD[/SF_TOKEN]/SF_LOGIN_URL, or SF_INSTANCE_URL/SF_ACCESS_TOKEN). Checks the
// fixture schema is deployed first. The same code path runs against the mock over HTTP.
import jsforce from 'jsforce';
import { httpEngine } from '../engines/http-engine.ts';
import { localEngine } from '../engines/local-engine.ts';
import { FIXTURE_DIR, otherUser, SALESFORCE_API_VERSION } from './mock.ts';
import { BACKUP_OBJECTS, type ConformanceTarget, FIXTURE_OBJECTS, type OpenOptions } from './target.ts';

export class FixtureMissingError extends Error {
  override readonly name = 'FixtureMissingError';
  readonly code = 'FIXTURE_NOT_DEPLOYED';
  readonly missing: string[];
  constructor(missing: string[]) {
    super(
      `the org lacks the fixture schema (${missing.join(', ')}); deploy it with:\n  sf project deploy start --source-dir ${FIXTURE_DIR.replace(/.*\/(conformance\/)/, '$1')}/force-app --target-org <alias>`,
    );
    this.missing = missing;
  }
}

export function orgTarget(
  env: NodeJS.ProcessEnv = process.env,
  options: { engineUrl?: string; engineToken?: string } = {},
): ConformanceTarget {
  const session = env.SF_INSTANCE_URL && env.SF_ACCESS_TOKEN;
  const login = env.SF_USERNAME && env.SF_PASSWORD;
  return {
    name: 'org',
    ...(session || login
      ? {}
      : {
          unavailable:
            'no org credentials: set SF_USERNAME and SF_PASSWORD (and SF_TOKEN, SF_LOGIN_URL) or SF_INSTANCE_URL and SF_ACCESS_TOKEN',
        }),
    async open(open: OpenOptions = {}) {
      const conn = session
        ? new jsforce.Connection({
            instanceUrl: env.SF_INSTANCE_URL,
            accessToken: env.SF_ACCESS_TOKEN,
            version: SALESFORCE_API_VERSION,
          })
        : new jsforce.Connection({
            loginUrl: env.SF_LOGIN_URL ?? 'https://login.salesforce.com',
            version: SALESFORCE_API_VERSION,
          });
      if (!session) await conn.login(env.SF_USERNAME as string, `${env.SF_PASSWORD}${env.SF_TOKEN ?? ''}`);
      const global = await conn.describeGlobal();
      const names = new Set(global.sobjects.map((o) => o.name));
      const missing = FIXTURE_OBJECTS.filter((o) => !names.has(o));
      if (missing.length > 0) throw new FixtureMissingError(missing);
      const adminUserId = conn.userInfo?.id ?? (await conn.identity()).user_id;
      const engine = options.engineUrl
        ? httpEngine(options.engineUrl, options.engineToken, { backupObjects: BACKUP_OBJECTS })
        : localEngine({ conn, objects: BACKUP_OBJECTS, ...(open.faults ? { faults: open.faults } : {}) });
      return {
        conn,
        engine,
        adminUserId,
        otherUserId: await otherUser(conn, adminUserId),
        mock: undefined,
        close: () => engine.close(),
      };
    },
  };
}
