// Record-type picklists through jsforce 3.10, over HTTP and msw: the UI API's picklist-values and
// describe layouts publish, per record type (the master included), exactly the values a write of
// that record type is allowed.
import type jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, httpTarget, type MockTarget, mswTarget } from './targets.ts';

type Conn = jsforce.Connection;
interface UiValues {
  values: Array<{ label: string; value: string; validFor: unknown[]; attributes: null }>;
  defaultValue: { value: string } | null;
  controllerValues: Record<string, number>;
  url: string;
}
const MASTER = '012000000000000AAA';

describe.each([
  ['http', httpTarget],
  ['msw', mswTarget],
] as const)('record-type picklists (%s)', (_name, makeTarget) => {
  let t: MockTarget;
  let conn: Conn;
  let recordTypes: Record<string, string>;

  beforeAll(async () => {
    t = await makeTarget();
    conn = await t.connect();
    const describe = await conn.sobject('Project__c').describe();
    recordTypes = Object.fromEntries(
      describe.recordTypeInfos.map((r) => [(r as unknown as { developerName: string }).developerName, r.recordTypeId]),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const ui = (recordTypeId: string, field = '') =>
    conn.request<{ picklistFieldValues: Record<string, UiValues> } & UiValues>(
      `/ui-api/object-info/Project__c/picklist-values/${recordTypeId}${field ? `/${field}` : ''}`,
    );

  it('answers the UI API per record type, the master included, and per field', async () => {
    const master = await ui(MASTER);
    const status = master.picklistFieldValues.Status__c!;
    expect(status.values.map((v) => v.value)).toEqual(['Planned', 'Active', 'On Hold', 'Completed', 'Cancelled']);
    expect(status.defaultValue?.value).toBe('Planned');
    expect(status.values[0]).toEqual({ attributes: null, label: 'Planned', validFor: [], value: 'Planned' });
    const internal = await ui(recordTypes.Internal!, 'Status__c');
    expect(internal.values.map((v) => v.value)).toContain('Internal Review');
    expect(internal.url).toBe(
      `/services/data/v50.0/ui-api/object-info/Project__c/picklist-values/${recordTypes.Internal}/Status__c`,
    );
    expect((await failure(ui('012000000000999AAA'))).errorCode).toBe('NOT_FOUND');
    expect((await failure(ui(MASTER, 'Name'))).errorCode).toBe('NOT_FOUND');
  });

  it('publishes exactly what a write of that record type may hold', async () => {
    for (const [developerName, recordTypeId] of Object.entries(recordTypes)) {
      const { values } = await ui(recordTypeId, 'Status__c');
      if (developerName === 'Legacy') continue; // inactive: no write may use it at all
      const allowed = new Set(values.map((v) => v.value));
      for (const value of ['Planned', 'Internal Review']) {
        const attempt = conn.sobject('Project__c').create({
          Name: `RT ${developerName} ${value}`,
          Status__c: value,
          RecordTypeId: recordTypeId,
        });
        if (allowed.has(value)) expect(((await attempt) as { success: boolean }).success).toBe(true);
        else expect((await failure(attempt)).errorCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
      }
    }
  });

  it('describe layouts map every record type to its picklists; the advertised layout URLs answer', async () => {
    const layouts = (await conn.sobject('Project__c').layouts()) as unknown as {
      layouts: Array<{ id: string }>;
      recordTypeMappings: Array<{
        recordTypeId: string;
        master: boolean;
        layoutId: string;
        picklistsForRecordType: Array<{ picklistName: string; picklistValues: Array<{ value: string }> }>;
      }>;
    };
    expect(layouts.recordTypeMappings.map((m) => m.recordTypeId).sort()).toEqual(
      [...Object.values(recordTypes)].sort(),
    );
    for (const mapping of layouts.recordTypeMappings) {
      const fromUi = await ui(mapping.recordTypeId, 'Status__c');
      const status = mapping.picklistsForRecordType.find((p) => p.picklistName === 'Status__c')!;
      expect(status.picklistValues.map((v) => v.value)).toEqual(fromUi.values.map((v) => v.value));
      expect(mapping.layoutId).toBe(layouts.layouts[0]!.id);
    }
    const describe = await conn.sobject('Project__c').describe();
    for (const rt of describe.recordTypeInfos) {
      const url = (rt as unknown as { urls: { layout: string } }).urls.layout;
      const layout = await conn.request<{ id: string }>(url);
      expect(layout.id).toBe(layouts.layouts[0]!.id);
    }
    const account = (await conn.request('/sobjects/Account/describe/layouts/')) as {
      recordTypeMappings: Array<{ master: boolean }>;
    };
    expect(account.recordTypeMappings).toEqual([expect.objectContaining({ master: true })]);
  });
});
