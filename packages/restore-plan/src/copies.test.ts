// Following earlier restores' copies: a file or attachment an earlier job re-created is that item now.
import { makeId } from '@restorelab/salesforce';
import type { BackedUpAttachment, BackedUpFile } from '@restorelab/snapshots';
import { describe, expect, it } from 'vitest';
import { copyableIds, moveToCopies } from './copies.ts';
import { exists, fields, input, NEW, OLD, object, record } from './fixtures.ts';
import { planRestore } from './plan-restore.ts';
import type { SnapshotSlice } from './types.ts';

const ACC = makeId('001', 1);
const OWNER = makeId('005', 7);
const DOC = makeId('069', 1);
const DOC_COPY = makeId('069', 2);
const ATT = makeId('00P', 1);
const ATT_COPY = makeId('00P', 2);
const Account = object('Account', '001', [fields.text('Name'), fields.owner()]);

const file: BackedUpFile = {
  contentDocumentId: DOC,
  latestVersionId: makeId('068', 1),
  title: 'Logo',
  pathOnClient: 'logo.png',
  ownerId: OWNER,
  lastModifiedDate: OLD,
  contentModifiedDate: OLD,
  versionNumber: '1',
  contentHash: 'hash-1',
  contentSize: 10,
  fileType: 'PNG',
  links: [{ linkedEntityId: ACC, shareType: 'V', visibility: 'AllUsers' }],
};
const attachment: BackedUpAttachment = {
  id: ATT,
  parentId: ACC,
  name: 'log.txt',
  contentType: 'text/plain',
  isPrivate: false,
  ownerId: OWNER,
  description: null,
  lastModifiedDate: OLD,
  bodyHash: 'body-1',
  bodyLength: 4,
};
const slice: SnapshotSlice = {
  schema: { objects: [Account] },
  records: [record('Account', ACC, { Name: 'Globex' })],
  files: [file],
  attachments: [attachment],
};

describe('R19 R07 items an earlier restore re-created', () => {
  it('documents and attachments are among the ids whose copies are looked up', () => {
    expect(copyableIds({ recordIds: [ACC], contentDocumentIds: [DOC], attachmentIds: [ATT] })).toEqual([ACC, DOC, ATT]);
  });

  it('moves a file and an attachment onto their live copies, the rest of the slice as it was', () => {
    const moved = moveToCopies(
      slice,
      new Map([
        [DOC, DOC_COPY],
        [ATT, ATT_COPY],
      ]),
    );
    expect(moved.files[0]).toEqual({ ...file, contentDocumentId: DOC_COPY });
    expect(moved.attachments[0]).toEqual({ ...attachment, id: ATT_COPY });
    expect(moved.records).toEqual(slice.records);
    expect(moveToCopies(slice, new Map())).toEqual({
      records: slice.records,
      files: slice.files,
      attachments: slice.attachments,
    });
  });

  it('a moved file and attachment are planned against the copy: written over it, never created again', () => {
    const copies = new Map([
      [DOC, DOC_COPY],
      [ATT, ATT_COPY],
    ]);
    const moved = { ...slice, ...moveToCopies(slice, copies) };
    const base = input({
      root: ACC,
      method: 'record',
      objects: [Account],
      records: [...moved.records],
      files: moved.files,
      attachments: moved.attachments,
      live: { [ACC]: exists(OLD) },
    });
    const liveFile = (contentHash: string) =>
      new Map([
        [DOC_COPY, { state: 'exists' as const, lastModifiedDate: NEW, latestVersionId: makeId('068', 2), contentHash }],
      ]);
    const plan = (contentHash: string) =>
      planRestore({
        ...base,
        org: {
          ...base.org,
          files: liveFile(contentHash),
          attachments: new Map([[ATT_COPY, { state: 'exists', lastModifiedDate: NEW }]]),
        },
      });
    const same = plan('hash-1');
    expect(same.files[0]).toMatchObject({ action: 'overwrite', targetContentDocumentId: DOC_COPY });
    expect(same.attachments[0]).toMatchObject({ action: 'overwrite', sourceId: ATT_COPY });
    expect(same.summary.files.create + same.summary.attachments.create).toBe(0);
    expect(plan('other').files[0]).toMatchObject({ action: 'newVersion', targetContentDocumentId: DOC_COPY });
  });
});
