// Following earlier restores' copies for records: references rewritten to the copies, records moved
// onto them, and the two helpers the planner service uses around a plan.
import { makeId } from '@restorelab/salesforce';
import type { BackedUpAttachment, BackedUpFile } from '@restorelab/snapshots';
import { describe, expect, it } from 'vitest';
import { attachmentAsRecord, followRestoredIds, mandatoryLinksOf, moveToCopies } from './copies.ts';
import { fields, object, record } from './fixtures.ts';

const A = makeId('001', 1);
const A_COPY = makeId('001', 11);
const B = makeId('001', 2);
const C = makeId('003', 1);
const C_COPY = makeId('003', 11);
const OWNER = makeId('005', 1);

describe('followRestoredIds', () => {
  it('rewrites every string field naming a restored id (15 or 18 characters), never Id, and copies only what changes', () => {
    const child = record('Contact', C, { AccountId: A.slice(0, 15), Other__c: B, Count__c: 3, Name: 'n' });
    const untouched = record('Contact', makeId('003', 2), { AccountId: B });
    const self = record('Account', A, { Name: 'x' });
    const [moved, same, own] = followRestoredIds(
      [child, untouched, self],
      new Map([
        [A, A_COPY],
        [makeId('003', 2), 'never'],
      ]),
    );
    expect(moved).toEqual({ ...child, fields: { ...child.fields, AccountId: A_COPY } });
    expect(child.fields.AccountId).toBe(A.slice(0, 15));
    expect(same).toBe(untouched);
    // A record's own Id is not a reference to follow.
    expect(own).toBe(self);
  });

  it('matches a value that is no id as it is', () => {
    const r = record('Contact', C, { Code__c: 'ABC' });
    expect(followRestoredIds([r], new Map([['ABC', 'XYZ']]))[0]!.fields.Code__c).toBe('XYZ');
  });
});

describe('moveToCopies for records', () => {
  const file = (links: string[]): BackedUpFile => ({
    contentDocumentId: makeId('069', 1),
    latestVersionId: makeId('068', 1),
    title: 't',
    pathOnClient: 'p',
    ownerId: OWNER,
    lastModifiedDate: 'x',
    contentModifiedDate: null,
    versionNumber: '1',
    contentHash: 'h',
    contentSize: 1,
    fileType: null,
    links: links.map((linkedEntityId) => ({ linkedEntityId, shareType: 'V', visibility: 'AllUsers' })),
  });
  const attachment = (id: string, parentId: string): BackedUpAttachment => ({
    id,
    parentId,
    name: 'a',
    contentType: null,
    isPrivate: false,
    ownerId: OWNER,
    description: null,
    lastModifiedDate: 'x',
    bodyHash: null,
    bodyLength: 0,
  });

  it('moves a record onto its copy, with every link to it, its files’ links and its attachments’ parent', () => {
    const copies = new Map([
      [A, A_COPY],
      [C, C_COPY],
    ]);
    const account = record('Account', A.slice(0, 15), { Name: 'a' });
    const contact = record('Contact', C, { AccountId: A });
    const other = record('Account', B, { Name: 'b' });
    const moved = moveToCopies(
      {
        schema: { objects: [] },
        records: [account, contact, other],
        files: [file([A, B]), file([B])],
        attachments: [attachment(makeId('00P', 1), A), attachment(makeId('00P', 2), B)],
      },
      copies,
    );
    expect(moved.records).toEqual([
      { ...account, id: A_COPY, fields: { ...account.fields, Id: A_COPY } },
      { ...contact, id: C_COPY, fields: { ...contact.fields, Id: C_COPY, AccountId: A_COPY } },
      other,
    ]);
    expect(moved.records[2]).toBe(other);
    expect(moved.files[0]!.links.map((l) => l.linkedEntityId)).toEqual([A_COPY, B]);
    expect(moved.files[0]!.links[0]).toEqual({ linkedEntityId: A_COPY, shareType: 'V', visibility: 'AllUsers' });
    expect(moved.files[0]!.contentDocumentId).toBe(makeId('069', 1));
    const unmoved = file([B]);
    expect(moved.files[1]).toEqual(unmoved);
    expect(moved.attachments.map((a) => [a.id, a.parentId])).toEqual([
      [makeId('00P', 1), A_COPY],
      [makeId('00P', 2), B],
    ]);
  });

  it('leaves a slice with no copies as it was, item by item', () => {
    const slice = {
      schema: { objects: [] },
      records: [record('Account', A)],
      files: [file([A])],
      attachments: [attachment(makeId('00P', 1), A)],
    };
    const moved = moveToCopies(slice, new Map());
    expect(moved.records[0]).toBe(slice.records[0]);
    expect(moved.files[0]).toBe(slice.files[0]);
    expect(moved.attachments[0]).toBe(slice.attachments[0]);
  });
});

describe('attachmentAsRecord', () => {
  it('R13 turns an Objects/Attachment item into an Attachment record with its metadata', () => {
    const a: BackedUpAttachment = {
      id: makeId('00P', 1),
      parentId: A,
      name: 'n.txt',
      contentType: 'text/plain',
      isPrivate: true,
      ownerId: OWNER,
      description: 'd',
      lastModifiedDate: '2025-01-01T00:00:00.000+0000',
      bodyHash: null,
      bodyLength: 12,
    };
    expect(attachmentAsRecord(a)).toEqual({
      id: a.id,
      type: 'Attachment',
      lastModifiedDate: a.lastModifiedDate,
      fields: {
        Id: a.id,
        ParentId: A,
        Name: 'n.txt',
        ContentType: 'text/plain',
        IsPrivate: true,
        OwnerId: OWNER,
        Description: 'd',
        BodyLength: 12,
        LastModifiedDate: a.lastModifiedDate,
      },
    });
  });
});

describe('mandatoryLinksOf', () => {
  it('lists master-detail and required lookups of the types written, in schema order', () => {
    const schema = {
      objects: [
        object('Contact', '003', [fields.lookup('AccountId', 'Account'), fields.lookup('Req__c', 'Account', true)]),
        object('Detail__c', 'a00', [fields.masterDetail('Contact__c', 'Contact'), fields.owner()]),
        object('Skipped__c', 'a01', [fields.masterDetail('Contact__c', 'Contact')]),
      ],
    };
    expect(mandatoryLinksOf(schema, new Set(['Contact', 'Detail__c']))).toEqual([
      'Contact.Req__c',
      'Detail__c.Contact__c',
    ]);
    expect(mandatoryLinksOf(schema, new Set())).toEqual([]);
  });
});
