// One suite, two transports: every case drives the mock through jsforce 3.10, once over real HTTP
// and once through msw in-process, and must pass the same way on both.
import type jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, failure, httpTarget, type MockTarget, mswTarget } from './targets.ts';

type Conn = jsforce.Connection;
type Any = Record<string, any>;

describe.each([
  ['http', httpTarget],
  ['msw', mswTarget],
] as const)('mock through jsforce (%s)', (_name, makeTarget) => {
  let t: MockTarget;
  let conn: Conn;

  beforeAll(async () => {
    t = await makeTarget();
    conn = await t.connect();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('logins', () => {
    it('SOAP login gives the org and user ids', () => {
      expect(conn.userInfo?.organizationId).toBe(t.login.orgId);
      expect(conn.userInfo?.id).toBe(t.login.adminUserId);
      expect(conn.instanceUrl).toBe(t.login.loginUrl);
    });

    it('refuses a bad password with INVALID_LOGIN', async () => {
      const { default: jsf } = await import('jsforce');
      const bad = new jsf.Connection({ loginUrl: t.login.loginUrl });
      const e = await failure(bad.login(t.login.username, 'wrong'));
      expect(e.message).toBe('INVALID_LOGIN: Invalid username, password, security token; or user locked out.');
    });

    it('OAuth2 password grant logs in and the identity URL answers', async () => {
      const { default: jsf } = await import('jsforce');
      const o = new jsf.Connection({
        loginUrl: t.login.loginUrl,
        oauth2: { clientId: 'any', clientSecret: 'any', loginUrl: t.login.loginUrl },
      });
      await o.login(t.login.username, t.login.password);
      const identity = await o.identity();
      expect(identity.username).toBe(t.login.username);
      expect(identity.organization_id).toBe(t.login.orgId);
      const bad = await t.fetch('/services/oauth2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'x',
          username: t.login.username,
          password: 'no',
        }),
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
    });

    it('client_credentials grant gives a working token', async () => {
      const res = await t.fetch('/services/oauth2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: t.login.clientId,
          client_secret: t.login.clientSecret,
        }),
      });
      const token = (await res.json()) as Any;
      expect(token.instance_url).toBe(t.login.loginUrl);
      const limits = await t.fetch('/services/data/v50.0/limits', {
        headers: { authorization: `Bearer ${token.access_token}` },
      });
      expect(limits.status).toBe(200);
      expect(limits.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/\d+$/);
    });

    it('an expired session makes jsforce log in again and retry', async () => {
      const c = await t.connect();
      const before = c.accessToken;
      t.admin.expireSessions(t.login.orgId);
      const res = await c.query('SELECT Id FROM Account LIMIT 1');
      expect(res.records.length).toBe(1);
      expect(c.accessToken).not.toBe(before);
      conn = c;
      const raw = await t.fetch('/services/data/v50.0/sobjects', { headers: { authorization: 'Bearer nope' } });
      expect(raw.status).toBe(401);
      expect(await raw.json()).toEqual([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID', fields: [] },
      ]);
    });
  });

  describe('describe and limits', () => {
    it('global and object describe', async () => {
      const global = await conn.describeGlobal();
      const names = global.sobjects.map((s) => s.name);
      expect(names).toEqual(expect.arrayContaining(['Account', 'Project__c', 'ContentVersion']));
      const account = await conn.sobject('Account').describe();
      expect(account.keyPrefix).toBe('001');
      expect(account.fields.find((f) => f.name === 'Id')?.type).toBe('id');
      expect(account.childRelationships.some((r) => r.childSObject === 'Contact')).toBe(true);
      const project = await conn.sobject('Project__c').describe();
      expect(project.recordTypeInfos.find((r) => r.master)?.recordTypeId).toBe('012000000000000AAA');
    });

    it('counts every REST call in /limits and the Sforce-Limit-Info header', async () => {
      const first = (await conn.limits()) as Any;
      const second = (await conn.limits()) as Any;
      expect(first.DailyApiRequests.Remaining - second.DailyApiRequests.Remaining).toBe(1);
      expect(t.admin.apiCalls(t.login.orgId).apiCalls).toBe(
        first.DailyApiRequests.Max - second.DailyApiRequests.Remaining,
      );
    });

    it('refuses with REQUEST_LIMIT_EXCEEDED when the allocation is used up', async () => {
      const used = t.admin.apiCalls(t.login.orgId).apiCalls;
      t.admin.setDailyApiLimit(used, t.login.orgId);
      const e = await failure(conn.query('SELECT Id FROM Account'));
      expect(e).toEqual({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
      t.admin.setDailyApiLimit(1_000_000, t.login.orgId);
    });
  });

  describe('records', () => {
    it('create, retrieve, update (LastModifiedDate moves), delete, 404 after delete', async () => {
      t.admin.clock({ at: '2024-03-01T10:00:00Z' }, t.login.orgId);
      const created = (await conn.sobject('Account').create({ Name: 'Crud Co' })) as Any;
      expect(created).toEqual({ id: expect.stringMatching(/^001\w{15}$/), success: true, errors: [] });
      const got = (await conn.sobject('Account').retrieve(created.id)) as Any;
      expect(got.Name).toBe('Crud Co');
      expect(got.CreatedDate).toBe('2024-03-01T10:00:00.000+0000');
      t.admin.clock({ advanceMs: 60_000 }, t.login.orgId);
      await conn.sobject('Account').update({ Id: created.id, Name: 'Crud Co 2' });
      const after = (await conn.sobject('Account').retrieve(created.id)) as Any;
      expect(after.LastModifiedDate).toBe('2024-03-01T10:01:00.000+0000');
      expect(after.CreatedDate).toBe(got.CreatedDate);
      await conn.sobject('Account').destroy(created.id);
      const e = await failure(conn.sobject('Account').retrieve(created.id));
      expect(e.errorCode).toBe('ENTITY_IS_DELETED');
      const all = await conn.query(`SELECT Id, IsDeleted FROM Account WHERE Id = '${created.id}'`, { scanAll: true });
      expect((all.records[0] as Any).IsDeleted).toBe(true);
      const live = await conn.query(`SELECT Id FROM Account WHERE Id = '${created.id}'`);
      expect(live.totalSize).toBe(0);
      t.admin.clock({ realTime: true }, t.login.orgId);
    });

    it('upserts by external id: creates, then updates', async () => {
      const desc = await conn.sobject('Project__c').describe();
      const ext = desc.fields.find((f) => f.externalId);
      expect(ext).toBeDefined();
      const first = (await conn.sobject('Project__c').upsert({ Name: 'Up', [ext!.name]: 'UP-1' }, ext!.name)) as Any;
      expect(first.created).toBe(true);
      const second = (await conn.sobject('Project__c').upsert({ Name: 'Up 2', [ext!.name]: 'UP-1' }, ext!.name)) as Any;
      expect(second.created).toBe(false);
      expect(second.id).toBe(first.id);
    });
  });

  describe('sObject Collections', () => {
    it('reports per-record errors with statusCode', async () => {
      const results = (await conn
        .sobject('Contact')
        .create([{ LastName: 'Ok' }, { FirstName: 'No last name' }])) as Any[];
      expect(results[0]).toMatchObject({ success: true });
      expect(results[1]).toEqual({
        success: false,
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [LastName]',
            fields: ['LastName'],
          },
        ],
      });
    });

    it('allOrNone rolls everything back', async () => {
      const before = await conn.query("SELECT COUNT() FROM Contact WHERE LastName = 'Atomic'");
      const results = (await conn
        .sobject('Contact')
        .create([{ LastName: 'Atomic' }, { FirstName: 'bad' }], { allOrNone: true })
        .catch((e: Any) => e.data ?? e)) as Any;
      const list: Any[] = Array.isArray(results) ? results : [];
      expect(list[0]?.errors?.[0]?.statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
      const after = await conn.query("SELECT COUNT() FROM Contact WHERE LastName = 'Atomic'");
      expect(after.totalSize).toBe(before.totalSize);
    });

    it('refuses more than 200 records with EXCEEDED_ID_LIMIT', async () => {
      const res = await t.fetch('/services/data/v50.0/composite/sobjects', {
        method: 'POST',
        headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          records: Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Account' }, Name: `N${i}` })),
        }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Any[])[0]?.errorCode).toBe('EXCEEDED_ID_LIMIT');
    });

    it('updates, retrieves and deletes many', async () => {
      const made = (await conn.sobject('Account').create([{ Name: 'M1' }, { Name: 'M2' }])) as Any[];
      const ids = made.map((r) => r.id as string);
      const upd = (await conn.sobject('Account').update(ids.map((Id, i) => ({ Id, Name: `M${i}x` })))) as Any[];
      expect(upd.every((r) => r.success)).toBe(true);
      const got = (await conn.sobject('Account').retrieve(ids, { fields: ['Name'] })) as Any[];
      expect(got.map((r) => r.Name)).toEqual(['M0x', 'M1x']);
      const del = (await conn.sobject('Account').destroy(ids)) as Any[];
      expect(del.map((r) => r.success)).toEqual([true, true]);
    });
  });

  describe('query paging', () => {
    it('pages 2000 at a time through nextRecordsUrl', async () => {
      for (let i = 0; i < 11; i++) {
        await conn
          .sobject('Lead')
          .create(Array.from({ length: 200 }, (_, j) => ({ LastName: `P${i}-${j}`, Company: 'Paging Inc' })));
      }
      const first = await conn.query("SELECT Id, LastName FROM Lead WHERE Company = 'Paging Inc'");
      expect(first.totalSize).toBe(2200);
      expect(first.done).toBe(false);
      expect(first.records.length).toBe(2000);
      expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v50\.0\/query\/01g\w+-2000$/);
      const next = await conn.queryMore(first.nextRecordsUrl!);
      expect(next.records.length).toBe(200);
      expect(next.done).toBe(true);
      const ids = new Set([...first.records, ...next.records].map((r) => (r as Any).Id));
      expect(ids.size).toBe(2200);
    });
  });

  describe('errors from SALESFORCE.md', () => {
    const create = (type: string, rec: Any) => failure(conn.sobject(type).create(rec));

    it('read-only field, Id on insert, unknown field, malformed id, wrong type, missing and deleted references', async () => {
      expect((await create('Account', { Name: 'x', IsDeleted: true })).errorCode).toBe(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
      );
      const withId = await t.fetch('/services/data/v50.0/composite/sobjects', {
        method: 'POST',
        headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ records: [{ attributes: { type: 'Account' }, Id: '001000000000000AAA', Name: 'x' }] }),
      });
      expect(((await withId.json()) as Any[])[0]?.errors[0]).toMatchObject({
        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message: 'cannot specify Id in an insert call',
      });
      expect((await create('Account', { Name: 'x', Nope__c: 1 })).errorCode).toBe('INVALID_FIELD');
      expect((await create('Contact', { LastName: 'x', AccountId: 'garbage' })).errorCode).toBe('MALFORMED_ID');
      const acc = (await conn.sobject('Account').create({ Name: 'Parent' })) as Any;
      const con = (await conn.sobject('Contact').create({ LastName: 'C', AccountId: acc.id })) as Any;
      const wrong = await create('Contact', { LastName: 'x', AccountId: con.id });
      expect(wrong.errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
      expect(wrong.message).toBe(`Account ID: id value of incorrect type: ${con.id}`);
      const missing = await create('Contact', { LastName: 'x', AccountId: '001000000000000AAA' });
      expect(missing).toEqual({ errorCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id' });
      await conn.sobject('Account').destroy(acc.id);
      expect((await create('Contact', { LastName: 'x', AccountId: acc.id })).errorCode).toBe('ENTITY_IS_DELETED');
      const notFound = await failure(conn.sobject('Account').retrieve('001000000000000AAA'));
      expect(notFound).toEqual({ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' });
    });

    it('bad SOQL and unknown columns', async () => {
      expect((await failure(conn.query('SELECT Id FRM Account'))).errorCode).toBe('MALFORMED_QUERY');
      expect((await failure(conn.query('SELECT Foo FROM Account'))).errorCode).toBe('INVALID_FIELD');
      expect((await failure(conn.query('SELECT Id FROM ContentDocumentLink'))).errorCode).toBe('MALFORMED_QUERY');
    });

    it('restricted picklists per record type, inactive record types', async () => {
      const e = await create('Task', { Subject: 's', Status: 'Nope' });
      expect(e).toEqual({
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: 'Status: bad value for restricted picklist field: Nope',
      });
      const d = await conn.sobject('Project__c').describe();
      const rt = (name: string) => (d.recordTypeInfos as Any[]).find((r) => r.developerName === name)!.recordTypeId;
      const internal = (await conn
        .sobject('Project__c')
        .create({ Name: 'I', RecordTypeId: rt('Internal'), Status__c: 'Internal Review' })) as Any;
      expect(internal.success).toBe(true);
      const master = await create('Project__c', { Name: 'M', Status__c: 'Internal Review' });
      expect(master.errorCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
      const legacy = await create('Project__c', { Name: 'L', RecordTypeId: rt('Legacy') });
      expect(legacy).toEqual({
        errorCode: 'INVALID_CROSS_REFERENCE_KEY',
        message: `Record Type ID: this ID value isn't valid for the user: ${rt('Legacy')}`,
      });
    });

    it('activated contracts are locked; converted leads are not updatable', async () => {
      const acc = (await conn.sobject('Account').create({ Name: 'Lock' })) as Any;
      expect((await create('Contract', { AccountId: acc.id, Status: 'Activated' })).errorCode).toBe(
        'FIELD_INTEGRITY_EXCEPTION',
      );
      const contract = (await conn.sobject('Contract').create({ AccountId: acc.id, Status: 'Draft' })) as Any;
      await conn.sobject('Contract').update({ Id: contract.id, Status: 'Activated' });
      const locked = await failure(conn.sobject('Contract').update({ Id: contract.id, Description: 'x' }));
      expect(locked.errorCode).toBe('ENTITY_IS_LOCKED');
      const converted = (await conn.query('SELECT Id FROM Lead WHERE IsConverted = true LIMIT 1')).records[0] as Any;
      if (converted) {
        const e = await failure(conn.sobject('Lead').update({ Id: converted.Id, LastName: 'x' }));
        expect(e.errorCode).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
      }
    });
  });

  describe('cascade delete and undelete', () => {
    it('deleting a project deletes milestones and deliverables; restricted lookups block', async () => {
      const contact = (await conn.sobject('Contact').create({ LastName: 'Reviewer' })) as Any;
      const p = (await conn.sobject('Project__c').create({ Name: 'Tree' })) as Any;
      const m = (await conn.sobject('Milestone__c').create({ Name: 'M', Project__c: p.id })) as Any;
      const dl = (await conn
        .sobject('Deliverable__c')
        .create({ Title__c: 'T', Milestone__c: m.id, Reviewer__c: contact.id })) as Any;
      const blocked = await failure(conn.sobject('Contact').destroy(contact.id));
      expect(blocked.errorCode).toBe('DELETE_FAILED');
      await conn.sobject('Project__c').destroy(p.id);
      const gone = await conn.query(`SELECT Id, IsDeleted FROM Deliverable__c WHERE Id = '${dl.id}'`, {
        scanAll: true,
      });
      expect((gone.records[0] as Any).IsDeleted).toBe(true);
      const res = t.admin.undelete([p.id], t.login.orgId);
      expect(res[0]?.success).toBe(true);
      const back = (await conn.sobject('Deliverable__c').retrieve(dl.id)) as Any;
      expect(back.Id).toBe(dl.id);
    });
  });

  describe('files and attachments', () => {
    it('versions a file, moves IsLatest, serves blobs, refuses duplicate links and version deletes', async () => {
      const v1 = (await conn
        .sobject('ContentVersion')
        .create({ Title: 'Doc', PathOnClient: 'doc.txt', VersionData: b64('one') })) as Any;
      const r1 = (await conn.sobject('ContentVersion').retrieve(v1.id)) as Any;
      expect(r1.VersionNumber).toBe('1');
      expect(r1.Checksum).toBe('f97c5d29941bfb1b2fdab0874906ab82');
      const v2 = (await conn
        .sobject('ContentVersion')
        .create(
          { Title: 'Doc', PathOnClient: 'doc.txt', VersionData: b64('two!'), ContentDocumentId: r1.ContentDocumentId },
          { multipartFileFields: { VersionData: { filename: 'doc.txt' } } } as Any,
        )) as Any;
      const versions = await conn.query(
        `SELECT Id, VersionNumber, IsLatest, ContentSize FROM ContentVersion WHERE ContentDocumentId = '${r1.ContentDocumentId}' ORDER BY VersionNumber`,
      );
      expect(versions.records.map((r) => [(r as Any).VersionNumber, (r as Any).IsLatest])).toEqual([
        ['1', false],
        ['2', true],
      ]);
      const doc = (await conn.sobject('ContentDocument').retrieve(r1.ContentDocumentId)) as Any;
      expect(doc.LatestPublishedVersionId).toBe(v2.id);
      const blob = await t.fetch(`/services/data/v50.0/sobjects/ContentVersion/${v2.id}/VersionData`, {
        headers: { authorization: `Bearer ${conn.accessToken}` },
      });
      expect(await blob.text()).toBe('two!');
      const dup = await failure(
        conn
          .sobject('ContentDocumentLink')
          .create({ ContentDocumentId: r1.ContentDocumentId, LinkedEntityId: t.login.adminUserId }),
      );
      expect(dup.errorCode).toBe('DUPLICATE_VALUE');
      expect((await failure(conn.sobject('ContentVersion').destroy(v1.id))).errorCode).toBe('DELETE_FAILED');
      await conn.sobject('ContentDocument').destroy(r1.ContentDocumentId);
      const after = await conn.query(
        `SELECT Id FROM ContentVersion WHERE ContentDocumentId = '${r1.ContentDocumentId}'`,
      );
      expect(after.totalSize).toBe(0);
    });

    it('attachments carry Body and a read-only BodyLength', async () => {
      const acc = (await conn.sobject('Account').create({ Name: 'With attachment' })) as Any;
      const a = (await conn.sobject('Attachment').create({ ParentId: acc.id, Name: 'a.txt', Body: b64('abc') })) as Any;
      const got = (await conn.sobject('Attachment').retrieve(a.id)) as Any;
      expect(got.BodyLength).toBe(3);
      expect(got.Body).toBe(`/services/data/v50.0/sobjects/Attachment/${a.id}/Body`);
      const e = await failure(conn.sobject('Attachment').create({ ParentId: acc.id, Name: 'no body' }));
      expect(e.errorCode).toBe('REQUIRED_FIELD_MISSING');
    });
  });
});
