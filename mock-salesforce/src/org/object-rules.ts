// Behaviour particular to some standard objects: files (ContentVersion → ContentDocument → links),
// attachments, contracts and orders that lock when activated, converted leads. The org's create,
// update and delete (org.ts) call these hooks around each write, between the generic rules.
import { createHash } from 'node:crypto';
import { toId18 } from '@restorelab/salesforce';
import { requiredFieldMissing, SalesforceApiError } from '../errors.ts';
import type { ObjectTable, Org, StoredRecord, WriteContext } from './org.ts';

export interface ObjectRules {
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  deleteRefusal?: string;
  /** May fill in or refuse `values` (exact API names) before the generic checks. */
  beforeCreate?(org: Org, table: ObjectTable, values: Record<string, unknown>, ctx: WriteContext): void;
  afterCreate?(org: Org, table: ObjectTable, record: StoredRecord, ctx: WriteContext): void;
  beforeUpdate?(
    org: Org,
    table: ObjectTable,
    record: StoredRecord,
    values: Record<string, unknown>,
    ctx: WriteContext,
  ): void;
  afterUpdate?(
    org: Org,
    table: ObjectTable,
    record: StoredRecord,
    values: Record<string, unknown>,
    ctx: WriteContext,
  ): void;
  beforeDelete?(org: Org, table: ObjectTable, record: StoredRecord, ctx: WriteContext): void;
}

const locked = (): SalesforceApiError => new SalesforceApiError('ENTITY_IS_LOCKED', 'the entity is locked for editing');

/** Contract and Order: created in Draft; once Activated only the status may change (back). */
function draftThenLocked(objectName: string): ObjectRules {
  return {
    beforeCreate(_org, _table, values, ctx) {
      if (!ctx.system && values.Status !== undefined && values.Status !== null && values.Status !== 'Draft') {
        throw new SalesforceApiError(
          'FIELD_INTEGRITY_EXCEPTION',
          `${objectName} must be created with Status Draft: ${String(values.Status)}`,
          { fields: ['Status'] },
        );
      }
    },
    beforeUpdate(_org, _table, record, values, ctx) {
      if (ctx.system || record.fields.Status !== 'Activated') return;
      const onlyStatus = Object.keys(values).every((k) => k === 'Status');
      if (!onlyStatus || values.Status === 'Activated') throw locked();
    },
    beforeDelete(_org, _table, record, ctx) {
      if (!ctx.system && record.fields.Status === 'Activated') throw locked();
    },
  };
}

const VALID_SHARE_TYPES = new Set(['V', 'C', 'I']);
const VALID_VISIBILITY = new Set(['AllUsers', 'InternalUsers', 'SharedUsers']);

function fileExtension(path: unknown): string | undefined {
  if (typeof path !== 'string') return undefined;
  const base = path.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : undefined;
}

function liveDocument(org: Org, id: unknown): StoredRecord {
  const id18 = org.parseId(id, 'Content Document ID');
  const doc = org.get(id18);
  if (doc?.type !== 'ContentDocument') {
    throw new SalesforceApiError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', {
      fields: ['ContentDocumentId'],
    });
  }
  if (doc.fields.IsDeleted === true) {
    throw new SalesforceApiError('ENTITY_IS_DELETED', 'entity is deleted', { fields: ['ContentDocumentId'] });
  }
  return doc;
}

/** Fields present in the object's describe (the schema decides which standard fields exist). */
function only(table: ObjectTable | undefined, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!table) return out;
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined && table.fieldByLower.has(k.toLowerCase())) out[k] = v;
  }
  return out;
}

