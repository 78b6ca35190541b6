// Orgs, the snapshots viewer (going back in time), folder listings and search results.
import type { BrowseEntry, Listing, Org, SearchHit, SnapshotInfo } from '@restorelab/planner-api';
import { CONSOLE_BASE } from '../guard.ts';
import {
  badge,
  bytes,
  type Crumb,
  csrfField,
  folderUrl,
  type Html,
  h,
  itemUrl,
  page,
  seg,
  snapshotUrl,
  when,
} from './layout.ts';

export function orgsPage(csrf: string, orgs: Org[], connectedOrg: string | undefined): Html {
  return page(
    { title: 'Orgs and snapshots', csrf },
    h`<p>Pick an org to see its snapshots, then browse or search a snapshot to find what to restore.</p>
<table>
  <caption>Orgs with backups</caption>
  <thead><tr><th scope="col">Org</th><th scope="col" class="num">Snapshots</th><th scope="col">Latest snapshot</th><th scope="col">Restores go to</th></tr></thead>
  <tbody>
  ${
    orgs.length === 0
      ? h`<tr><td colspan="4" class="empty">No snapshots yet: take a backup of the connected org.</td></tr>`
      : orgs.map(
          (o) => h`<tr>
    <th scope="row"><a href="${CONSOLE_BASE}/orgs/${seg(o.orgId)}">${o.orgId}</a></th>
    <td class="num">${o.snapshots}</td>
    <td>${o.latest ? h`<a href="${folderUrl(o.latest.id, '')}">${when(o.latest.takenAt)}</a>${o.latest.partial ? partialBadge() : ''}` : h`<span class="empty">none</span>`}</td>
    <td>${o.connected ? badge('connected org', 'ok') : h`<span class="empty">not connected</span>`}</td>
  </tr>`,
        )
  }
  </tbody>
</table>
${backupForm(csrf, connectedOrg)}`,
  );
}

export function backupForm(csrf: string, connectedOrg: string | undefined): Html {
  if (!connectedOrg) return h``;
  return h`<form method="post" action="${CONSOLE_BASE}/backup" class="actions">
  ${csrfField(csrf)}
  <button type="submit">Take a backup of ${connectedOrg} now</button>
  <span class="hint">Reads every object, file and attachment of the connected org into a new snapshot.</span>
</form>`;
}

export function snapshotsPage(csrf: string, orgId: string, snapshots: SnapshotInfo[], connected: boolean): Html {
  return page(
    {
      title: `Snapshots of ${orgId}`,
      csrf,
      crumbs: [{ label: 'Orgs', href: CONSOLE_BASE }, { label: orgId }],
    },
    h`<p>Newest first. Restores use the snapshot you browse from; pick an older one to go back in time.</p>
<table>
  <caption>Snapshots</caption>
  <thead><tr><th scope="col">Taken at</th><th scope="col">Snapshot</th><th scope="col" class="num">Records</th>
  <th scope="col" class="num">Files</th><th scope="col" class="num">Attachments</th><th scope="col">State</th></tr></thead>
  <tbody>
  ${snapshots.map(
    (s, i) => h`<tr>
    <th scope="row"><a href="${folderUrl(s.id, '')}">${when(s.takenAt)}</a>${i === 0 ? badge('latest', 'ok') : ''}</th>
    <td><code>${s.id}</code></td>
    <td class="num">${s.counts.records}</td><td class="num">${s.counts.files}</td><td class="num">${s.counts.attachments}</td>
    <td>${s.complete ? badge('complete', 'ok') : badge('incomplete', 'bad')}${s.partial ? partialBadge() : ''}</td>
  </tr>`,
  )}
  </tbody>
</table>
${connected ? backupForm(csrf, orgId) : ''}`,
  );
}

/** A snapshot of chosen objects: it holds part of the org. */
export function partialBadge(): Html {
  return badge('partial', 'warn', 'Only chosen objects were backed up: this snapshot holds part of the org');
}

export function snapshotCrumbs(snapshot: SnapshotInfo, path: string): Crumb[] {
  const crumbs: Crumb[] = [
    { label: 'Orgs', href: CONSOLE_BASE },
    { label: snapshot.orgId, href: `${CONSOLE_BASE}/orgs/${seg(snapshot.orgId)}` },
    { label: `Snapshot ${snapshot.takenAt.slice(0, 19).replace('T', ' ')}`, href: folderUrl(snapshot.id, '') },
  ];
  const parts = path.split('/').filter(Boolean);
  parts.forEach((part, i) => {
    crumbs.push({ label: part, href: folderUrl(snapshot.id, parts.slice(0, i + 1).join('/')) });
  });
  return crumbs;
}

/** A restore summary's trail: through its org and snapshot (when the snapshot is still there) to its root record. */
export function restoreCrumbs(
  snapshot: SnapshotInfo | undefined,
  root: { label: string; href: string },
  last: string,
): Crumb[] {
  const upTo = snapshot ? snapshotCrumbs(snapshot, '') : [{ label: 'Orgs', href: CONSOLE_BASE }];
  return [...upTo, root, { label: last }];
}

export function searchForm(snapshotId: string, query = ''): Html {
  return h`<search><form method="get" action="${snapshotUrl(snapshotId, '/search')}" class="search" role="search">
  <label for="q">Search this snapshot</label>
  <input type="search" id="q" name="q" value="${query}" placeholder="name, id or text" required maxlength="500">
  <button type="submit">Search</button>
</form></search>`;
}

