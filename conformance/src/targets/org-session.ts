// The org target's sessions, loaded only when one opens (see mock-session.ts for why).
import jsforce from 'jsforce';
import { httpEngine } from '../engines/http-engine.ts';
import { localEngine } from '../engines/local-engine.ts';
import { otherUser, SALESFORCE_API_VERSION } from './mock.ts';
import { FixtureMissingError, type OrgTargetOptions } from './org.ts';
import { BACKUP_OBJECTS, FIXTURE_OBJECTS, type OpenOptions, type TargetSession } from './target.ts';

export async function openOrgSession(
  env: NodeJS.ProcessEnv,
  options: OrgTargetOptions,
  open: OpenOptions,
): Promise<TargetSession> {
  const session = env.SF_INSTANCE_URL && env.SF_ACCESS_TOKEN;
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
}
