// What a job's commits cost as the job grows, for `pnpm bench job-commit`: a related restore of N
// records answered in batches of 200, each answer committed. The layout before the journal wrote the
// whole state (id map and failures included) at every commit; the journal layout writes the head
// and the entries of the batches answered since the last commit (job-journal.ts). Pure CPU, no NATS:
// the bytes are what a commit would put, the time is the serialising.
import type { BenchMeasure, BenchSuite } from '../../../scripts/bench-types.ts';
import { headOf, journal } from '../src/jobs/job-journal.ts';
import type { LiveJob } from '../src/jobs/types.ts';

const BATCH = 200;
/** NATS's default max_payload. */
const MAX_PAYLOAD = 1024 * 1024;

interface CommitCost {
  records: number;
  wholeMs: number;
  wholeLastBytes: number;
  wholeOverLimit: number;
  journalMs: number;
  journalMaxBytes: number;
  headBytes: number;
}

function emptyJob(records: number): LiveJob {
  const empty = () => ({ created: 0, updated: 0, skipped: 0, failed: 0 });
  return {
    jobId: 'job-bench',
    planId: 'plan-bench',
    orgId: '00D000000000001AAA',
    request: { snapshotId: 'snap-bench', rootId: 'a00000000000001AAA', method: 'related' },
    status: 'running',
    createdAt: '2026-12-07T00:00:00.000Z',
    updatedAt: '2026-12-07T00:00:00.000Z',
    step: 1,
    steps: 4,
    pending: Array.from({ length: Math.ceil(records / BATCH) }, (_, i) => `w1.b${i}`),
    cancelRequested: false,
    counts: {
      selected: records,
      records: { total: empty(), byObject: {} },
      files: empty(),
      attachments: empty(),
      metafiles: 0,
      restored: 0,
    },
    failures: [],
    failureCount: 0,
    idMap: {},
    idCount: 0,
    retries: 0,
    batches: 0,
    runFrom: 0,
  };
}

/** Answers a job of `records` batch by batch, serialising each commit in both layouts. */
function commits(records: number): CommitCost {
  const state = emptyJob(records);
  const cost: CommitCost = {
    records,
    wholeMs: 0,
    wholeLastBytes: 0,
    wholeOverLimit: 0,
    journalMs: 0,
    journalMaxBytes: 0,
    headBytes: 0,
  };
  for (let b = 0; b * BATCH < records; b++) {
    const ids: Record<string, string> = {};
    for (let i = b * BATCH; i < Math.min(records, (b + 1) * BATCH); i++) {
      const id = String(i).padStart(12, '0');
      ids[`a01000${id}`] = `a01999${id}`;
    }
    Object.assign(state.idMap, ids);
    state.idCount += Object.keys(ids).length;
    state.counts.records.total.created = state.idCount;
    state.pending.shift();
    let t = performance.now();
    const whole = JSON.stringify(state);
    cost.wholeMs += performance.now() - t;
    cost.wholeLastBytes = Buffer.byteLength(whole);
    if (cost.wholeLastBytes > MAX_PAYLOAD) cost.wholeOverLimit++;
    t = performance.now();
    const entries = journal(state, { step: 1, key: `w1.b${b}`, ids, failures: [] }).map((n) => JSON.stringify(n.entry));
    const head = JSON.stringify(headOf(state));
    cost.journalMs += performance.now() - t;
    cost.headBytes = Buffer.byteLength(head);
    cost.journalMaxBytes = Math.max(
      cost.journalMaxBytes,
      cost.headBytes + entries.reduce((n, e) => n + Buffer.byteLength(e), 0),
    );
  }
  return cost;
}

const suite: BenchSuite = {
  name: 'job-commit',
  async run(log) {
    const measures: BenchMeasure[] = [];
    for (const records of [30_000, 50_000, 100_000]) {
      const c = commits(records);
      log(
        `${records.toLocaleString('en-US')} records, ${Math.ceil(records / BATCH)} commits: whole state ${c.wholeMs.toFixed(0)} ms, last ${c.wholeLastBytes} bytes, ${c.wholeOverLimit} commits over 1 MiB; journal ${c.journalMs.toFixed(0)} ms, at most ${c.journalMaxBytes} bytes a commit (head ${c.headBytes})`,
      );
      measures.push(
        {
          name: `serialising every commit of ${records.toLocaleString('en-US')} records (journal)`,
          value: c.journalMs,
          unit: 'ms',
          ratio: c.journalMs / c.wholeMs,
          baseline: 'the whole state per commit',
        },
        {
          name: `largest commit of ${records.toLocaleString('en-US')} records (journal)`,
          value: c.journalMaxBytes,
          unit: 'bytes',
          target: '< 64 KiB at every size',
          met: c.journalMaxBytes < 64 * 1024,
        },
      );
    }
    return measures;
  },
};
export default suite;
