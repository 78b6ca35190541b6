// Seeding an org: the records every org has (the organization, profiles, the admin user, record
// types) and the records of a data plan in `sf data import tree` form, with "@Ref" references
// resolved to the ids created for earlier seeds.
import { MASTER_RECORD_TYPE_ID } from '@restorelab/salesforce';
import { SalesforceApiError } from '../errors.ts';
import type { Org, WriteContext } from './org.ts';

/** The schema module's SeedRecord shape. */
export interface SeedRecordLike {
  type: string;
  referenceId: string;
  fields: Record<string, unknown>;
}

export interface OrgIdentity {
  orgId: string;
  orgName: string;
  adminUserId: string;
  adminProfileId: string;
  username: string;
}

/** Values for fields that exist in the object's describe; the rest are dropped. */
function present(org: Org, objectName: string, values: Record<string, unknown>): Record<string, unknown> {
  const table = org.table(objectName);
  const out: Record<string, unknown> = {};
  if (!table) return out;
  for (const [k, v] of Object.entries(values)) if (table.fieldByLower.has(k.toLowerCase())) out[k] = v;
  return out;
}

/**
 * Creates the records every org has. The admin user is created first with a forced id so that
 * every later record (profiles included) can name it as creator and owner.
 */
export function seedBaseline(org: Org, options: { orgName: string; username: string; pod: string }): OrgIdentity {
  const orgId = org.newId('00D');
  const adminUserId = org.newId('005');
  const adminProfileId = org.newId('00e');
  const ctx: WriteContext = { userId: adminUserId, system: true };
  if (org.table('Organization')) {
    org.create(
      'Organization',
      present(org, 'Organization', {
        Name: options.orgName,
        OrganizationType: 'Developer Edition',
        IsSandbox: false,
        InstanceName: 'MOCK1',
      }),
      ctx,
      orgId,
    );
  }
  if (org.table('Profile')) {
    org.create(
      'Profile',
      present(org, 'Profile', { Name: 'System Administrator', UserType: 'Standard' }),
      ctx,
      adminProfileId,
    );
    org.create('Profile', present(org, 'Profile', { Name: 'Standard User', UserType: 'Standard' }), ctx);
  }
  if (org.table('User')) {
    org.create(
      'User',
      present(org, 'User', {
        Username: options.username,
        LastName: 'Admin',
        FirstName: 'Restorelab',
        Email: options.username.includes('@') ? options.username : `${options.username}@restorelab.test`,
        Alias: 'admin',
        IsActive: true,
        ProfileId: org.table('Profile') ? adminProfileId : undefined,
        TimeZoneSidKey: 'GMT',
        LocaleSidKey: 'en_US',
        LanguageLocaleKey: 'en_US',
        EmailEncodingKey: 'UTF-8',
        UserType: 'Standard',
      }),
      ctx,
      adminUserId,
    );
  }
  if (org.table('RecordType')) {
    for (const table of org.tables()) {
      for (const rt of table.describe.recordTypeInfos) {
        if (rt.master || rt.recordTypeId === MASTER_RECORD_TYPE_ID || org.get(rt.recordTypeId)) continue;
        org.create(
          'RecordType',
          present(org, 'RecordType', {
            Name: rt.name,
            DeveloperName: rt.developerName,
            SobjectType: table.name,
            IsActive: rt.active,
          }),
          ctx,
          rt.recordTypeId,
        );
      }
    }
  }
  return { orgId, orgName: options.orgName, adminUserId, adminProfileId, username: options.username };
}

/**
 * Inserts seed records in order and returns referenceId → id. A value "@X" names the record
 * created for seed X; a ContentVersion's (or ContentDocumentLink's) ContentDocumentId "@X" naming a ContentVersion seed means
 * that version's document.
 */
export function applySeeds(org: Org, seeds: readonly SeedRecordLike[], identity: OrgIdentity): Map<string, string> {
  const ids = new Map<string, string>();
  const ctx: WriteContext = { userId: identity.adminUserId, system: true };
  for (const seed of seeds) {
    const fields: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(seed.fields)) {
      if (name === 'attributes') continue;
      if (typeof value === 'string' && value.startsWith('@') && value.length > 1) {
        const ref = value.slice(1);
        const id = ids.get(ref);
        if (!id) {
          throw new SalesforceApiError(
            'INVALID_CROSS_REFERENCE_KEY',
            `seed ${seed.referenceId}: unknown reference ${value}`,
          );
        }
        const target = org.get(id);
        fields[name] =
          (seed.type === 'ContentVersion' || seed.type === 'ContentDocumentLink') &&
          name === 'ContentDocumentId' &&
          target?.type === 'ContentVersion'
            ? target.fields.ContentDocumentId
            : id;
      } else {
        fields[name] = value;
      }
    }
    if (seed.type === 'User' && org.table('Profile') && fields.ProfileId === undefined) {
      fields.ProfileId = identity.adminProfileId;
    }
    try {
      ids.set(seed.referenceId, org.create(seed.type, fields, ctx));
    } catch (error) {
      if (error instanceof SalesforceApiError) {
        throw new SalesforceApiError(error.code, `seed ${seed.referenceId} (${seed.type}): ${error.message}`, {
          fields: error.fields,
          cause: error,
        });
      }
      throw error;
    }
  }
  return ids;
}
