// The operations mock parity compares: each runs against an org through jsforce and returns what is
// observable (success, error code and fields, values read back, cascade effects), with every id
// replaced by a name so two orgs can be compared. Error messages are not compared: only codes.
import type { Connection } from 'jsforce';

export type Observation = Record<string, unknown>;

export interface ParityOperation {
  name: string;
  run(conn: Connection, tag: string): Promise<Observation>;
}

/** The outcome of one API call: success, or the error's code and fields (never its message). */
async function attempt(call: () => Promise<unknown>): Promise<Observation> {
  try {
    const result = (await call()) as { success?: boolean; errors?: Array<{ statusCode?: string; fields?: string[] }> };
    if (result && result.success === false)
      return { success: false, errorCode: result.errors?.[0]?.statusCode, fields: result.errors?.[0]?.fields ?? [] };
    return { success: true };
  } catch (error) {
    // jsforce keeps the error body in `data` (one error object, or a list of them).
    const e = error as { errorCode?: string; name?: string; data?: unknown; fields?: string[] };
    const data = (Array.isArray(e.data) ? e.data[0] : e.data) as { fields?: string[] } | undefined;
    return { success: false, errorCode: e.errorCode ?? e.name, fields: e.fields ?? data?.fields ?? [] };
  }
}

async function create(conn: Connection, type: string, fields: Record<string, unknown>): Promise<string> {
  const r = (await conn.sobject(type).create(fields)) as { id: string };
  return r.id;
}

async function count(conn: Connection, type: string, tag: string): Promise<number> {
  const r = await conn.query(`SELECT Id FROM ${type} WHERE Tag__c LIKE '${tag}%'`);
  return r.totalSize;
}

async function programme(conn: Connection, tag: string, extra: Record<string, unknown> = {}): Promise<string> {
  return create(conn, 'Programme__c', {
    Name: `${tag} programme`,
    Tag__c: `${tag}:prog`,
    Status__c: 'Planned',
    ...extra,
  });
}

async function programmeTree(conn: Connection, tag: string) {
  const checker = await create(conn, 'Contact', { LastName: `${tag}:checker` });
  const prog = await programme(conn, tag);
  const stage = await create(conn, 'Stage__c', { Name: `${tag} stage`, Tag__c: `${tag}:stage`, Programme__c: prog });
  const step = await create(conn, 'Step__c', {
    Name: `${tag} step`,
    Tag__c: `${tag}:step`,
    Stage__c: stage,
    Checker__c: checker,
  });
  return { checker, prog, stage, step };
}

/** An id of the right shape and key prefix that names no record. */
function nonexistentId(likeId: string): string {
  return `${likeId.slice(0, 3)}000000000ZZZ`;
}

export const PARITY_OPERATIONS: readonly ParityOperation[] = [
  {
    name: 'create a detail without its master (missing required field)',
    run: async (conn, tag) =>
      attempt(() => conn.sobject('Stage__c').create({ Name: `${tag} stage`, Tag__c: `${tag}:s` })),
  },
  {
    name: 'create a Step without its required Checker lookup',
    async run(conn, tag) {
      const prog = await programme(conn, tag);
      const stage = await create(conn, 'Stage__c', { Name: `${tag} s`, Tag__c: `${tag}:s`, Programme__c: prog });
      return attempt(() => conn.sobject('Step__c').create({ Name: `${tag} t`, Tag__c: `${tag}:t`, Stage__c: stage }));
    },
  },
  {
    name: 'create with a bad restricted picklist value',
    run: async (conn, tag) => attempt(() => programme(conn, tag, { Status__c: 'Nonsense' })),
  },
  {
    name: 'create a detail pointing at a deleted master',
    async run(conn, tag) {
      const prog = await programme(conn, tag);
      await conn.sobject('Programme__c').destroy(prog);
      return attempt(() =>
        conn.sobject('Stage__c').create({ Name: `${tag} s`, Tag__c: `${tag}:s`, Programme__c: prog }),
      );
    },
  },
  {
    name: 'create a detail pointing at a nonexistent master',
    async run(conn, tag) {
      const prog = await programme(conn, tag);
      return attempt(() =>
        conn.sobject('Stage__c').create({ Name: `${tag} s`, Tag__c: `${tag}:s`, Programme__c: nonexistentId(prog) }),
      );
    },
  },
  {
    name: 'delete a master: its details go with it',
    async run(conn, tag) {
      const { prog } = await programmeTree(conn, tag);
      const deleted = await attempt(() => conn.sobject('Programme__c').destroy(prog));
      return {
        deleted,
        stages: await count(conn, 'Stage__c', tag),
        steps: await count(conn, 'Step__c', tag),
        deletedAgain: await attempt(() => conn.sobject('Programme__c').destroy(prog)),
      };
    },
  },
  {
    name: 'delete a record a restricted lookup points at',
    async run(conn, tag) {
      const { checker } = await programmeTree(conn, tag);
      const deleted = await attempt(() => conn.sobject('Contact').destroy(checker));
      const still = await conn.query(`SELECT Id FROM Contact WHERE Id = '${checker}'`);
      return { deleted, contactStillThere: still.totalSize === 1, steps: await count(conn, 'Step__c', tag) };
    },
  },
  {
    name: 'delete a lookup parent with SetNull: the child stays, the link is cleared',
    async run(conn, tag) {
      const account = await create(conn, 'Account', { Name: `${tag}:acct` });
      const prog = await programme(conn, tag, { Account__c: account });
      await conn.sobject('Account').destroy(account);
      const r = await conn.query<{ Account__c: string | null }>(
        `SELECT Account__c FROM Programme__c WHERE Id = '${prog}'`,
      );
      return { programmes: r.totalSize, accountLink: r.records[0]?.Account__c ?? null };
    },
  },
  {
    name: 'query with parent relationship fields and a child subquery',
    async run(conn, tag) {
      const account = await create(conn, 'Account', { Name: `${tag}:acct` });
      const prog = await programme(conn, tag, { Account__c: account });
      await create(conn, 'Stage__c', { Name: `${tag} stage`, Tag__c: `${tag}:stage`, Programme__c: prog });
      const stages = await conn.query(
        `SELECT Name, Programme__r.Name, Programme__r.Account__r.Name FROM Stage__c WHERE Tag__c LIKE '${tag}%'`,
      );
      const progs = await conn.query(
        `SELECT Name, (SELECT Name FROM Stages__r) FROM Programme__c WHERE Tag__c LIKE '${tag}%'`,
      );
      return { stages: strip(stages.records, tag), programmes: strip(progs.records, tag) };
    },
  },
  {
    name: 'query a field that does not exist',
    run: async (conn, tag) =>
      attempt(async () => await conn.query(`SELECT Nope__c FROM Programme__c WHERE Tag__c = '${tag}'`)),
  },
];

/** Query rows without `attributes.url` (ids), the run's tag replaced by `<tag>`. */
function strip(value: unknown, tag: string): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v, tag));
  if (typeof value === 'string') return value.split(tag).join('<tag>');
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'attributes') out[k] = { type: (v as { type?: string }).type };
      else if (k === 'done' || k === 'nextRecordsUrl') continue;
      else out[k] = strip(v, tag);
    }
    return out;
  }
  return value;
}