const contentVersion: ObjectRules = {
  deletable: false,
  deleteRefusal: 'ContentVersion records cannot be deleted; delete the ContentDocument instead',
  beforeCreate(org, _table, values, ctx) {
    const data = values.VersionData;
    if (!Buffer.isBuffer(data)) throw requiredFieldMissing(['VersionData']);
    values.ContentSize = data.length;
    values.Checksum = createHash('md5').update(data).digest('hex');
    const ext = fileExtension(values.PathOnClient);
    if (ext) {
      values.FileExtension = ext;
      values.FileType = ext.toUpperCase();
    }
    const now = org.clock.nowText();
    if (values.ContentDocumentId !== undefined && values.ContentDocumentId !== null) {
      const doc = liveDocument(org, values.ContentDocumentId);
      values.ContentDocumentId = doc.fields.Id;
      let highest = 0;
      for (const v of org.records('ContentVersion')) {
        if (v.fields.ContentDocumentId === doc.fields.Id)
          highest = Math.max(highest, Number(v.fields.VersionNumber ?? 0));
      }
      values.VersionNumber = String(highest + 1);
      // Only the first version's ContentModifiedDate can be chosen; later versions are modified now.
      if (!ctx.system) values.ContentModifiedDate = now;
      values.ContentModifiedDate ??= now;
      delete values.FirstPublishLocationId;
    } else {
      values.VersionNumber = '1';
      values.ContentModifiedDate ??= now;
      if (values.FirstPublishLocationId === undefined || values.FirstPublishLocationId === null) {
        values.FirstPublishLocationId = values.OwnerId ?? ctx.userId;
      }
    }
    values.IsLatest = true;
  },
  afterCreate(org, table, version, ctx) {
    const f = version.fields;
    const system = { userId: ctx.userId, system: true };
    const docTable = org.table('ContentDocument');
    const docFields = {
      Title: f.Title,
      OwnerId: f.OwnerId ?? ctx.userId,
      LatestPublishedVersionId: f.Id,
      ContentSize: f.ContentSize,
      FileType: f.FileType,
      FileExtension: f.FileExtension,
      ContentModifiedDate: f.ContentModifiedDate,
      PublishStatus: 'P',
    };
    if (f.VersionNumber === '1') {
      const docId = org.create(
        'ContentDocument',
        only(docTable, { ...docFields, CreatedDate: f.CreatedDate, CreatedById: f.CreatedById }),
        system,
      );
      org.patch(version, only(table, { ContentDocumentId: docId }));
      const owner = (f.OwnerId as string | undefined) ?? ctx.userId;
      org.create(
        'ContentDocumentLink',
        { ContentDocumentId: docId, LinkedEntityId: owner, ShareType: 'I', Visibility: 'AllUsers' },
        system,
      );
      const place = f.FirstPublishLocationId as string | undefined;
      if (place && place !== owner && org.tableOfId(place)?.name !== 'ContentWorkspace') {
        org.create(
          'ContentDocumentLink',
          { ContentDocumentId: docId, LinkedEntityId: place, ShareType: 'V', Visibility: 'AllUsers' },
          system,
        );
      }
    } else {
      const doc = org.get(f.ContentDocumentId as string)!;
      for (const other of org.records('ContentVersion')) {
        if (other !== version && other.fields.ContentDocumentId === doc.fields.Id && other.fields.IsLatest === true) {
          org.patch(other, { IsLatest: false });
        }
      }
      const now = org.clock.nowText();
      org.patch(
        doc,
        only(docTable, {
          ...docFields,
          OwnerId: doc.fields.OwnerId,
          LastModifiedDate: now,
          LastModifiedById: ctx.userId,
          SystemModstamp: now,
        }),
      );
    }
  },
  afterUpdate(org, _table, version, values) {
    if (version.fields.IsLatest !== true || values.Title === undefined) return;
    const doc = org.get(version.fields.ContentDocumentId as string);
    if (doc) org.patch(doc, { Title: version.fields.Title });
  },
};

const contentDocument: ObjectRules = {
  createable: false,
  afterUpdate(org, _table, doc, values) {
    if (values.Title === undefined) return;
    const latest = org.get(doc.fields.LatestPublishedVersionId as string);
    if (latest) org.patch(latest, { Title: doc.fields.Title });
  },
};

const contentDocumentLink: ObjectRules = {
  beforeCreate(org, _table, values) {
    values.ShareType ??= 'V';
    values.Visibility ??= 'AllUsers';
    if (!VALID_SHARE_TYPES.has(String(values.ShareType))) {
      throw new SalesforceApiError(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `Share Type: bad value for restricted picklist field: ${String(values.ShareType)}`,
        { fields: ['ShareType'] },
      );
    }
    if (!VALID_VISIBILITY.has(String(values.Visibility))) {
      throw new SalesforceApiError(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `Visibility: bad value for restricted picklist field: ${String(values.Visibility)}`,
        { fields: ['Visibility'] },
      );
    }
    if (values.ContentDocumentId === undefined || values.LinkedEntityId === undefined) return; // required check follows
    const docId = liveDocument(org, values.ContentDocumentId).fields.Id as string;
    const entityId = org.parseId(values.LinkedEntityId, 'Linked Entity ID');
    values.ContentDocumentId = docId;
    values.LinkedEntityId = entityId;
    for (const link of org.records('ContentDocumentLink')) {
      const f = link.fields;
      if (f.IsDeleted !== true && f.ContentDocumentId === docId && f.LinkedEntityId === entityId) {
        throw new SalesforceApiError(
          'DUPLICATE_VALUE',
          `Document with ID: ${docId} is already linked with the entity with ID: ${entityId}`,
        );
      }
    }
  },
};

const attachment: ObjectRules = {
  beforeCreate(_org, _table, values) {
    if (!Buffer.isBuffer(values.Body)) throw requiredFieldMissing(['Body']);
    values.BodyLength = values.Body.length;
  },
  afterUpdate(org, _table, record, values) {
    if (Buffer.isBuffer(values.Body)) org.patch(record, { BodyLength: values.Body.length });
  },
};

const lead: ObjectRules = {
  beforeUpdate(_org, _table, record, _values, ctx) {
    if (!ctx.system && record.fields.IsConverted === true) {
      throw new SalesforceApiError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
    }
  },
};

export const OBJECT_RULES: Readonly<Record<string, ObjectRules>> = {
  Contract: draftThenLocked('Contract'),
  Order: draftThenLocked('Order'),
  Lead: lead,
  ContentVersion: contentVersion,
  ContentDocument: contentDocument,
  ContentDocumentLink: contentDocumentLink,
  Attachment: attachment,
};

/** Normalizes an id for comparison, leaving non-ids alone. */
export function id18Or(value: unknown): unknown {
  return typeof value === 'string' ? (toId18(value) ?? value) : value;
}
