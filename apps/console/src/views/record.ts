// A record as backed up (fields, children, files, attachments, with previews and downloads) and the
// restore choice; the pages of a single file and a single attachment.
import type { BackedUpAttachment, BackedUpFile, RecordPreview, SnapshotInfo } from '@restorelab/planner-api';
import type { ContentInfo } from '../content.ts';
import { badge, bytes, csrfField, type Html, h, itemUrl, page, snapshotUrl, valueText, when } from './layout.ts';
import { shareForm } from './share.ts';
import { snapshotCrumbs } from './snapshots.ts';
import { shareTypeWords, visibilityWords } from './words.ts';

export interface RecordPageData {
  snapshot: SnapshotInfo;
  preview: RecordPreview;
  /** Reference field values that are records of this snapshot, with their names (shown and linked). */
  linkable: ReadonlyMap<string, string>;
  /** The content of each file and attachment as its download serves it (absent: none backed up). */
  fileContents: ReadonlyMap<string, ContentInfo>;
  attachmentContents: ReadonlyMap<string, ContentInfo>;
}

export function recordPage(csrf: string, data: RecordPageData): Html {
  const { snapshot, preview: p } = data;
  const r = p.record;
  const title = p.name || r.id;
  return page(
    { title, csrf, crumbs: [...snapshotCrumbs(snapshot, `Objects/${r.type}`), { label: title }] },
    h`<p>${r.type} record <code>${r.id}</code>, last modified ${when(r.lastModifiedDate)}
${p.downloadOnly ? badge('download only', 'warn') : ''}</p>
<div class="actions">
  <a class="button secondary" href="${snapshotUrl(snapshot.id, `/records/${encodeURIComponent(r.id)}/download`)}" download>Download as JSON</a>
</div>
${shareForm(csrf, snapshot.id, 'record', r.id)}
${p.downloadOnly ? h`<p class="notice notice-warn">Records of type ${r.type} cannot be restored into an org; download them instead.</p>` : restoreForm(csrf, snapshot.id, r.id, 'record')}
${
  p.standardStatus
    ? h`<p class="notice">The backed-up ${p.standardStatus.field} is “${valueText(p.standardStatus.value) ?? 'empty'}”. It is
shown here but not restored: set it by hand after the restore if it matters.</p>`
    : ''
}
<h2 id="fields">Fields as backed up</h2>
<table aria-labelledby="fields">
  <thead><tr><th scope="col">Field</th><th scope="col">API name</th><th scope="col">Value</th></tr></thead>
  <tbody>
  ${p.fields.map((f) => {
    const text = valueText(f.value);
    const linked = f.type === 'reference' && typeof f.value === 'string' ? data.linkable.get(f.value) : undefined;
    return h`<tr><th scope="row">${f.label}</th><td><code>${f.name}</code></td>
    <td>${text === undefined ? h`<span class="empty">empty</span>` : linked !== undefined ? referenceLink(snapshot.id, text, linked) : text}
    ${f.standardStatus ? badge('not restored', 'info') : ''}</td></tr>`;
  })}
  </tbody>
</table>
<h2 id="children">Children (${p.children.length})</h2>
${
  p.children.length === 0
    ? h`<p class="empty">No records beneath this one in the snapshot.</p>`
    : h`<table aria-labelledby="children"><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Linked by</th></tr></thead>
  <tbody>${p.children.map(
    (c) => h`<tr><th scope="row"><a href="${itemUrl(snapshot.id, 'record', c.id)}">${c.name || c.id}</a></th>
    <td>${c.type}</td><td><code>${c.field}</code></td></tr>`,
  )}</tbody></table>`
}
<h2 id="files">Files (${p.files.length})</h2>
${
  p.files.length === 0
    ? h`<p class="empty">No files on this record.</p>`
    : p.files.map((f) => fileBlock(snapshot.id, f, data.fileContents.get(f.contentDocumentId)))
}
<h2 id="attachments">Attachments (${p.attachments.length})</h2>
${
  p.attachments.length === 0
    ? h`<p class="empty">No attachments on this record.</p>`
    : p.attachments.map((a) => attachmentBlock(snapshot.id, a, data.attachmentContents.get(a.id)))
}`,
  );
}

/** A reference to a record of the snapshot: its name, linked, with the id on hover (the id when unnamed). */
const referenceLink = (snapshotId: string, id: string, name: string): Html =>
  h`<a href="${itemUrl(snapshotId, 'record', id)}" title="${id}">${name || id}</a>`;

export function restoreForm(csrf: string, snapshotId: string, id: string, kind: 'record' | 'attachment'): Html {
  return h`<form method="post" action="${snapshotUrl(snapshotId, `/restore`)}">
  ${csrfField(csrf)}
  <input type="hidden" name="recordId" value="${id}">
  <fieldset>
    <legend>Restore ${kind === 'attachment' ? 'this attachment record' : 'this record'}</legend>
    <label class="choice"><input type="radio" name="method" value="record" checked aria-describedby="method-record-hint"> Only this record</label>
    <p class="hint" id="method-record-hint">Writes this one record (with its files and attachments), nothing beneath it.</p>
    <label class="choice"><input type="radio" name="method" value="related" aria-describedby="method-related-hint"> Also related records</label>
    <p class="hint" id="method-related-hint">Also writes every record beneath it in the snapshot (children, their children …).</p>
    <button type="submit">Show the restore summary</button>
    <p class="hint">Nothing is written until you confirm the summary.</p>
  </fieldset>
</form>`;
}