const PAGE_SIZE = 50;
export const FOLDER_PAGE_SIZE = PAGE_SIZE;

export function folderPage(csrf: string, snapshot: SnapshotInfo, listing: Listing, offset: number): Html {
  const title = listing.path === '' ? `Snapshot of ${snapshot.orgId}` : listing.path;
  const pager = pagerLinks(folderUrl(snapshot.id, listing.path), offset, listing.entries.length, listing.total);
  return page(
    { title, csrf, crumbs: snapshotCrumbs(snapshot, listing.path) },
    h`<p>Taken ${when(snapshot.takenAt)} · ${snapshot.counts.records} records, ${snapshot.counts.files} files,
${snapshot.counts.attachments} attachments ${snapshot.complete ? '' : badge('incomplete', 'bad')}${snapshot.partial ? partialBadge() : ''}</p>
${searchForm(snapshot.id)}
${folderNote(listing.path)}
<table>
  <caption>${listing.path === '' ? 'Folders' : `${listing.total} item${listing.total === 1 ? '' : 's'} in ${listing.path}`}</caption>
  <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Details</th></tr></thead>
  <tbody>
  ${
    listing.entries.length === 0
      ? h`<tr><td colspan="3" class="empty">Empty folder</td></tr>`
      : listing.entries.map((e) => entryRow(snapshot.id, e))
  }
  </tbody>
</table>
${pager}`,
  );
}

function folderNote(path: string): Html {
  if (path === 'Files')
    return h`<p class="notice">Files are downloaded here; they are restored together with the records they belong to.</p>`;
  if (path === 'Attachments')
    return h`<p class="notice">Attachments with their content, for download. Restore an attachment's record (metadata only) from Objects/Attachment.</p>`;
  if (path === 'Objects/Attachment')
    return h`<p class="notice">Attachment records restore as metadata only: the content cannot be written back.</p>`;
  return h``;
}

function entryRow(snapshotId: string, e: BrowseEntry): Html {
  switch (e.kind) {
    case 'folder':
      return h`<tr><th scope="row"><a href="${folderUrl(snapshotId, e.path)}">${e.name}</a>
      ${e.downloadOnly ? badge('download only', 'warn', 'Records of this type can be downloaded but not restored') : ''}
      ${e.metadataOnly ? badge('metadata only', 'info', 'Restores without content') : ''}</th>
      <td>folder</td><td>${e.count !== undefined ? `${e.count} item${e.count === 1 ? '' : 's'}` : ''}</td></tr>`;
    case 'record':
      return h`<tr><th scope="row"><a href="${itemUrl(snapshotId, 'record', e.id)}">${e.name || e.id}</a>
      ${e.downloadOnly ? badge('download only', 'warn') : ''}</th>
      <td>${e.type} record</td><td>modified ${when(e.lastModifiedDate)}</td></tr>`;
    case 'file':
      return h`<tr><th scope="row"><a href="${itemUrl(snapshotId, 'file', e.id)}">${e.name}</a></th>
      <td>file</td><td>${bytes(e.size)} · ${e.contentType}</td></tr>`;
    case 'attachment':
      return h`<tr><th scope="row"><a href="${itemUrl(snapshotId, 'attachment', e.id)}">${e.name}</a>
      ${e.metadataOnly ? badge('metadata only', 'info') : ''}${e.downloadOnly ? badge('download only', 'warn') : ''}</th>
      <td>attachment</td><td>${bytes(e.size)} · ${e.contentType}</td></tr>`;
  }
}

function pagerLinks(base: string, offset: number, shown: number, total: number): Html {
  if (total <= PAGE_SIZE) return h``;
  const prev = offset > 0 ? Math.max(0, offset - PAGE_SIZE) : undefined;
  const next = offset + shown < total ? offset + PAGE_SIZE : undefined;
  return h`<nav aria-label="Pages" class="pager">
  <span>Items ${offset + 1}–${offset + shown} of ${total}</span>
  ${prev !== undefined ? h`<a href="${base}?offset=${prev}">Previous page</a>` : ''}
  ${next !== undefined ? h`<a href="${base}?offset=${next}">Next page</a>` : ''}
</nav>`;
}

export function searchPage(
  csrf: string,
  snapshot: SnapshotInfo,
  query: string,
  result: { items: SearchHit[]; hasMore: boolean },
): Html {
  return page(
    { title: `Search: ${query}`, csrf, crumbs: [...snapshotCrumbs(snapshot, ''), { label: 'Search' }] },
    h`${searchForm(snapshot.id, query)}
<table>
  <caption>${result.items.length}${result.hasMore ? '+' : ''} result${result.items.length === 1 ? '' : 's'} for “${query}”</caption>
  <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Folder</th></tr></thead>
  <tbody>
  ${
    result.items.length === 0
      ? h`<tr><td colspan="3" class="empty">Nothing matches.</td></tr>`
      : result.items.map(
          (hit) => h`<tr>
    <th scope="row"><a href="${itemUrl(snapshot.id, hit.kind, hit.id)}">${hit.name || hit.id}</a>
    ${hit.downloadOnly && hit.kind === 'record' ? badge('download only', 'warn') : ''}</th>
    <td>${hit.type}</td><td>${hit.path}</td>
  </tr>`,
        )
  }
  </tbody>
</table>
${result.hasMore ? h`<p>More results exist: refine the search.</p>` : ''}`,
  );
}
