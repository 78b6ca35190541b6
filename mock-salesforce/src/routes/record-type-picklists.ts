// The picklist values each record type allows, as two APIs publish them: the UI API
// (`/ui-api/object-info/{object}/picklist-values/{recordTypeId}[/{field}]`) and describe layouts
// (`/sobjects/{object}/describe/layouts/[{recordTypeId}]`, `recordTypeMappings[].picklistsForRecordType`).
// Both read the org's `allowedPicklistValues`, the same lists a write is checked against, so what
// a client learns here is exactly what the org accepts. The master record type is included.
import type { FieldDescribe, RecordTypeInfo } from '@restorelab/salesforce';
import { toId18 } from '@restorelab/salesforce';
import { type Context, Hono } from 'hono';
import { notFound, SalesforceApiError } from '../errors.ts';
import type { ObjectTable, Org } from '../org/org.ts';
import type { MockEnv } from './context.ts';

interface AllowedValue {
  value: string;
  label: string;
  isDefault: boolean;
}

const isPicklist = (f: FieldDescribe) => f.type === 'picklist' || f.type === 'multipicklist';

/** The values `rt` allows for `field`, in the field's order, with the record type's default marked. */
function allowedValues(org: Org, table: ObjectTable, field: FieldDescribe, rt: RecordTypeInfo): AllowedValue[] {
  const allowed = org.allowedPicklistValues(table, field, rt.recordTypeId);
  const labels = new Map((field.picklistValues ?? []).map((p) => [p.value, p.label]));
  const fieldDefault = (field.picklistValues ?? []).find((p) => p.defaultValue)?.value;
  const chosen = rt.defaultPicklistValues?.[field.name] ?? fieldDefault;
  const ordered = [...(field.picklistValues ?? []).map((p) => p.value), ...allowed].filter(
    (v, i, all) => allowed.has(v) && all.indexOf(v) === i,
  );
  return ordered.map((value) => ({ value, label: labels.get(value) ?? value, isDefault: value === chosen }));
}

function tableOf(org: Org, objectName: string): ObjectTable {
  const table = org.table(objectName);
  if (!table) throw notFound();
  return table;
}

function recordTypeOf(table: ObjectTable, id: string): RecordTypeInfo {
  const id18 = toId18(id);
  const rt = table.describe.recordTypeInfos.find((r) => r.recordTypeId === id18);
  if (!rt) {
    throw new SalesforceApiError('NOT_FOUND', `The record type ID ${id} isn't valid for ${table.name}`, {
      status: 404,
    });
  }
  return rt;
}

/** One field's entry of the UI API answer. */
function uiField(org: Org, table: ObjectTable, field: FieldDescribe, rt: RecordTypeInfo, version: string) {
  const values = allowedValues(org, table, field, rt);
  const shape = (v: AllowedValue) => ({ attributes: null, label: v.label, validFor: [], value: v.value });
  const dflt = values.find((v) => v.isDefault);
  return {
    controllerValues: {},
    defaultValue: dflt ? shape(dflt) : null,
    eTag: etag(`${table.name}|${rt.recordTypeId}|${field.name}|${values.map((v) => v.value).join(';')}`),
    url: `/services/data/${version}/ui-api/object-info/${table.name}/picklist-values/${rt.recordTypeId}/${field.name}`,
    values: values.map(shape),
  };
}

function etag(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The id of an object's one page layout (the mock has a single, empty layout per object). */
function layoutId(table: ObjectTable): string {
  return toId18(`00h000000000${table.describe.keyPrefix || '000'}`.slice(0, 15)) ?? '00h000000000000AAA';
}

function layout(table: ObjectTable): Record<string, unknown> {
  return {
    buttonLayoutSection: null,
    detailLayoutSections: [],
    editLayoutSections: [],
    feedView: null,
    highlightsPanelLayoutSection: null,
    id: layoutId(table),
    multirowEditLayoutSections: [],
    offlineLinks: [],
    quickActionList: { quickActionListItems: [] },
    relatedContent: null,
    relatedLists: [],
    saveOptions: [],
  };
}

function recordTypeMapping(org: Org, table: ObjectTable, rt: RecordTypeInfo, version: string) {
  const base = `/services/data/${version}/sobjects/${table.name}/describe/layouts/${rt.recordTypeId}`;
  return {
    active: rt.active,
    available: rt.available,
    defaultRecordTypeMapping: rt.defaultRecordTypeMapping,
    developerName: rt.developerName,
    layoutId: layoutId(table),
    master: rt.master,
    name: rt.name,
    picklistsForRecordType: table.describe.fields.filter(isPicklist).map((field) => ({
      picklistName: field.name,
      picklistValues: allowedValues(org, table, field, rt).map((v) => ({
        active: true,
        defaultValue: v.isDefault,
        label: v.label,
        validFor: null,
        value: v.value,
      })),
    })),
    recordTypeId: rt.recordTypeId,
    urls: { layout: base },
  };
}

/** `/ui-api/object-info/...`: mounted under `/vXX.X/ui-api`. */
export function uiApiRoutes(): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  app.get('/object-info/:object/picklist-values/:recordTypeId', (c) => {
    const org = c.get('mock').org;
    const table = tableOf(org, c.req.param('object'));
    const rt = recordTypeOf(table, c.req.param('recordTypeId'));
    const fields = table.describe.fields.filter(isPicklist);
    const picklistFieldValues = Object.fromEntries(
      fields.map((f) => [f.name, uiField(org, table, f, rt, c.get('version'))]),
    );
    return c.json({ eTag: etag(JSON.stringify(picklistFieldValues)), picklistFieldValues });
  });
  app.get('/object-info/:object/picklist-values/:recordTypeId/:field', (c) => {
    const org = c.get('mock').org;
    const table = tableOf(org, c.req.param('object'));
    const rt = recordTypeOf(table, c.req.param('recordTypeId'));
    const field = table.fieldByLower.get(c.req.param('field').toLowerCase());
    if (!field || !isPicklist(field)) throw notFound();
    return c.json(uiField(org, table, field, rt, c.get('version')));
  });
  return app;
}

/** `/sobjects/{object}/describe/layouts/...`: mounted under `/vXX.X/sobjects` before the record routes. */
export function layoutRoutes(): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  const all = (c: Context<MockEnv>) => {
    const org = c.get('mock').org;
    const table = tableOf(org, c.req.param('type') ?? '');
    return c.json({
      layouts: [layout(table)],
      recordTypeMappings: table.describe.recordTypeInfos.map((rt) =>
        recordTypeMapping(org, table, rt, c.get('version')),
      ),
      recordTypeSelectorRequired: [false],
    });
  };
  app.get('/:type/describe/layouts', all);
  app.get('/:type/describe/layouts/', all);
  app.get('/:type/describe/layouts/:recordTypeId', (c) => {
    const table = tableOf(c.get('mock').org, c.req.param('type'));
    recordTypeOf(table, c.req.param('recordTypeId'));
    return c.json(layout(table));
  });
  return app;
}
