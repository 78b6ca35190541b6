// The in-process answers of Composite and Composite Graph subrequests must be the answers the
// generic path (every subrequest through the whole app) gives: the same mixed requests go to two
// identical orgs, one app answering in process and one not, and the answers, API counts and what
// was written must match.
import { describe, expect, it } from 'vitest';
import { MockAdmin } from '../org/admin.ts';
import { OrgRegistry } from '../org/registry.ts';
import { createMockApp } from '../server.ts';

const V = '/services/data/v50.0';
const AT = '2026-03-04T05:06:07.000Z';

interface Sub {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}
/** A Composite or a Composite Graph answer (each request reads the half it gets). */
interface Answer {
  compositeResponse: Sub[];
  graphs: Array<{ graphId: string; isSuccessful: boolean; graphResponse: { compositeResponse: Sub[] } }>;
}

async function startOrg(inlineSubrequests: boolean) {
  const admin = new MockAdmin(new OrgRegistry());
  const login = await admin.createOrg({ empty: true, username: 'inline@restorelab.test', password: 'inline' });
  admin.org(login.orgId).org.clock.set(AT);
  const app = createMockApp({ admin, inlineSubrequests });
  const token = await app.request('/services/oauth2/token', {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      username: login.username,
      password: login.password,
      client_id: 'test',
    }),
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const post = async (path: string, body: unknown) => {
    const res = await app.request(`${V}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  };
  return { post, calls: () => admin.apiCalls(login.orgId).apiCalls };
}

const node = (referenceId: string, method: string, url: string, body?: unknown) => ({
  referenceId,
  method,
  url: `${V}${url}`,
  ...(body === undefined ? {} : { body }),
});

/** Graphs mixing creates, references, updates, reads, deletes, a fallback node and failures. */
const GRAPHS = {
  graphs: [
    {
      graphId: 'ok',
      compositeRequest: [
        node('acct', 'POST', '/sobjects/Account', { Name: 'Inline Co', Industry: 'Banking' }),
        node('person', 'POST', '/sobjects/Contact', { LastName: 'Ref', AccountId: '@{acct.id}' }),
        node('rename', 'PATCH', '/sobjects/Account/@{acct.id}', { Name: 'Inline Co (renamed)' }),
        node('read', 'GET', '/sobjects/Contact/@{person.id}'),
        node('second', 'POST', '/sobjects/Contact', { LastName: 'Of @{read.LastName}', AccountId: '@{acct.id}' }),
        node('gone', 'DELETE', '/sobjects/Contact/@{second.id}'),
        // A quote beside a reference: filled in the body's JSON text rather than in its values.
        node('quoted', 'POST', '/sobjects/Contact', { LastName: 'Say "@{read.LastName}"', AccountId: '@{acct.id}' }),
        // Not a record operation: takes the generic path in the middle of a graph.
        node('describe', 'GET', '/sobjects/Account/describe'),
      ],
    },
    {
      graphId: 'rolled',
      compositeRequest: [
        node('acct', 'POST', '/sobjects/Account', { Name: 'Rolled Back Co' }),
        node('bad', 'POST', '/sobjects/Contact', { LastName: 'Bad', NoSuchField__c: 1, AccountId: '@{acct.id}' }),
        node('after', 'POST', '/sobjects/Contact', { LastName: 'Never', AccountId: '@{bad.id}' }),
      ],
    },
    {
      graphId: 'array',
      compositeRequest: [node('array', 'POST', '/sobjects/Account', [{ Name: 'An array' }])],
    },
    { graphId: 'unknown', compositeRequest: [node('unknown', 'POST', '/sobjects/NoSuchObject__c', { Name: 'x' })] },
    { graphId: 'missing', compositeRequest: [node('patch', 'PATCH', '/sobjects/Account/001000000000000AAA', {})] },
    { graphId: 'badid', compositeRequest: [node('del', 'DELETE', '/sobjects/Account/notAnId')] },
    {
      graphId: 'required',
      compositeRequest: [node('noName', 'POST', '/sobjects/Account', { Industry: 'Banking' })],
    },
  ],
};

const COMPOSITE = {
  allOrNone: false,
  compositeRequest: [
    node('acct', 'POST', '/sobjects/Account', { Name: 'Composite Co' }),
    node('found', 'GET', `/query?q=SELECT+Id,Name+FROM+Account+WHERE+Id='@{acct.id}'`),
    node('person', 'POST', '/sobjects/Contact', { LastName: 'C', AccountId: '@{found.records[0].Id}' }),
    node('fields', 'GET', '/sobjects/Contact/@{person.id}?fields=LastName'),
    node('twice', 'DELETE', '/sobjects/Contact/@{person.id}'),
    node('again', 'DELETE', '/sobjects/Contact/@{person.id}'),
  ],
};

const ALL_OR_NONE = {
  allOrNone: true,
  compositeRequest: [
    node('acct', 'POST', '/sobjects/Account', { Name: 'All Or None Co' }),
    node('bad', 'PATCH', '/sobjects/Account/@{acct.id}', { Name: '' }),
    node('after', 'POST', '/sobjects/Contact', { LastName: 'Never', AccountId: '@{acct.id}' }),
  ],
};

async function run(inline: boolean) {
  const org = await startOrg(inline);
  const graph = await org.post('/composite/graph', GRAPHS);
  const composite = await org.post('/composite', COMPOSITE);
  const allOrNone = await org.post('/composite', ALL_OR_NONE);
  const soql = encodeURIComponent('SELECT Id, Name, (SELECT Id, LastName FROM Contacts) FROM Account ORDER BY Name');
  const written = await org.post('/composite', { compositeRequest: [node('all', 'GET', `/query?q=${soql}`)] });
  return { graph, composite, allOrNone, written, calls: org.calls() };
}

describe('Composite subrequests answered in process', () => {
  it('answer exactly what the generic path through the app answers', async () => {
    const generic = await run(false);
    const inline = await run(true);
    expect(inline).toEqual(generic);
    // The comparison means something only if the requests did what they are meant to.
    const graphs = generic.graph.body.graphs;
    expect(graphs.map((g) => [g.graphId, g.isSuccessful])).toEqual([
      ['ok', true],
      ['rolled', false],
      ['array', false],
      ['unknown', false],
      ['missing', false],
      ['badid', false],
      ['required', false],
    ]);
    expect(generic.calls).toBe(4);
    const errors = (g: Answer['graphs'][number]) =>
      g.graphResponse.compositeResponse.map((r) =>
        Array.isArray(r.body) ? (r.body[0] as { errorCode: string }).errorCode : 'ok',
      );
    expect(generic.graph.body.graphs.map(errors)).toEqual([
      ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
      ['PROCESSING_HALTED', 'INVALID_FIELD', 'PROCESSING_HALTED'],
      ['JSON_PARSER_ERROR'],
      ['NOT_FOUND'],
      ['INVALID_CROSS_REFERENCE_KEY'],
      ['MALFORMED_ID'],
      ['REQUIRED_FIELD_MISSING'],
    ]);
    const accounts = (
      generic.written.body.compositeResponse[0]!.body as {
        records: Array<{ Name: string; Contacts: { records: Array<{ LastName: string }> } | null }>;
      }
    ).records;
    expect(accounts.map((a) => a.Name)).toEqual(['Composite Co', 'Inline Co (renamed)']);
    expect(accounts[1]!.Contacts?.records.map((c) => c.LastName)).toEqual(['Ref', 'Say "Ref"']);
  });
});
