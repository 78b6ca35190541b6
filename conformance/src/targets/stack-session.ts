// The stack target's sessions, loaded only when one opens (see mock-session.ts for why).

import { createLogger } from '@restorelab/runtime';
import { startStack } from '@restorelab/stack';
import jsforce from 'jsforce';
import { seamsOf } from '../engines/fault-seams.ts';
import { httpEngine } from '../engines/http-engine.ts';
import { FIXTURE_DATA_PLAN, FIXTURE_DIR, otherUser, SALESFORCE_API_VERSION } from './mock.ts';
import { mockControl } from './mock-control.ts';
import type { StackTargetOptions } from './stack.ts';
import { BACKUP_OBJECTS, FAULTED_JOB_TIMEOUT_MS, type OpenOptions, type TargetSession } from './target.ts';

export async function openStackSession(options: StackTargetOptions, open: OpenOptions): Promise<TargetSession> {
  const stack = await startStack({
    mock: { metadataDir: FIXTURE_DIR, dataPlan: FIXTURE_DATA_PLAN },
    logger: createLogger({ name: 'conformance-stack', level: 'silent' }),
    ...(options.natsUrl ? { natsUrl: options.natsUrl } : {}),
    // A broken engine (suite power): the faults bent into the services through their seams.
    ...(open.faults ? { seams: seamsOf(open.faults) } : {}),
  });
  try {
    const mock = stack.mock;
    if (!mock) throw new Error('startStack gave no mock org');
    // The suite's own session: the same admin user the services run as, over real HTTP.
    const conn = new jsforce.Connection({ loginUrl: mock.loginUrl, version: SALESFORCE_API_VERSION });
    await conn.login(mock.username, mock.password);
    const adminUserId = conn.userInfo?.id as string;
    const engine = httpEngine(stack.plannerUrl, stack.token, {
      backupObjects: BACKUP_OBJECTS,
      ...(open.faults ? { jobTimeoutMs: FAULTED_JOB_TIMEOUT_MS } : {}),
    });
    return {
      conn,
      engine,
      adminUserId,
      otherUserId: await otherUser(conn, adminUserId),
      // The mock server runs in this process: its clock and purge are driven directly.
      mock: mockControl(mock.admin, mock.orgId),
      async close() {
        await engine.close();
        await stack.close();
      },
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
}