function previewOf(content: ContentInfo | undefined, alt: string): Html {
  const preview = content?.preview;
  if (!preview) return h``;
  if (preview.kind === 'image') return h`<p><img class="preview" src="${preview.src}" alt="Preview of ${alt}"></p>`;
  return h`<details><summary>Preview the text${preview.truncated ? ' (first part)' : ''}</summary>
<pre class="preview">${preview.text}</pre></details>`;
}

/** A file's name and type as its download gives them (its title and file type when there is none). */
function fileNaming(f: BackedUpFile, content: ContentInfo | undefined): { name: string; type: string } {
  return { name: content?.fileName ?? f.title, type: content?.contentType ?? f.fileType ?? 'unknown type' };
}

function fileBlock(snapshotId: string, f: BackedUpFile, content: ContentInfo | undefined): Html {
  const { name, type } = fileNaming(f, content);
  return h`<section aria-label="File ${name}">
<h3><a href="${itemUrl(snapshotId, 'file', f.contentDocumentId)}">${name}</a></h3>
<p>${bytes(f.contentSize)} · ${type} · version ${f.versionNumber} ·
<a href="${snapshotUrl(snapshotId, `/files/${encodeURIComponent(f.contentDocumentId)}/download`)}" download>Download ${name}</a></p>
${previewOf(content, name)}
</section>`;
}

function attachmentBlock(snapshotId: string, a: BackedUpAttachment, content: ContentInfo | undefined): Html {
  return h`<section aria-label="Attachment ${a.name}">
<h3><a href="${itemUrl(snapshotId, 'attachment', a.id)}">${a.name}</a></h3>
<p>${bytes(a.bodyLength)} · ${a.contentType ?? content?.contentType ?? 'unknown type'} ·
${
  a.bodyHash === null
    ? h`<span class="empty">content not backed up</span>`
    : h`<a href="${snapshotUrl(snapshotId, `/attachments/${encodeURIComponent(a.id)}/download`)}" download>Download ${a.name}</a>`
}</p>
${previewOf(content, a.name)}
</section>`;
}

export function filePage(
  csrf: string,
  snapshot: SnapshotInfo,
  f: BackedUpFile,
  content: ContentInfo | undefined,
  linkedRecords: ReadonlyMap<string, string>,
): Html {
  const { name } = fileNaming(f, content);
  return page(
    { title: name, csrf, crumbs: [...snapshotCrumbs(snapshot, 'Files'), { label: name }] },
    h`<p>File <code>${f.contentDocumentId}</code>, version ${f.versionNumber}, ${bytes(f.contentSize)}, modified ${when(f.lastModifiedDate)}</p>
<p class="notice">Files are restored with the records they are shared with; restore one of those records to bring this file back.</p>
<div class="actions"><a class="button" href="${snapshotUrl(snapshot.id, `/files/${encodeURIComponent(f.contentDocumentId)}/download`)}" download>Download ${name}</a></div>
${shareForm(csrf, snapshot.id, 'file', f.contentDocumentId)}
${previewOf(content, name)}
<h2 id="links">Shared with (${f.links.length})</h2>
<ul aria-labelledby="links">${f.links.map((l) => {
      const label = linkedRecords.get(l.linkedEntityId);
      return h`<li>${label ? h`<a href="${itemUrl(snapshot.id, 'record', l.linkedEntityId)}">${label}</a>` : h`<code>${l.linkedEntityId}</code>`}
  — ${shareTypeWords(l.shareType)}, visible to ${visibilityWords(l.visibility)}</li>`;
    })}</ul>`,
  );
}

export function attachmentPage(
  csrf: string,
  snapshot: SnapshotInfo,
  a: BackedUpAttachment,
  content: ContentInfo | undefined,
  parentName: string | undefined,
): Html {
  return page(
    { title: a.name, csrf, crumbs: [...snapshotCrumbs(snapshot, 'Attachments'), { label: a.name }] },
    h`<p>Attachment <code>${a.id}</code>, ${bytes(a.bodyLength)}, modified ${when(a.lastModifiedDate)}, on
${parentName !== undefined ? h`<a href="${itemUrl(snapshot.id, 'record', a.parentId)}">${parentName || a.parentId}</a>` : h`<code>${a.parentId}</code>`}</p>
${a.description ? h`<p>${a.description}</p>` : ''}
<div class="actions">${
      a.bodyHash === null
        ? h`<span class="empty">The content was not backed up.</span>`
        : h`<a class="button secondary" href="${snapshotUrl(snapshot.id, `/attachments/${encodeURIComponent(a.id)}/download`)}" download>Download ${a.name}</a>`
    }</div>
${a.bodyHash === null ? '' : shareForm(csrf, snapshot.id, 'attachment', a.id)}
${previewOf(content, a.name)}
<p class="notice">An attachment record restores as metadata only: its content cannot be written back.</p>
${restoreForm(csrf, snapshot.id, a.id, 'attachment')}`,
  );
}
