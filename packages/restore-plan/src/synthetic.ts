// A large, realistic plan input built in memory: one account with `size - 1` records beneath it in
// a three-level hierarchy (master-detail and required lookups, optional sibling links, some
// optional loops), half of them still in the org. Used by the scale test and by benchmarks.
import { makeId } from '@restorelab/salesforce';
import type { BackedUpFile, BackedUpRecord } from '@restorelab/snapshots';
import { ADMIN, fields, NEW, OLD, object } from './fixtures.ts';
import type { LiveRecord, PlanInput } from './types.ts';

export function syntheticPlanInput(size: number): PlanInput {
  const objects = [
    object('Account', '001', [fields.text('Name'), fields.owner()]),
    object('Project__c', 'a00', [
      fields.text('Name'),
      fields.masterDetail('Account__c', 'Account'),
      fields.picklist('Phase__c', ['A', 'B']),
    ]),
    object('Task__c', 'a01', [
      fields.text('Name'),
      fields.masterDetail('Project__c', 'Project__c'),
      fields.lookup('Previous__c', 'Task__c'),
      fields.lookup('Reviewer__c', 'Project__c', true),
    ]),
  ];
  const owner = makeId('005', 2);
  const root = makeId('001', 1);
  // Ids as a snapshot store hands them out: flat strings, not the concatenation trees makeId builds
  // (those make every Map look-up re-walk the tree and would measure the generator, not the plan).
  const ids: string[] = JSON.parse(
    JSON.stringify(
      Array.from({ length: size }, (_, i) => makeId(i === 0 ? '001' : i % 20 === 1 ? 'a00' : 'a01', i === 0 ? 1 : i)),
    ),
  );
  const records: BackedUpRecord[] = new Array(size);
  const live = new Map<string, LiveRecord>();
  const files: BackedUpFile[] = [];
  const put = (i: number, type: string, id: string, values: Record<string, unknown>) => {
    const lastModifiedDate = i % 4 === 2 ? NEW : OLD;
    records[i] = {
      id,
      type,
      lastModifiedDate,
      fields: { Id: id, Name: `${type} ${i}`, LastModifiedDate: lastModifiedDate, ...values },
    };
    // Half deleted, a quarter changed since, a quarter untouched.
    if (i % 4 < 2) live.set(id, { state: 'deleted' });
    else live.set(id, { state: 'exists', lastModifiedDate: OLD });
  };
  put(0, 'Account', ids[0]!, { OwnerId: owner });
  live.set(ids[0]!, { state: 'deleted' });
  let project = root;
  let previous: string | null = null;
  for (let i = 1; i < size; i++) {
    if (i % 20 === 1) {
      project = ids[i]!;
      put(i, 'Project__c', project, { Account__c: root, Phase__c: 'A' });
      previous = null;
      continue;
    }
    const id = ids[i]!;
    // Every 7th task links forward to the next one, closing optional loops with its predecessor.
    const next = i % 7 === 0 && (i + 1) % 20 !== 1 && i + 1 < size ? ids[i + 1]! : previous;
    put(i, 'Task__c', id, { Project__c: project, Previous__c: next, Reviewer__c: project });
    previous = id;
    if (i % 2000 === 0) {
      files.push({
        contentDocumentId: makeId('069', i),
        latestVersionId: makeId('068', i),
        title: `doc ${i}`,
        pathOnClient: `doc-${i}.txt`,
        ownerId: owner,
        lastModifiedDate: OLD,
        contentModifiedDate: OLD,
        versionNumber: '1',
        contentHash: `h${i}`,
        contentSize: 10,
        fileType: 'TEXT',
        links: [{ linkedEntityId: id, shareType: 'V', visibility: 'AllUsers' }],
      });
    }
  }
  return {
    request: { snapshotId: 'synthetic', rootId: root, method: 'related' },
    slice: { schema: { objects }, records, files, attachments: [] },
    org: {
      records: live,
      references: new Map(),
      files: new Map(),
      masterPicklistValues: { Project__c: { Phase__c: ['A'] } },
    },
    downloadOnlyTypes: new Set(['User']),
    adminUserId: ADMIN,
  };
}
