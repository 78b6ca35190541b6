// R12–R19 on the file and attachment planners alone, with a hand-made view of the planned records:
// which links a file keeps, the owner's link, actions from the live state, attachments' parents.
import { makeId } from '@restorelab/salesforce';
import type { BackedUpAttachment, BackedUpFile, BackedUpRecord } from '@restorelab/snapshots';
import { describe, expect, it } from 'vitest';
import { planAttachments, planFiles, type RecordLookup } from './files.ts';
import { NONE } from './shared.ts';
import type { LiveAttachment, LiveFile, LiveReference, OrgState, PlannedRecord } from './types.ts';

const ADMIN = makeId('005', 1);
const OWNER = makeId('005', 2);
const OTHER_USER = makeId('005', 3);
const A = makeId('001', 1);
const B = makeId('001', 2);
const GONE = makeId('001', 3);
const OUTSIDE = makeId('001', 4);
const DOC = (n: number) => makeId('069', n);
const ATT = (n: number) => makeId('00P', n);
const T1 = '2025-01-01T00:00:00.000+0000';
const T2 = '2025-06-01T00:00:00.000+0000';

function planned(sourceId: string, action: PlannedRecord['action']): PlannedRecord {
  return { sourceId, action, files: NONE, attachments: NONE } as unknown as PlannedRecord;
}

/** `isNew` for the ids given as new; every planned record otherwise exists in the org. */
function lookup(records: PlannedRecord[], fresh: string[] = []): RecordLookup {
  const byId = new Map(records.map((r) => [r.sourceId, r]));
  return { get: (id) => byId.get(id), isNew: (id) => fresh.includes(id) };
}

function org(
  o: {
    files?: Record<string, LiveFile>;
    references?: Record<string, LiveReference>;
    attachments?: Record<string, LiveAttachment>;
  } = {},
): OrgState {
  return {
    records: new Map(),
    references: new Map(Object.entries(o.references ?? {})),
    files: new Map(Object.entries(o.files ?? {})),
    attachments: o.attachments ? new Map(Object.entries(o.attachments)) : undefined,
    masterPicklistValues: {},
  };
}

function file(n: number, linked: string[], extra: Partial<BackedUpFile> = {}): BackedUpFile {
  return {
    contentDocumentId: DOC(n),
    latestVersionId: makeId('068', n),
    title: `File ${n}`,
    pathOnClient: `f${n}.txt`,
    ownerId: OWNER,
    lastModifiedDate: T1,
    contentModifiedDate: null,
    versionNumber: '1',
    contentHash: `hash-${n}`,
    contentSize: 10 * n,
    fileType: 'TEXT',
    links: linked.map((linkedEntityId) => ({ linkedEntityId, shareType: 'V', visibility: 'AllUsers' })),
    ...extra,
  };
}

const exists = (lastModifiedDate: string, contentHash: string): LiveFile => ({
  state: 'exists',
  lastModifiedDate,
  latestVersionId: 'v',
  contentHash,
});

