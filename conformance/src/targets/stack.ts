// Target `stack`: the mock org served over HTTP, and the three services (planner, record-writer,
// file-writer) over a real NATS — the planner's own `startStack`, with an embedded nats-server by
// default or an existing one by URL. The suite reaches the engine only through the planner's HTTP
// API (httpEngine), and the org through jsforce over HTTP, as a user would.
import { startStack } from '@restorelab/planner';
import { createLogger } from '@restorelab/runtime';
import jsforce from 'jsforce';
import { httpEngine } from '../engines/http-engine.ts';
import { FIXTURE_DATA_PLAN, FIXTURE_DIR, otherUser, SALESFORCE_API_VERSION } from './mock.ts';
import { mockControl } from './mock-control.ts';
import { BACKUP_OBJECTS, type ConformanceTarget, type OpenOptions, type TargetSession } from './target.ts';

export interface StackTargetOptions {
  /** An existing NATS server (the dev stack, docker compose); absent → an embedded nats-server. */
  natsUrl?: string;
}

export function stackTarget(options: StackTargetOptions = {}): ConformanceTarget {
  return {
    name: 'stack',
    // Sessions on one given NATS server would share its streams and consumers: one at a time then.
    ...(options.natsUrl ? {} : { spec: { kind: 'stack' } as const }),
    async open(open: OpenOptions = {}): Promise<TargetSession> {
      if (open.faults) {
        // Broken engines are bends of the in-process pipeline; the services cannot be broken from here.
        throw new Error('the stack target runs the real services: engine faults need the mock target');
      }
      const stack = await startStack({
        mock: { metadataDir: FIXTURE_DIR, dataPlan: FIXTURE_DATA_PLAN },
        logger: createLogger({ name: 'conformance-stack', level: 'silent' }),
        ...(options.natsUrl ? { natsUrl: options.natsUrl } : {}),
      });
      try {
        const mock = stack.mock;
        if (!mock) throw new Error('startStack gave no mock org');
        // The suite's own session: the same admin user the services run as, over real HTTP.
        const conn = new jsforce.Connection({ loginUrl: mock.loginUrl, version: SALESFORCE_API_VERSION });
        await conn.login(mock.username, mock.password);
        const adminUserId = conn.userInfo?.id as string;
        const engine = httpEngine(stack.plannerUrl, stack.token, { backupObjects: BACKUP_OBJECTS });
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
    },
  };
}
