// Mock-only control of an org held in-process (clock, purge, seeding what the API refuses).
import type { MockAdmin } from '@restorelab/mock-salesforce';
import type { MockControl } from './target.ts';

export function mockControl(admin: MockAdmin, orgId: string): MockControl {
  const mock = () => admin.org(orgId);
  return {
    freezeClock: () => void admin.clock({ at: Date.now() }, orgId),
    advanceClock: (ms) => void admin.clock({ advanceMs: ms }, orgId),
    releaseClock: () => void admin.clock({ realTime: true }, orgId),
    now: () => admin.clock({}, orgId).now,
    purge(ids) {
      const org = mock().org;
      for (const id of ids) org.tableOfId(id)?.records.delete(id);
    },
    recordRequests() {
      // One log per mock admin (per session); no other session's requests reach it.
      const log = admin.requestLog;
      log.clear();
      log.start(100_000);
      return {
        stop() {
          log.stop();
          const seen = log.entries.map((e) => ({
            method: e.method,
            path: e.path,
            ...(e.body ? { body: e.body } : {}),
          }));
          log.clear();
          return seen;
        },
      };
    },
    purgeDeleted(ids) {
      mock().org.purgeDeleted(ids);
    },
    seedMandatoryLoop(tag) {
      // No API call can create a loop of required lookups (each end needs the other first). A
      // real org gets one only when the fields became required after the data was loaded; the
      // mock seeds it by relaxing the fields for the two inserts, then linking the records.
      const { org, identity } = mock();
      const ctx = { userId: identity.adminUserId, system: true };
      const gearField = org.describe('Gear__c')?.fields.find((f) => f.name === 'Cog__c');
      const cogField = org.describe('Cog__c')?.fields.find((f) => f.name === 'Gear__c');
      if (!gearField || !cogField) throw new Error('fixture schema missing Gear__c / Cog__c');
      gearField.nillable = true;
      cogField.nillable = true;
      try {
        const gearId = org.create('Gear__c', { Name: `${tag} gear`, Tag__c: `${tag}:gear` }, ctx);
        const cogId = org.create('Cog__c', { Name: `${tag} cog`, Tag__c: `${tag}:cog`, Gear__c: gearId }, ctx);
        org.update('Gear__c', gearId, { Cog__c: cogId }, ctx);
        return { gearId, cogId };
      } finally {
        gearField.nillable = false;
        cogField.nillable = false;
        // The describes changed and changed back: cached copies must be looked at again.
        org.touchSchema();
      }
    },
  };
}
