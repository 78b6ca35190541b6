// A minimal sObject Collections endpoint over real HTTP, for tests that need exact control of what
// Salesforce answers (503s, row locks, a used-up API allocation) and a count of records created.
// Tests of Salesforce behaviour itself run against @restorelab/mock-salesforce instead.

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeId, STANDARD_KEY_PREFIXES } from '@restorelab/salesforce';
import { Connection } from 'jsforce';

export type StubFault =
  | { kind: 'http'; status: number; errorCode?: string; message?: string }
  | { kind: 'item-lock'; index: number }
  | { kind: 'reset' }
  /** Answer normally, but only after `ms` (a slow org: the call is still in its hands). */
  | { kind: 'delay'; ms: number };

export interface CollectionsStub {
  url: string;
  /** Records created, by id. */
  records: Map<string, Record<string, unknown>>;
  /** Answers to give before behaving normally, first first. */
  faults: StubFault[];
  calls: { method: string; path: string; count: number }[];
  connection(): Connection;
  close(): Promise<void>;
}

const body = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
};

export async function startCollectionsStub(): Promise<CollectionsStub> {
  const records = new Map<string, Record<string, unknown>>();
  const faults: StubFault[] = [];
  const calls: CollectionsStub['calls'] = [];
  let seq = 1;
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (!/\/composite\/sobjects$/.test(path)) return json(404, [{ errorCode: 'NOT_FOUND', message: 'no route' }]);
    const payload = (await body(req)) as { records: Record<string, unknown>[] };
    calls.push({ method: req.method ?? '', path, count: payload.records.length });
    const fault = faults.shift();
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'reset') return req.socket.destroy();
    if (fault?.kind === 'http') {
      // Without an errorCode the answer is plain text, as a load balancer in front of Salesforce sends.
      if (!fault.errorCode) {
        res.writeHead(fault.status, { 'content-type': 'text/plain' });
        return res.end(fault.message ?? 'Service Unavailable');
      }
      return json(fault.status, [{ errorCode: fault.errorCode, message: fault.message ?? 'refused' }]);
    }
    const answers = payload.records.map((rec, index) => {
      const { attributes, id, ...fields } = rec as {
        attributes: { type: string };
        id?: string;
        [field: string]: unknown;
      };
      if (fault?.kind === 'item-lock' && fault.index === index) {
        return {
          success: false,
          errors: [
            {
              statusCode: 'UNABLE_TO_LOCK_ROW',
              message: 'unable to obtain exclusive access to this record',
              fields: [],
            },
          ],
        };
      }
      if (fields.Name === '') {
        return {
          success: false,
          errors: [
            { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] },
          ],
        };
      }
      if (req.method === 'PATCH') {
        const existing = id ? records.get(id) : undefined;
        if (!existing)
          return {
            success: false,
            errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
          };
        Object.assign(existing, fields);
        return { id, success: true, errors: [] };
      }
      const newId = makeId(STANDARD_KEY_PREFIXES[attributes.type] ?? 'a00', seq++);
      records.set(newId, { ...fields, attributes });
      return { id: newId, success: true, errors: [] };
    });
    json(200, answers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    records,
    faults,
    calls,
    connection: () => new Connection({ instanceUrl: url, accessToken: 'stub-token', version: '60.0' }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