describe('planFiles', () => {
  it('plans a new file with its backed-up details, the admin as creator and every link plus the owner’s', () => {
    const a = planned(A, 'create');
    const [f, ...rest] = planFiles([file(1, [A, OUTSIDE])], lookup([a]), org(), ADMIN);
    expect(rest).toEqual([]);
    expect(f).toEqual({
      itemId: `file:${DOC(1)}`,
      contentDocumentId: DOC(1),
      latestVersionId: makeId('068', 1),
      title: 'File 1',
      pathOnClient: 'f1.txt',
      ownerId: OWNER,
      createdById: ADMIN,
      placement: 'ownerLibrary',
      modifiedAt: 'restoreTime',
      contentHash: 'hash-1',
      contentSize: 10,
      followsRecords: [A],
      action: 'create',
      links: [
        { linkedEntityId: A, shareType: 'V', visibility: 'AllUsers', rewriteToNewId: true, ownerLink: false },
        { linkedEntityId: OUTSIDE, shareType: 'V', visibility: 'AllUsers', rewriteToNewId: false, ownerLink: false },
        { linkedEntityId: OWNER, shareType: 'I', visibility: 'AllUsers', rewriteToNewId: false, ownerLink: true },
      ],
    });
    expect(a.files).toEqual([DOC(1)]);
  });

  it('keeps a backed-up owner link as the owner’s, without adding a second one', () => {
    const f = planFiles([file(1, [A, OWNER])], lookup([planned(A, 'overwrite')]), org(), ADMIN)[0]!;
    expect(f.links.map((l) => [l.linkedEntityId, l.ownerLink, l.rewriteToNewId])).toEqual([
      [A, false, false],
      [OWNER, true, false],
    ]);
  });

  it('leaves out files attached to no record of the restore (R12), and plans a document once', () => {
    const a = planned(A, 'create');
    const files = planFiles(
      [file(2, [A]), file(9, [OUTSIDE]), file(1, [A, A]), { ...file(2, [A]), title: 'again' }],
      lookup([a]),
      org(),
      ADMIN,
    );
    expect(files.map((f) => [f.contentDocumentId, f.title])).toEqual([
      [DOC(1), 'File 1'],
      [DOC(2), 'File 2'],
    ]);
    expect(a.files).toEqual([DOC(1), DOC(2)]);
    expect(files[0]!.followsRecords).toEqual([A]);
  });

  it('follows every record it is attached to, and fails only when all of them fail', () => {
    const ok = planned(A, 'create');
    const bad = planned(B, 'willFail');
    const both = planFiles([file(1, [A, B])], lookup([ok, bad], [A, B]), org(), ADMIN)[0]!;
    expect(both.action).toBe('create');
    expect(both.followsRecords).toEqual([A, B]);
    // The link to the failing new record is dropped; the owner's is added.
    expect(both.links.map((l) => l.linkedEntityId)).toEqual([A, OWNER]);
    expect(bad.files).toEqual([DOC(1)]);

    const failing = planFiles([file(1, [B])], lookup([planned(B, 'willFail')], [B]), org(), ADMIN)[0]!;
    expect(failing.action).toBe('willFail');
    expect(failing.links).toEqual([]);
    expect(failing.failure).toEqual({
      code: 'ALL_RECORDS_WILL_FAIL',
      message: 'every record this file is attached to will fail',
    });
    expect(failing.targetContentDocumentId).toBeUndefined();
  });

  it('keeps a link to a failing record the org still has, and drops links to deleted outside records', () => {
    const f = planFiles(
      [file(1, [A, B, GONE])],
      lookup([planned(A, 'create'), planned(B, 'willFail')]),
      org({ references: { [GONE]: 'deleted', [OUTSIDE]: 'exists' } }),
      ADMIN,
    )[0]!;
    expect(f.links.map((l) => l.linkedEntityId)).toEqual([A, B, OWNER]);
  });

  it('R19 takes its action from the live document: absent → create, same instant → skip, same content → overwrite, else newVersion', () => {
    const a = () => lookup([planned(A, 'overwrite')]);
    const action = (live: LiveFile | undefined) => {
      const f = planFiles([file(1, [A])], a(), org({ files: live ? { [DOC(1)]: live } : {} }), ADMIN)[0]!;
      return [f.action, f.targetContentDocumentId];
    };
    expect(action(undefined)).toEqual(['create', undefined]);
    expect(action({ state: 'absent' })).toEqual(['create', undefined]);
    expect(action(exists('2025-01-01T00:00:00Z', 'other'))).toEqual(['skip', undefined]);
    expect(action(exists(T2, 'hash-1'))).toEqual(['overwrite', DOC(1)]);
    expect(action(exists(T2, 'other'))).toEqual(['newVersion', DOC(1)]);
  });

  it('R17 a file still in the org plans only the links it lacks or shares otherwise, never the owner’s', () => {
    const live: LiveFile = {
      state: 'exists',
      lastModifiedDate: T2,
      latestVersionId: 'v',
      contentHash: 'other',
      links: [
        { linkedEntityId: OWNER, shareType: 'I', visibility: 'AllUsers' },
        { linkedEntityId: A, shareType: 'V', visibility: 'AllUsers' },
        { linkedEntityId: B, shareType: 'C', visibility: 'AllUsers' },
      ],
    };
    const [f] = planFiles(
      [file(1, [A, B, OUTSIDE, OWNER])],
      lookup([planned(A, 'overwrite'), planned(B, 'overwrite')]),
      org({ files: { [DOC(1)]: live } }),
      ADMIN,
    );
    expect(f!.action).toBe('newVersion');
    // A is there as backed up (nothing to write), B is shared otherwise (changed), OUTSIDE is missing.
    expect(f!.links.map((l) => [l.linkedEntityId, l.change ?? 'create'])).toEqual([
      [B, 'overwrite'],
      [OUTSIDE, 'create'],
    ]);
    // Not told the live links, the plan keeps every backed-up link and the owner's (as before).
    const [blind] = planFiles(
      [file(1, [A])],
      lookup([planned(A, 'overwrite')]),
      org({ files: { [DOC(1)]: exists(T2, 'other') } }),
      ADMIN,
    );
    expect(blind!.links.map((l) => l.linkedEntityId)).toEqual([A, OWNER]);
  });

  it('a skipped file still writes its links to re-created records, and nothing else', () => {
    const f = planFiles(
      [file(1, [A, B, OWNER])],
      lookup([planned(A, 'create'), planned(B, 'overwrite')]),
      org({ files: { [DOC(1)]: exists(T1, 'hash-1') } }),
      ADMIN,
    )[0]!;
    expect(f.action).toBe('skip');
    expect(f.links.map((l) => l.linkedEntityId)).toEqual([A]);
  });

  it('a skipped file with an owner who is also a re-created link target writes no owner link', () => {
    const user = planned(OTHER_USER, 'create');
    const f = planFiles(
      [file(1, [OTHER_USER], { ownerId: OTHER_USER })],
      lookup([user]),
      org({ files: { [DOC(1)]: exists(T1, 'x') } }),
      ADMIN,
    )[0]!;
    expect(f.links).toEqual([]);
  });

  it('matches 15-character link ids to the 18-character ids of planned records', () => {
    const a = planned(A, 'create');
    const f = planFiles([file(1, [A.slice(0, 15)])], lookup([a]), org(), ADMIN)[0]!;
    expect(f.followsRecords).toEqual([A]);
    expect(f.links[0]).toMatchObject({ linkedEntityId: A.slice(0, 15), rewriteToNewId: true });
  });
});

