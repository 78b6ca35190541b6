// jsforce over the msw transport, against a mock org in this process: what the suite relies on —
// login, queries, writes with bodies, Salesforce errors, binary downloads — and a clear failure for
// a URL no org answers.
import { createMockApp, createMockHandlers, MockAdmin } from '@restorelab/mock-salesforce';
import jsforce from 'jsforce';
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DATA_PLAN, FIXTURE_DIR, SALESFORCE_API_VERSION } from './mock.ts';
import { useMswTransport } from './msw-transport.ts';

describe('msw transport for jsforce', () => {
  it('logs in, queries, writes, reads errors and downloads binary content like fetch does', async () => {
    const base = 'http://transport.mock.salesforce.test';
    const admin = new MockAdmin(undefined, base);
    const login = await admin.createOrg({ metadataDir: FIXTURE_DIR, dataPlan: FIXTURE_DATA_PLAN });
    const handlers = createMockHandlers(createMockApp({ admin }), base);
    const conn = useMswTransport(
      new jsforce.Connection({ loginUrl: login.loginUrl, version: SALESFORCE_API_VERSION }),
      (request) => getResponse(handlers, request),
    );
    const info = await conn.login(login.username, login.password);
    expect(info.id).toBe(login.adminUserId);

    const created = (await conn.sobject('Account').create({ Name: 'Über Transport' })) as { id: string };
    const read = await conn.query<{ Name: string }>(`SELECT Name FROM Account WHERE Id = '${created.id}'`);
    expect(read.records.map((r) => r.Name)).toEqual(['Über Transport']);

    await expect(conn.query('SELECT Id FROM NoSuchObject__c')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });

    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 255]);
    const version = (await conn.sobject('ContentVersion').create({
      Title: 'bytes',
      PathOnClient: 'bytes.bin',
      VersionData: bytes.toString('base64'),
    })) as { id: string };
    const chunks: Buffer[] = [];
    for await (const chunk of conn.sobject('ContentVersion').record(version.id).blob('VersionData')) {
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    expect(Buffer.concat(chunks)).toEqual(bytes);

    const elsewhere = useMswTransport(
      new jsforce.Connection({ instanceUrl: 'http://nobody.test', accessToken: 'x', version: SALESFORCE_API_VERSION }),
      (request) => getResponse(handlers, request),
    );
    await expect(elsewhere.query('SELECT Id FROM Account')).rejects.toThrow(
      /no mock org answers GET http:\/\/nobody\.test/,
    );
  });
});
