// Benchmarks of the mock org (issue 3): every figure is measured in this one process, and the ratios are
// against baselines measured in the same run, so they compare across machines better than raw numbers.

import type { BenchMeasure, BenchSuite } from '../../scripts/bench-types.ts';
import { createMockApp, MockAdmin, OrgRegistry } from '../src/index.ts';
import { serveAndLogIn } from './bench-server.ts';

const API = '/services/data/v50.0';

async function startServer() {
  const admin = new MockAdmin(new OrgRegistry());
  const login = await admin.createOrg({ empty: true, username: 'bench@restorelab.test', password: 'bench' });
  const app = createMockApp({ admin });
  // The baseline: the cheapest route the same server can answer.
  app.get('/__bench/hello', (c) => c.text('hello'));
  const { url, token, close } = await serveAndLogIn(app, admin, login);
  return { admin, url, token, close };
}

/** Sends `total` GETs, `concurrency` at a time, and returns requests per second. */
async function throughput(
  url: string,
  headers: Record<string, string>,
  total: number,
  concurrency = 16,
): Promise<number> {
  let sent = 0;
  const started = performance.now();
  const worker = async () => {
    while (sent < total) {
      sent++;
      const res = await fetch(url, { headers });
      if (!res.ok) throw new Error(`GET ${url} → ${res.status}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - started) / 1000);
}

/** Memory per record in a 1,000,000-record org, created straight through the org model. Measured first,
 * in a function of its own, so neither earlier garbage nor this org skews the other figures. */
async function measureMemoryPerRecord(log: (line: string) => void): Promise<BenchMeasure> {
  const admin = new MockAdmin(new OrgRegistry());
  const login = await admin.createOrg({ empty: true, username: 'mem@restorelab.test', password: 'mem' });
  const mock = admin.org(login.orgId);
  const ctx = { userId: login.adminUserId };
  gcIfExposed();
  const before = process.memoryUsage().heapUsed;
  const total = 1_000_000;
  const tCreate = performance.now();
  for (let i = 0; i < total; i++) mock.org.create('Account', { Name: `Account ${i}`, Industry: 'Banking' }, ctx);
  const createMs = performance.now() - tCreate;
  gcIfExposed();
  const perRecord = (process.memoryUsage().heapUsed - before) / total;
  // Touch the org after measuring: V8 may free objects that are never used again, even while in scope.
  if (mock.org.recordCount() < total) throw new Error('the org lost records');
  log(
    `created ${total.toLocaleString('en-US')} records in the model in ${Math.round(createMs)} ms${gcExposed ? '' : ' (no --expose-gc: figures include garbage)'}`,
  );
  return {
    name: 'memory per record, 1,000,000-record org',
    value: perRecord,
    unit: 'bytes',
    target: '≤ 1,024 bytes',
    met: perRecord <= 1024,
  };
}

/** Polls a Bulk API 2.0 job until it leaves the states of a running job; returns its info. */
async function waitForJob(url: string, headers: Record<string, string>): Promise<Record<string, unknown>> {
  for (;;) {
    const info = (await (await fetch(url, { headers })).json()) as Record<string, unknown>;
    if (!['Open', 'UploadComplete', 'InProgress'].includes(String(info.state))) return info;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A 100,000-record Bulk API 2.0 insert (create, upload, close, poll to JobComplete, read the
 * successful results) and a 100,000-row Bulk API 2.0 query (create, poll, read the CSV in two sets).
 */
async function measureBulk(
  s: { url: string },
  auth: Record<string, string>,
  log: (line: string) => void,
): Promise<BenchMeasure[]> {
  const total = 100_000;
  const csv = ['Name,Industry', ...Array.from({ length: total }, (_, i) => `"Bulk ${i}, Inc.",Banking`)].join('\n');
  let t = performance.now();
  const job = (await (
    await fetch(`${s.url}${API}/jobs/ingest`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ object: 'Account', operation: 'insert' }),
    })
  ).json()) as { id: string };
  const jobUrl = `${s.url}${API}/jobs/ingest/${job.id}`;
  await fetch(`${jobUrl}/batches`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'text/csv' }, body: csv });
  await fetch(jobUrl, { method: 'PATCH', headers: auth, body: JSON.stringify({ state: 'UploadComplete' }) });
  const done = await waitForJob(jobUrl, auth);
  const results = await (await fetch(`${jobUrl}/successfulResults`, { headers: auth })).text();
  const ingestMs = performance.now() - t;
  if (done.state !== 'JobComplete' || done.numberRecordsProcessed !== total || done.numberRecordsFailed !== 0) {
    throw new Error(`bulk ingest ended ${JSON.stringify(done)}`);
  }
  log(`bulk ingest: ${total} records in ${Math.round(ingestMs)} ms, results ${Math.round(results.length / 1024)} KiB`);

  t = performance.now();
  const query = (await (
    await fetch(`${s.url}${API}/jobs/query`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ operation: 'query', query: `SELECT Id, Name, Industry FROM Account LIMIT ${total}` }),
    })
  ).json()) as { id: string };
  const queryUrl = `${s.url}${API}/jobs/query/${query.id}`;
  await waitForJob(queryUrl, auth);
  let rows = 0;
  let locator = '';
  while (locator !== 'null') {
    const res = await fetch(`${queryUrl}/results?maxRecords=50000${locator ? `&locator=${locator}` : ''}`, {
      headers: auth,
    });
    await res.text();
    rows += Number(res.headers.get('sforce-numberofrecords'));
    locator = res.headers.get('sforce-locator') ?? 'null';
  }
  const queryMs = performance.now() - t;
  if (rows !== total) throw new Error(`bulk query returned ${rows} rows`);
  const ingestRate = total / (ingestMs / 1000);
  const queryRate = rows / (queryMs / 1000);
  return [
    {
      name: 'Bulk API 2.0 insert of 100,000 records (HTTP, create to results)',
      value: ingestRate,
      unit: 'records/s',
      target: '≥ 20,000/s',
      met: ingestRate >= 20_000,
    },
    {
      name: 'Bulk API 2.0 query of 100,000 rows (HTTP, create to last set)',
      value: queryRate,
      unit: 'rows/s',
      target: '≥ 50,000/s',
      met: queryRate >= 50_000,
    },
  ];
}

/**
 * Composite Graph calls of 500 nodes (25 graphs of 20: an Account and 19 Contacts naming it by
 * reference), the shape the restore engine writes hierarchies in, against Collections of 200
 * records measured in the same run: records per second either way, and graph calls per second.
 */
async function measureGraph(
  s: { url: string },
  auth: Record<string, string>,
  log: (line: string) => void,
): Promise<BenchMeasure[]> {
  const rounds = 20;
  const payload = (round: number) => ({
    graphs: Array.from({ length: 25 }, (_, g) => ({
      graphId: `g${g}`,
      compositeRequest: [
        {
          method: 'POST',
          url: `${API}/sobjects/Account`,
          referenceId: 'parent',
          body: { Name: `Graph ${round}-${g}`, Industry: 'Banking' },
        },
        ...Array.from({ length: 19 }, (_, i) => ({
          method: 'POST',
          url: `${API}/sobjects/Contact`,
          referenceId: `c${i}`,
          body: { LastName: `Child ${round}-${g}-${i}`, AccountId: '@{parent.id}' },
        })),
      ],
    })),
  });
  const graphCall = async (round: number) => {
    const res = await fetch(`${s.url}${API}/composite/graph`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(payload(round)),
    });
    const body = (await res.json()) as { graphs: Array<{ isSuccessful: boolean }> };
    if (!body.graphs.every((g) => g.isSuccessful)) throw new Error('graph write failed');
  };
  const collectionCall = async (round: number) => {
    const records = Array.from({ length: 200 }, (_, i) => ({
      attributes: { type: 'Account' },
      Name: `Collection ${round}-${i}`,
      Industry: 'Banking',
    }));
    const res = await fetch(`${s.url}${API}/composite/sobjects`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ allOrNone: false, records }),
    });
    const body = (await res.json()) as Array<{ success: boolean }>;
    if (!body.every((r) => r.success)) throw new Error('collection insert failed');
  };
  await graphCall(-1); // warm-up
  await collectionCall(-1);
  let t = performance.now();
  for (let r = 0; r < rounds; r++) await graphCall(r);
  const graphMs = (performance.now() - t) / rounds;
  t = performance.now();
  for (let r = 0; r < rounds * 2; r++) await collectionCall(r);
  const collectionMs = (performance.now() - t) / (rounds * 2);
  const graphRate = 500 / (graphMs / 1000);
  const collectionRate = 200 / (collectionMs / 1000);
  log(`graph of 500 nodes: ${graphMs.toFixed(1)} ms a call; collection of 200: ${collectionMs.toFixed(1)} ms a call`);
  return [
    {
      name: 'Composite Graph calls of 500 nodes (HTTP)',
      value: 1000 / graphMs,
      unit: 'calls/s',
    },
    {
      name: 'records written through 500-node graphs (HTTP)',
      value: graphRate,
      unit: 'records/s',
      ratio: graphRate / collectionRate,
      baseline: 'records/s through Collections of 200, same run',
    },
  ];
}

const gcExposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
function gcIfExposed(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const suite: BenchSuite = {
  name: 'mock-salesforce',
  async run(log) {
    const out: BenchMeasure[] = [];
    out.push(await measureMemoryPerRecord(log));
    gcIfExposed();

    const s = await startServer();
    const auth = { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' };
    try {
      // Inserts through sObject Collections of 200.
      const batches = 100;
      const ids: string[] = [];
      let t = performance.now();
      for (let b = 0; b < batches; b++) {
        const records = Array.from({ length: 200 }, (_, i) => ({
          attributes: { type: 'Account' },
          Name: `Bench ${b}-${i}`,
          Industry: 'Banking',
        }));
        const res = await fetch(`${s.url}${API}/composite/sobjects`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ allOrNone: false, records }),
        });
        const body = (await res.json()) as Array<{ id: string; success: boolean }>;
        if (!body.every((r) => r.success)) throw new Error('insert failed');
        for (const r of body) ids.push(r.id);
      }
      const insertRate = (batches * 200) / ((performance.now() - t) / 1000);
      out.push({
        name: 'records inserted through collections of 200 (HTTP)',
        value: insertRate,
        unit: 'records/s',
        target: '≥ 20,000/s',
        met: insertRate >= 20_000,
      });

      // Single-record GET against hello-world on the same server.
      const n = 3000;
      await throughput(`${s.url}/__bench/hello`, {}, 300); // warm-up
      const hello = await throughput(`${s.url}/__bench/hello`, {}, n);
      const get = await throughput(`${s.url}${API}/sobjects/Account/${ids[17]}`, auth, n);
      log(`hello-world ${Math.round(hello)} req/s, record GET ${Math.round(get)} req/s`);
      out.push({
        name: 'single-record GET',
        value: get,
        unit: 'req/s',
        ratio: get / hello,
        baseline: 'hello-world route',
        target: 'ratio ≥ 0.5',
        met: get / hello >= 0.5,
      });

      // A 10,000-record query read page by page.
      t = performance.now();
      let next: string | undefined =
        `${API}/query?q=${encodeURIComponent('SELECT Id, Name, Industry FROM Account LIMIT 10000')}`;
      let rows = 0;
      let pages = 0;
      while (next) {
        const res = await fetch(`${s.url}${next}`, { headers: auth });
        const body = (await res.json()) as { records: unknown[]; nextRecordsUrl?: string };
        rows += body.records.length;
        pages++;
        next = body.nextRecordsUrl;
      }
      const queryMs = performance.now() - t;
      if (rows !== 10_000) throw new Error(`query returned ${rows} rows`);
      out.push({ name: `10,000-record query in ${pages} pages`, value: queryMs, unit: 'ms' });

      out.push(...(await measureGraph(s, auth, log)));
      out.push(...(await measureBulk(s, auth, log)));
    } finally {
      await s.close();
    }

    return out;
  },
};

export default suite;
