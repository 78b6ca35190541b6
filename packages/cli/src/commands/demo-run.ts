// `restorelab demo`: the main job on the embedded defaults. It starts the whole stack on this machine
// (an embedded nats-server, the mock org with its demo data, record-writer, file-writer and the planner),
// then plays the story the product exists for: back the org up, lose a record with everything beneath it,
// look at the restore summary, confirm, follow the job, and check the org through jsforce. Every step says
// what it did; everything started is stopped at the end, and on Ctrl-C.
import { PlannerApiClient, written } from '@restorelab/planner-api';
import { createLogger } from '@restorelab/runtime';
import { itemLabel } from '../format.ts';
import { METAFILE_MEANING, outcomesInWords, plannedInWords, selectedWords } from '../format-counts.ts';
import type { Output } from '../output.ts';
import { plural } from '../words.ts';

type Closer = () => Promise<void>;

export interface DemoReport {
  plannerUrl: string;
  mock: { url: string; username: string };
  snapshotId: string;
  backedUp: Record<string, number>;
  restored: {
    rootId: string;
    newRootId: string | undefined;
    status: string;
    /** Items written (created, overwritten, new version), metafiles among them. */
    restored: number;
    /** Metafiles written: file sharing links (ContentDocumentLink). */
    metafiles: number;
  };
  checks: Array<{ what: string; expected: number; found: number }>;
  conformance?: { runs: number; exitCode: number };
}

export interface DemoOptions {
  /** Runs per rule of the conformance suite at the end (0 skips it). */
  conformanceRuns: number;
}

