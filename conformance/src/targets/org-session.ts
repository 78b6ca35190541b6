// The org target's sessions, loaded only when one opens (see mock-session.ts for why).
import { createLogger } from '@restorelab/runtime';
import { type Stack, startStack } from '@restorelab/stack';
import jsforce from 'jsforce';
import { seamsOf } from '../engines/fault-seams.ts';
import { httpEngine } from '../engines/http-engine.ts';
import { otherUser, SALESFORCE_API_VERSION } from './mock.ts';
import { FixtureMissingError, type OrgTargetOptions } from './org.ts';
import {
  BACKUP_OBJECTS,
  FAULTED_JOB_TIMEOUT_MS,
  FIXTURE_OBJECTS,
  type OpenOptions,
  type TargetSession,
} from './target.ts';

export async function openOrgSession(
  env: NodeJS.ProcessEnv,
  options: OrgTargetOptions,
  open: OpenOptions,
): Promise<TargetSession> {
  if (options.engineUrl && open.faults) {
    throw new Error('an engine reached by URL cannot be broken from here: faults need an engine the suite starts');
  }
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
  // Without an engine URL the engine is restorelab's own: the services in this process (embedded
  // nats-server), restoring into the org through the suite's own connection.
  let stack: Stack | undefined;
  if (!options.engineUrl) {
    stack = await startStack({
      connection: conn,
      logger: createLogger({ name: 'conformance-org', level: 'silent' }),
      ...(open.faults ? { seams: seamsOf(open.faults) } : {}),
    });
  }
  const engine = stack
    ? httpEngine(stack.plannerUrl, stack.token, {
        backupObjects: BACKUP_OBJECTS,
        ...(open.faults ? { jobTimeoutMs: FAULTED_JOB_TIMEOUT_MS } : {}),
      })
    : httpEngine(options.engineUrl as string, options.engineToken, { backupObjects: BACKUP_OBJECTS });
  try {
    return {
      conn,
      engine,
      adminUserId,
      otherUserId: await otherUser(conn, adminUserId),
      mock: undefined,
      async close() {
        await engine.close();
        await stack?.close();
      },
    };
  } catch (error) {
    await stack?.close();
    throw error;
  }
}
