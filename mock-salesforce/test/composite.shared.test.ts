// Composite and Composite Graph through jsforce 3.10 (`conn.requestPost`), over HTTP and msw:
// references between subrequests, allOrNone rollback, dependents halted, graphs as transactions of
// their own, the documented limits, and one API call per request.
import type jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, httpTarget, type MockTarget, mswTarget } from './targets.ts';

type Conn = jsforce.Connection;
/** A subrequest's answer body: a record, a save result or query page, or an error array. */
type Body = Record<string, unknown> & { id: string; success: boolean; totalSize: number } & Array<{
    errorCode: string;
  }>;
interface Sub {
  body: Body;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}
type GraphAnswer = {
  graphs: Array<{ graphId: string; isSuccessful: boolean; graphResponse: { compositeResponse: Sub[] } }>;
};
const V = '/services/data/v50.0';

describe.each([
  ['http', httpTarget],
  ['msw', mswTarget],
] as const)('Composite (%s)', (_name, makeTarget) => {
  let t: MockTarget;
  let conn: Conn;

  beforeAll(async () => {
    t = await makeTarget();
    conn = await t.connect();
  });
  afterAll(async () => {
    await t?.close();
  });

  const composite = (body: object) => conn.requestPost<{ compositeResponse: Sub[] }>('/composite', body);
  const count = async (soql: string) => (await conn.query(soql)).totalSize;
  const calls = () => t.admin.apiCalls(t.login.orgId).apiCalls;

  it('runs subrequests in order with @{ref.id} and @{ref.records[0].Id} in URLs and bodies; one API call', async () => {
    const before = calls();
    const res = await composite({
      compositeRequest: [
        { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'acct', body: { Name: 'Comp Co' } },
        { method: 'GET', url: `${V}/query?q=SELECT+Id,Name+FROM+Account+WHERE+Id='@{acct.id}'`, referenceId: 'found' },
        {
          method: 'POST',
          url: `${V}/sobjects/Contact`,
          referenceId: 'person',
          body: { LastName: 'Ref', AccountId: '@{found.records[0].Id}', Description: 'of @{found.records[0].Name}' },
        },
        { method: 'GET', url: `${V}/sobjects/Contact/@{person.id}?fields=AccountId,Description`, referenceId: 'back' },
      ],
    });
    expect(calls() - before).toBe(1);
    const [acct, found, person, back] = res.compositeResponse;
    expect(acct).toMatchObject({ httpStatusCode: 201, referenceId: 'acct', body: { success: true } });
    expect(acct!.httpHeaders.Location).toBe(`${V}/sobjects/Account/${acct!.body.id}`);
    expect(found!.body.totalSize).toBe(1);
    expect(person!.httpStatusCode).toBe(201);
    expect(back!.body).toMatchObject({ AccountId: acct!.body.id, Description: 'of Comp Co' });
  });

  it('without allOrNone: a failure keeps earlier writes and halts only the subrequests that depend on it', async () => {
    const res = await composite({
      compositeRequest: [
        { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'kept', body: { Name: 'Kept Co' } },
        { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'bad', body: { Industry: 'Energy' } },
        {
          method: 'POST',
          url: `${V}/sobjects/Contact`,
          referenceId: 'dep',
          body: { LastName: 'D', AccountId: '@{bad.id}' },
        },
        { method: 'POST', url: `${V}/sobjects/Contact`, referenceId: 'free', body: { LastName: 'Free' } },
      ],
    });
    const codes = res.compositeResponse.map((r) => [r.httpStatusCode, r.body[0]?.errorCode ?? r.body.success]);
    expect(codes).toEqual([
      [201, true],
      [400, 'REQUIRED_FIELD_MISSING'],
      [400, 'PROCESSING_HALTED'],
      [201, true],
    ]);
    expect(await count("SELECT Id FROM Account WHERE Name = 'Kept Co'")).toBe(1);
  });

  it('allOrNone rolls every write back; the others answer PROCESSING_HALTED', async () => {
    const res = await composite({
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'a', body: { Name: 'Gone Co' } },
        { method: 'PATCH', url: `${V}/sobjects/Account/@{a.id}`, referenceId: 'b', body: { Phone: '1' } },
        { method: 'POST', url: `${V}/sobjects/Contact`, referenceId: 'c', body: { AccountId: '@{a.id}' } },
        { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'd', body: { Name: 'Never Co' } },
      ],
    });
    const codes = res.compositeResponse.map((r) => [r.referenceId, r.httpStatusCode, r.body[0]?.errorCode]);
    expect(codes).toEqual([
      ['a', 400, 'PROCESSING_HALTED'],
      ['b', 400, 'PROCESSING_HALTED'],
      ['c', 400, 'REQUIRED_FIELD_MISSING'],
      ['d', 400, 'PROCESSING_HALTED'],
    ]);
    expect(await count("SELECT Id FROM Account WHERE Name IN ('Gone Co', 'Never Co')")).toBe(0);
  });

  it('refuses more than 25 subrequests, duplicate or unknown references, with nothing written', async () => {
    const many = Array.from({ length: 26 }, (_, i) => ({
      method: 'POST',
      url: `${V}/sobjects/Account`,
      referenceId: `r${i}`,
      body: { Name: 'Too Many' },
    }));
    expect((await failure(composite({ compositeRequest: many }))).errorCode).toBe('INVALID_REQUEST');
    const dup = [many[0], { ...many[1], referenceId: 'r0' }];
    expect((await failure(composite({ compositeRequest: dup }))).errorCode).toBe('INVALID_REQUEST');
    const unknown = [{ ...many[0], url: `${V}/sobjects/Account/@{nope.id}`, method: 'GET' }];
    expect((await failure(composite({ compositeRequest: unknown }))).errorCode).toBe('INVALID_REQUEST');
    expect(await count("SELECT Id FROM Account WHERE Name = 'Too Many'")).toBe(0);
  });

  describe('Composite Graph', () => {
    const graph = (body: object) => conn.requestPost<GraphAnswer>('/composite/graph', body);
    const node = (referenceId: string, url: string, body?: object, method = 'POST') => ({
      method,
      url: `${V}${url}`,
      referenceId,
      ...(body ? { body } : {}),
    });

    it('runs each graph as its own transaction: a failed graph rolls back only itself', async () => {
      const before = calls();
      const res = await graph({
        graphs: [
          {
            graphId: 'g1',
            compositeRequest: [
              node('acct', '/sobjects/Account', { Name: 'Graph One' }),
              node('person', '/sobjects/Contact', { LastName: 'G', AccountId: '@{acct.id}' }),
            ],
          },
          {
            graphId: 'g2',
            compositeRequest: [
              node('acct', '/sobjects/Account', { Name: 'Graph Two' }),
              node('person', '/sobjects/Contact', { AccountId: '@{acct.id}' }),
            ],
          },
        ],
      });
      expect(calls() - before).toBe(1);
      const [g1, g2] = res.graphs;
      expect(g1).toMatchObject({ graphId: 'g1', isSuccessful: true });
      expect(g1!.graphResponse.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 201]);
      expect(g2).toMatchObject({ graphId: 'g2', isSuccessful: false });
      expect(g2!.graphResponse.compositeResponse.map((r) => r.body[0]?.errorCode)).toEqual([
        'PROCESSING_HALTED',
        'REQUIRED_FIELD_MISSING',
      ]);
      expect(await count("SELECT Id FROM Account WHERE Name = 'Graph One'")).toBe(1);
      expect(await count("SELECT Id FROM Account WHERE Name = 'Graph Two'")).toBe(0);
    });

    it('takes 500 nodes; refuses 501, 76 graphs, depth 16 and non-record URLs with nothing written', async () => {
      const nodes = (n: number, name: string) =>
        Array.from({ length: n }, (_, i) => node(`n${i}`, '/sobjects/Account', { Name: name }));
      const big = await graph({ graphs: [{ graphId: 'big', compositeRequest: nodes(500, 'Graph Big') }] });
      expect(big.graphs[0]!.isSuccessful).toBe(true);
      expect(await count("SELECT Id FROM Account WHERE Name = 'Graph Big'")).toBe(500);

      const refused = [
        { graphs: [{ graphId: 'g', compositeRequest: nodes(501, 'Graph No') }] },
        {
          graphs: Array.from({ length: 76 }, (_, i) => ({ graphId: `g${i}`, compositeRequest: nodes(1, 'Graph No') })),
        },
        {
          graphs: [
            { graphId: 'a', compositeRequest: nodes(300, 'Graph No') },
            { graphId: 'b', compositeRequest: nodes(201, 'Graph No') },
          ],
        },
        {
          graphs: [
            {
              graphId: 'deep',
              compositeRequest: Array.from({ length: 16 }, (_, i) =>
                node(`d${i}`, '/sobjects/Account', { Name: 'Graph No', Description: i ? `@{d${i - 1}.id}` : 'root' }),
              ),
            },
          ],
        },
        {
          graphs: [
            { graphId: 'q', compositeRequest: [node('q', '/query?q=SELECT+Id+FROM+Account', undefined, 'GET')] },
          ],
        },
      ];
      for (const body of refused) expect((await failure(graph(body))).errorCode).toBe('INVALID_REQUEST');
      expect(await count("SELECT Id FROM Account WHERE Name = 'Graph No'")).toBe(0);
    });
  });
});