export async function runDemo(out: Output, options: DemoOptions = { conformanceRuns: 3 }): Promise<DemoReport> {
  const closers: Closer[] = [];
  const closeAll = async () => {
    while (closers.length > 0) await closers.pop()!().catch(() => {});
  };
  const onSignal = (signal: NodeJS.Signals) => {
    out.step(`interrupted (${signal}): stopping what the demo started`);
    void closeAll().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { startStack } = await import('@restorelab/stack');
    const stack = await startStack({ logger: createLogger({ name: 'demo', level: 'warn' }) });
    closers.push(() => stack.close());
    const mock = stack.mock!;
    out.step(`started an embedded nats-server with JetStream at ${stack.nats.url}`);
    out.step(`started the mock Salesforce org at ${mock.url} with its demo data (user ${mock.username})`);
    out.step(`started record-writer, file-writer and the planner API at ${stack.plannerUrl}/v1`);

    const api = new PlannerApiClient({ url: stack.plannerUrl, token: stack.token });
    const backup = await api.backup();
    const backedUp = Object.fromEntries(Object.entries(backup.objects).filter(([, n]) => n > 0));
    out.step(
      `backed up the org into snapshot ${backup.snapshot.id} with ${backup.apiCalls} API calls: ${describeCounts(backedUp)}`,
    );

    // The record to lose: a project with files of its own if there is one (so the story shows files coming
    // back too), and among those the one with the most records beneath it.
    const conn = stack.conn;
    const projects = await conn.query<{ Id: string; Name: string }>('SELECT Id, Name FROM Project__c ORDER BY Name');
    const beneath = async (projectId: string) => {
      const milestones = await conn.query(`SELECT COUNT() FROM Milestone__c WHERE Project__c = '${projectId}'`);
      const deliverables = await conn.query(
        `SELECT COUNT() FROM Deliverable__c WHERE Milestone__r.Project__c = '${projectId}'`,
      );
      const files = await conn.query(`SELECT COUNT() FROM ContentDocumentLink WHERE LinkedEntityId = '${projectId}'`);
      return { milestones: milestones.totalSize, deliverables: deliverables.totalSize, files: files.totalSize };
    };
    let root = projects.records[0]!;
    let best = -1;
    for (const p of projects.records) {
      const b = await beneath(p.Id);
      const score = (b.files > 0 ? 1000 : 0) + b.milestones + b.deliverables;
      if (score > best) {
        best = score;
        root = p;
      }
    }
    const before = await beneath(root.Id);
    await conn.sobject('Project__c').destroy(root.Id);
    const gone = (await conn.query(`SELECT COUNT() FROM Milestone__c WHERE Project__c = '${root.Id}'`)).totalSize;
    out.step(
      `deleted project "${root.Name}" (${root.Id}) in the org; the cascade took its ${plural(before.milestones, 'milestone')}, ${plural(before.deliverables, 'deliverable')} and the links of its ${plural(before.files, 'file')} with it (${plural(gone, 'milestone')} left)`,
    );

    const plan = await api.planRestore({ recordId: root.Id, method: 'related' });
    const s = plan.summary;
    out.step(
      `asked for a restore with related records: ${selectedWords(s)} selected; the summary counts ${plannedInWords(s.all)} items: ` +
        `records ${plannedInWords(s.records.total)}, files ${plannedInWords(s.files)}, attachments ${plannedInWords(s.attachments)}, ` +
        `metafiles ${plannedInWords(s.metafiles)} (${METAFILE_MEANING}); nothing is written yet`,
    );
    for (const [type, actions] of Object.entries(s.records.byObject))
      out.line(`    ${type} records: ${plannedInWords(actions)}`);
    for (const f of s.willFail) out.line(`    will fail: ${itemLabel(f.objectType, f.itemId)}: ${f.message}`);

    const confirmed = await api.confirm(plan.planId);
    let job = await api.job(confirmed.jobId);
    let lastStep = -1;
    while (job.status === 'running') {
      if (job.step !== lastStep) {
        out.step(`job ${job.jobId}: step ${job.step} of ${job.steps}, ${written(job.counts.all)} items written`);
        lastStep = job.step;
      }
      await new Promise((r) => setTimeout(r, 100));
      job = await api.job(confirmed.jobId);
    }
    out.step(
      `job ${job.jobId} ${job.status}${job.reason ? ` (${job.reason})` : ''}: ${outcomesInWords(job.counts.all)} items done, of ${s.all.total} in the summary: ` +
        `records ${outcomesInWords(job.counts.records.total)}, files ${outcomesInWords(job.counts.files)}, ` +
        `attachments ${outcomesInWords(job.counts.attachments)}, metafiles ${outcomesInWords(job.counts.metafiles)}`,
    );
    for (const f of job.failures) out.line(`    failed: ${itemLabel(f.objectType, f.itemId)}: ${f.code}: ${f.message}`);

    const newRootId = Object.entries(job.idMap).find(([old]) => old.slice(0, 15) === root.Id.slice(0, 15))?.[1];
    const after = newRootId ? await beneath(newRootId) : { milestones: 0, deliverables: 0, files: 0 };
    const checks = [
      { what: 'milestones under the restored project', expected: before.milestones, found: after.milestones },
      { what: 'deliverables under the restored project', expected: before.deliverables, found: after.deliverables },
      { what: 'files linked to the restored project', expected: before.files, found: after.files },
    ];
    out.step(
      `checked the org through jsforce: project "${root.Name}" is back as ${newRootId ?? '(missing)'}; ` +
        checks.map((c) => `${c.found} of ${c.expected} ${c.what}`).join(', '),
    );

    const report: DemoReport = {
      plannerUrl: stack.plannerUrl,
      mock: { url: mock.url, username: mock.username },
      snapshotId: backup.snapshot.id,
      backedUp,
      restored: {
        rootId: root.Id,
        newRootId,
        status: job.status,
        restored: written(job.counts.all),
        metafiles: written(job.counts.metafiles),
      },
      checks,
    };
    await closeAll();
    out.step('stopped the services, the mock org and the embedded nats-server');
    let ok = job.status === 'succeeded' && checks.every((c) => c.found === c.expected);

    if (options.conformanceRuns > 0) {
      out.step(
        `running the conformance suite: every rule R01–R19 as a property, ${options.conformanceRuns} run${options.conformanceRuns === 1 ? '' : 's'} each, on the in-process mock target`,
      );
      const { runConformanceCommand } = await import('@restorelab/conformance');
      const exitCode = await runConformanceCommand({
        target: 'mock',
        runs: options.conformanceRuns,
        print: (text) => out.line(text, { outcomes: true }),
        // A line as the suite starts and one per rule as it ends, instead of silence until the table.
        progress: (text) => out.step(text),
      });
      report.conformance = { runs: options.conformanceRuns, exitCode };
      out.step(
        exitCode === 0
          ? 'the conformance suite passed on every rule'
          : `the conformance suite did not pass (exit ${exitCode})`,
      );
      ok &&= exitCode === 0;
    }
    out.result(report, () =>
      out.line(ok ? 'demo finished: the restore matched the backup' : 'demo finished with differences (see above)'),
    );
    if (!ok) process.exitCode = 1;
    return report;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await closeAll();
  }
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
}
