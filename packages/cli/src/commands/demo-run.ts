// `restorelab demo`: the main job on the embedded defaults. It starts everything it needs on this machine
// (an embedded nats-server, the mock org with its demo data), runs the work end to end, says what each step
// did, and stops everything it started — also on Ctrl-C.
import { startMockServer } from '@restorelab/mock-salesforce';
import { createLogger, startEmbeddedNats } from '@restorelab/runtime';
import jsforce from 'jsforce';
import type { Output } from '../output.ts';

type Closer = () => Promise<void>;

export interface DemoReport {
  nats: { url: string };
  mock: { url: string; username: string; orgId: string };
  org: { objects: Record<string, number> };
}

export async function runDemo(out: Output): Promise<DemoReport> {
  const closers: Closer[] = [];
  const closeAll = async () => {
    while (closers.length > 0) await closers.pop()!().catch(() => {});
  };
  // Ctrl-C: stop what was started, then leave with the conventional code.
  const onSignal = (signal: NodeJS.Signals) => {
    out.step(`interrupted (${signal}): stopping what the demo started`);
    void closeAll().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const logger = createLogger({ name: 'demo', level: 'warn' });
    const nats = await startEmbeddedNats({ logger });
    closers.push(() => nats.stop());
    out.step(`started an embedded nats-server with JetStream at ${nats.url}`);

    const mock = await startMockServer({ port: 0 });
    closers.push(() => mock.close());
    out.step(`started the mock Salesforce org at ${mock.url} (demo data, user ${mock.username})`);

    const conn = new jsforce.Connection({ loginUrl: mock.loginUrl });
    await conn.login(mock.username, mock.password);
    const objects: Record<string, number> = {};
    for (const type of ['Account', 'Contact', 'Opportunity', 'Case', 'ContentDocument', 'Attachment']) {
      const result = await conn.query(`SELECT COUNT() FROM ${type}`);
      objects[type] = result.totalSize;
    }
    const customs = (await conn.describeGlobal()).sobjects.filter((s) => s.custom).map((s) => s.name);
    for (const type of customs) objects[type] = (await conn.query(`SELECT COUNT() FROM ${type}`)).totalSize;
    out.step(
      `logged in with jsforce and counted the demo org: ${Object.entries(objects)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    );

    const report: DemoReport = {
      nats: { url: nats.url },
      mock: { url: mock.url, username: mock.username, orgId: mock.orgId },
      org: { objects },
    };
    await closeAll();
    out.step('stopped the mock org and the embedded nats-server');
    out.result(report, () => out.line('demo finished'));
    return report;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await closeAll();
  }
}