function attachment(n: number, parentId: string, extra: Partial<BackedUpAttachment> = {}): BackedUpAttachment {
  return {
    id: ATT(n),
    parentId,
    name: `a${n}.txt`,
    contentType: 'text/plain',
    isPrivate: false,
    ownerId: OWNER,
    description: null,
    lastModifiedDate: T1,
    bodyHash: `body-${n}`,
    bodyLength: 5,
    ...extra,
  };
}

function attachmentRecord(n: number, fields: Record<string, unknown>): BackedUpRecord {
  return { id: ATT(n), type: 'Attachment', lastModifiedDate: T1, fields: { Id: ATT(n), ...fields } };
}

describe('planAttachments', () => {
  it('plans an attachment under its re-created parent, with its body', () => {
    const a = planned(A, 'create');
    const [p, ...rest] = planAttachments([attachment(1, A), attachment(2, OUTSIDE)], [], lookup([a], [A]), org());
    expect(rest).toEqual([]);
    expect(p).toEqual({
      itemId: `attachment:${ATT(1)}`,
      sourceId: ATT(1),
      action: 'create',
      parentSourceId: A,
      parentRewrite: true,
      metadataOnly: false,
      bodyHash: 'body-1',
      name: 'a1.txt',
      contentType: 'text/plain',
      isPrivate: false,
      ownerId: OWNER,
      description: null,
    });
    expect(a.attachments).toEqual([ATT(1)]);
  });

  it('R13 an Objects/Attachment record restores as metadata only, with defaults for missing fields', () => {
    const [p] = planAttachments([], [attachmentRecord(1, { ParentId: OUTSIDE, IsPrivate: 'yes' })], lookup([]), org());
    expect(p).toMatchObject({
      sourceId: ATT(1),
      action: 'create',
      parentSourceId: OUTSIDE,
      parentRewrite: false,
      metadataOnly: true,
      bodyHash: null,
      name: ATT(1),
      contentType: null,
      isPrivate: false,
      ownerId: '',
      description: null,
    });
    const [q] = planAttachments(
      [],
      [
        attachmentRecord(2, {
          ParentId: A,
          Name: 'n',
          ContentType: 'c',
          IsPrivate: true,
          OwnerId: OWNER,
          Description: 'd',
        }),
      ],
      lookup([planned(A, 'overwrite')]),
      org(),
    );
    expect(q).toMatchObject({ name: 'n', contentType: 'c', isPrivate: true, ownerId: OWNER, description: 'd' });
    const [r] = planAttachments([], [attachmentRecord(3, {})], lookup([]), org());
    expect(r!.parentSourceId).toBe('');
  });

  it('an Attachments-folder copy with a body replaces the Objects/Attachment record of the same id', () => {
    const [p, ...rest] = planAttachments(
      [attachment(1, OUTSIDE, { name: 'with body' })],
      [attachmentRecord(1, { ParentId: OUTSIDE, Name: 'metadata' })],
      lookup([]),
      org(),
    );
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ name: 'with body', metadataOnly: false, bodyHash: 'body-1' });
  });

  it('an attachment kept without a body is metadata only', () => {
    const [p] = planAttachments([attachment(1, A, { bodyHash: null })], [], lookup([planned(A, 'skip')]), org());
    expect(p).toMatchObject({ metadataOnly: true, bodyHash: null, parentRewrite: false });
  });

  it('sorts attachments by id', () => {
    const a = planned(A, 'overwrite');
    const out = planAttachments([attachment(3, A), attachment(1, A), attachment(2, A)], [], lookup([a]), org());
    expect(out.map((p) => p.sourceId)).toEqual([ATT(1), ATT(2), ATT(3)]);
    expect(a.attachments).toEqual([ATT(1), ATT(2), ATT(3)]);
  });

  it('fails when the parent will not exist: a failing new record, or a deleted outside record', () => {
    const failing = planAttachments([attachment(1, A)], [], lookup([planned(A, 'willFail')], [A]), org())[0]!;
    expect(failing.action).toBe('willFail');
    expect(failing.failure).toEqual({
      code: 'PARENT_WILL_FAIL',
      message: `parent ${A} will not exist after the restore`,
    });
    const stillThere = planAttachments([attachment(1, A)], [], lookup([planned(A, 'willFail')]), org())[0]!;
    expect(stillThere.action).toBe('create');
    expect(stillThere.failure).toBeUndefined();
    const deleted = planAttachments(
      [],
      [attachmentRecord(1, { ParentId: GONE })],
      lookup([]),
      org({ references: { [GONE]: 'deleted' } }),
    )[0]!;
    expect(deleted.action).toBe('willFail');
  });

  it('R07 takes overwrite or skip from the live attachment', () => {
    const action = (live: LiveAttachment | undefined) =>
      planAttachments(
        [attachment(1, A)],
        [],
        lookup([planned(A, 'overwrite')]),
        org({ attachments: live ? { [ATT(1)]: live } : {} }),
      )[0]!.action;
    expect(action(undefined)).toBe('create');
    expect(action({ state: 'absent' })).toBe('create');
    expect(action({ state: 'exists', lastModifiedDate: '2025-01-01T00:00:00Z' })).toBe('skip');
    expect(action({ state: 'exists', lastModifiedDate: T2 })).toBe('overwrite');
  });
});
