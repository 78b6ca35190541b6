// scopeRestore beyond records: the documents, attachments and outside records that files and
// attachments bring into the org query, with 15-character ids matched to 18-character ones.
import { makeId } from '@restorelab/salesforce';
import type { BackedUpAttachment, BackedUpFile } from '@restorelab/snapshots';
import { describe, expect, it } from 'vitest';
import { fields, input, object, record } from './fixtures.ts';
import { scopeRestore } from './scope-query.ts';

const acc = makeId('001', 1);
const con = makeId('003', 1);
const outside = makeId('001', 9);
const elsewhere = makeId('001', 8);
const userA = makeId('005', 1);
const userB = makeId('005', 2);
const doc = (n: number) => makeId('069', n);
const att = (n: number) => makeId('00P', n);

const objects = [
  object('Account', '001', [fields.text('Name')]),
  object('Contact', '003', [fields.lookup('AccountId', 'Account'), fields.text('Ref__c')]),
  object('Attachment', '00P', [fields.text('Name'), fields.lookup('ParentId', 'Account', true)]),
];

function file(n: number, linked: string[]): BackedUpFile {
  return {
    contentDocumentId: doc(n),
    latestVersionId: makeId('068', n),
    title: 't',
    pathOnClient: 'p',
    ownerId: userA,
    lastModifiedDate: 'x',
    contentModifiedDate: null,
    versionNumber: '1',
    contentHash: 'h',
    contentSize: 1,
    fileType: null,
    links: linked.map((linkedEntityId) => ({ linkedEntityId, shareType: 'V', visibility: 'AllUsers' })),
  };
}
function attachment(n: number, parentId: string): BackedUpAttachment {
  return {
    id: att(n),
    parentId,
    name: 'a',
    contentType: null,
    isPrivate: false,
    ownerId: userA,
    description: null,
    lastModifiedDate: 'x',
    bodyHash: null,
    bodyLength: 0,
  };
}

describe('scopeRestore files and attachments', () => {
  // Planned inside each test, so coverage is counted per test.
  const i = () =>
    input({
      root: acc,
      objects,
      records: [
        record('Account', acc, { Name: 'A' }),
        record('Contact', con, { AccountId: acc, Ref__c: outside }),
        record('Attachment', att(5), { ParentId: acc, Name: 'meta' }),
        record('Attachment', att(6), { ParentId: 42 }),
      ],
      files: [
        file(2, [acc.slice(0, 15), userB]),
        file(1, [con, 'not-an-id']),
        file(3, [outside]),
        file(4, [elsewhere, userA]),
      ],
      attachments: [attachment(1, acc.slice(0, 15)), attachment(2, outside), attachment(3, con)],
    });
  const query = () => {
    const j = i();
    return scopeRestore(j.request, j.slice, j.downloadOnlyTypes);
  };

  it('lists the documents linked to a record of the restore, sorted, and the outside records they link to', () => {
    const q = query();
    expect(q.contentDocumentIds).toEqual([doc(1), doc(2)]);
    expect(q.referenceIds).toEqual([userB]);
  });

  it('lists attachments under a record of the restore and Objects/Attachment items, sorted', () => {
    const q = query();
    // att(6) names no parent in the restore, so it is not a descendant of the root.
    expect(q.attachmentIds).toEqual([att(1), att(3), att(5)]);
  });

  it('treats text fields as values, not links, and keeps attachment records out of the record ids', () => {
    const q = query();
    expect(q.recordIds).toEqual([acc, con]);
    expect(q.objectTypes).toEqual(['Account', 'Contact']);
  });

  it('asks about the outside parent of an Objects/Attachment item restored alone', () => {
    const j = input({
      root: att(7),
      method: 'record',
      objects,
      records: [record('Account', acc), record('Attachment', att(7), { ParentId: outside.slice(0, 15) })],
    });
    const r = scopeRestore(j.request, j.slice, j.downloadOnlyTypes);
    expect(r.recordIds).toEqual([]);
    expect(r.attachmentIds).toEqual([att(7)]);
    expect(r.referenceIds).toEqual([outside]);
    const k = input({
      root: att(7),
      method: 'record',
      objects,
      records: [record('Attachment', att(7), { ParentId: 42 })],
    });
    expect(scopeRestore(k.request, k.slice, k.downloadOnlyTypes).referenceIds).toEqual([]);
  });
});
