// What the restore planner's walk costs the mock (issue 17): reading children by their parent,
// `SELECT ... FROM Contact WHERE AccountId IN (<500 ids>)` sent inside a Composite call, over an
// object of 100,000 and of 1,000,000 rows. The org is filled straight through the org model (two
// Contacts to an Account); only the queries go over HTTP. The baseline is the same 500 ids asked
// by `Id IN (...)` of the Account object, a look-up the mock never had to scan for.

import type { BenchMeasure, BenchSuite } from '../../scripts/bench-types.ts';
import { createMockApp, MockAdmin, OrgRegistry } from '../src/index.ts';
import { serveAndLogIn } from './bench-server.ts';

const API = '/services/data/v50.0';
const CHILDREN_PER_PARENT = 2;
const IDS_PER_QUERY = 500;

async function startOrg() {
  const admin = new MockAdmin(new OrgRegistry());
  const login = await admin.createOrg({ empty: true, username: 'refs@restorelab.test', password: 'refs' });
  const app = createMockApp({ admin });
  const { url, token, close } = await serveAndLogIn(app, admin, login);
  const org = admin.org(login.orgId).org;
  const ctx = { userId: login.adminUserId };
  return { org, ctx, url, token, close };
}

type Started = Awaited<ReturnType<typeof startOrg>>;

/** Grows the org to `children` Contacts (and half as many Accounts); answers the Account ids in order. */
function fill(s: Started, parents: string[], children: number): void {
  while (parents.length * CHILDREN_PER_PARENT < children) {
    const p = parents.length;
    const id = s.org.create('Account', { Name: `Parent ${p}` }, s.ctx);
    parents.push(id);
    for (let c = 0; c < CHILDREN_PER_PARENT; c++) {
      s.org.create('Contact', { LastName: `Child ${p}-${c}`, AccountId: id }, s.ctx);
    }
  }
}

/** One Composite call holding one query; answers the rows it returned. */
async function compositeQuery(s: Started, soql: string): Promise<number> {
  const res = await fetch(`${s.url}${API}/composite`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      allOrNone: false,
      compositeRequest: [{ method: 'GET', url: `${API}/query?q=${encodeURIComponent(soql)}`, referenceId: 'q' }],
    }),
  });
  const body = (await res.json()) as { compositeResponse: Array<{ httpStatusCode: number; body: unknown }> };
  const sub = body.compositeResponse[0];
  if (sub?.httpStatusCode !== 200) throw new Error(`query failed: ${JSON.stringify(sub?.body)}`);
  const answer = sub.body as { totalSize: number; done: boolean };
  if (!answer.done) throw new Error('the bench query paged');
  return answer.totalSize;
}

/** Milliseconds per query over spread-out windows of 500 parents: at least 3 queries and about a second. */
async function perQuery(s: Started, parents: readonly string[], soqlOf: (ids: string[]) => string, rows: number) {
  const windows = Math.floor(parents.length / IDS_PER_QUERY);
  let n = 0;
  const started = performance.now();
  while (n < 3 || performance.now() - started < 1000) {
    const w = (n * 7919) % windows;
    const ids = parents.slice(w * IDS_PER_QUERY, (w + 1) * IDS_PER_QUERY);
    const got = await compositeQuery(s, soqlOf(ids));
    if (got !== rows) throw new Error(`expected ${rows} rows, got ${got}`);
    n++;
  }
  return (performance.now() - started) / n;
}

const list = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(',');

const suite: BenchSuite = {
  name: 'mock-salesforce reference-field queries',
  async run(log) {
    const out: BenchMeasure[] = [];
    const s = await startOrg();
    const parents: string[] = [];
    try {
      for (const size of [100_000, 1_000_000]) {
        const t = performance.now();
        fill(s, parents, size);
        log(`${size.toLocaleString('en-US')} Contacts in the org (filled in ${Math.round(performance.now() - t)} ms)`);
        // Filling blocks the event loop past the server's keep-alive timeout: let it drop the idle
        // connection before the next request, rather than have that request race the close.
        await new Promise((r) => setTimeout(r, 100));
        await compositeQuery(s, `SELECT Id FROM Account WHERE Id IN (${list(parents.slice(0, 10))})`); // warm-up
        const byParent = await perQuery(
          s,
          parents,
          (ids) => `SELECT Id, AccountId FROM Contact WHERE AccountId IN (${list(ids)})`,
          IDS_PER_QUERY * CHILDREN_PER_PARENT,
        );
        const byId = await perQuery(
          s,
          parents,
          (ids) => `SELECT Id, Name FROM Account WHERE Id IN (${list(ids)})`,
          IDS_PER_QUERY,
        );
        log(`AccountId IN (500 ids): ${byParent.toFixed(1)} ms a query; Id IN (500 ids): ${byId.toFixed(1)} ms`);
        out.push({
          name: `AccountId IN (500 ids) over ${size.toLocaleString('en-US')} Contacts (Composite, HTTP)`,
          value: byParent,
          unit: 'ms',
          ratio: byParent / byId,
          baseline: 'Id IN (the same 500 ids) of Account, same run',
        });
      }
    } finally {
      await s.close();
    }
    return out;
  },
};

export default suite;
