// How results look for a person: pure functions from API shapes to lines, so commands stay thin and
// the wording is tested without a planner. Download-only items carry a visible "[download only]" mark.
import {
  type BackupReport,
  type BrowseEntry,
  type JobState,
  type Listing,
  type PendingPlan,
  type RecordPreview,
  type SearchHit,
  type SnapshotInfo,
  written,
} from '@restorelab/planner-api';
import { changeLines, jobCountLines, outcomesInWords, selectedWords, summaryCountLines } from './format-counts.ts';
import { formatDate, plural } from './words.ts';

export const DOWNLOAD_ONLY_MARK = '[download only]';
export const METADATA_ONLY_MARK = '[metadata only]';

/** Left-aligned columns, two spaces apart. */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Marks a snapshot of chosen objects: it holds part of the org. */
export const PARTIAL_MARK = '[partial]';

export function formatSnapshots(snapshots: SnapshotInfo[]): string[] {
  if (snapshots.length === 0) return ['no snapshots yet: take one with `restorelab backup`'];
  return table([
    ['SNAPSHOT', 'ORG', 'TAKEN AT', 'RECORDS', 'FILES', 'ATTACHMENTS', ''],
    ...snapshots.map((s) => [
      s.id,
      s.orgId,
      formatDate(s.takenAt),
      String(s.counts.records),
      String(s.counts.files),
      String(s.counts.attachments),
      s.partial ? PARTIAL_MARK : '',
    ]),
  ]);
}

export function formatBackup(report: BackupReport): string[] {
  const s = report.snapshot;
  const objects = Object.entries(report.objects)
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${n} ${type}`);
  return [
    `snapshot ${s.id} of org ${s.orgId} taken at ${formatDate(s.takenAt)}${s.partial ? ` ${PARTIAL_MARK}` : ''}`,
    `  ${plural(s.counts.records, 'record')}, ${plural(s.counts.files, 'file')}, ${plural(s.counts.attachments, 'attachment')} (${plural(report.apiCalls, 'API call')})`,
    ...(objects.length ? [`  ${objects.join(', ')}`] : []),
  ];
}

function marks(entry: { downloadOnly?: boolean; metadataOnly?: boolean }): string {
  return [entry.downloadOnly ? DOWNLOAD_ONLY_MARK : '', entry.metadataOnly ? METADATA_ONLY_MARK : '']
    .filter(Boolean)
    .join(' ');
}

function entryRow(entry: BrowseEntry): string[] {
  switch (entry.kind) {
    case 'folder':
      return [`${entry.name}/`, entry.count === undefined ? '' : String(entry.count), '', marks(entry)];
    case 'record':
      return [entry.name || '(no name)', entry.id, formatDate(entry.lastModifiedDate), marks(entry)];
    case 'file':
      return [entry.name, entry.id, formatBytes(entry.size), marks(entry)];
    case 'attachment':
      return [entry.name, entry.id, formatBytes(entry.size), marks(entry)];
  }
}

export function formatListing(listing: Listing, offset = 0): string[] {
  const lines = [`${listing.path || '/'} (${plural(listing.total, 'entry', 'entries')})`];
  if (listing.entries.length === 0) return [...lines, '  (empty)'];
  lines.push(...table(listing.entries.map(entryRow)).map((l) => `  ${l}`));
  const shown = offset + listing.entries.length;
  if (shown < listing.total) lines.push(`  … ${listing.total - shown} more (use --offset ${shown})`);
  return lines;
}

export function formatSearch(result: { items: SearchHit[]; hasMore: boolean }, text: string): string[] {
  if (result.items.length === 0) return [`nothing matches "${text}"`];
  const lines = table(
    result.items.map((hit) => [
      hit.kind,
      hit.type,
      hit.id,
      hit.name || '(no name)',
      hit.downloadOnly ? DOWNLOAD_ONLY_MARK : '',
    ]),
  );
  if (result.hasMore) lines.push('… more hits (use --offset / --limit)');
  return lines;
}

function showValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  return text.length > 100 ? `${text.slice(0, 97)}…` : text;
}

export function formatPreview(preview: RecordPreview): string[] {
  const head = `${preview.record.type} ${preview.record.id}  ${preview.name}${preview.downloadOnly ? `  ${DOWNLOAD_ONLY_MARK}` : ''}`;
  const lines = [
    head,
    `  path: ${preview.path}`,
    `  last modified: ${formatDate(preview.record.lastModifiedDate)}`,
    '',
    'Fields',
  ];
  const fields = preview.fields.filter((f) => f.value !== null && f.value !== undefined && f.name !== 'attributes');
  lines.push(
    ...table(
      fields.map((f) => [f.label, showValue(f.value), f.standardStatus ? '(status: not restored, R10)' : '']),
    ).map((l) => `  ${l}`),
  );
  lines.push('', `Children (${preview.children.length})`);
  lines.push(
    ...table(preview.children.map((c) => [c.type, c.id, c.name || '(no name)', `via ${c.field}`])).map((l) => `  ${l}`),
  );
  lines.push('', `Files (${preview.files.length})`);
  lines.push(
    ...table(
      preview.files.map((f) => [f.title, f.contentDocumentId, formatBytes(f.contentSize), `v${f.versionNumber}`]),
    ).map((l) => `  ${l}`),
  );
  lines.push('', `Attachments (${preview.attachments.length})`);
  lines.push(
    ...table(
      preview.attachments.map((a) => [
        a.name,
        a.id,
        a.bodyHash === null ? METADATA_ONLY_MARK : formatBytes(a.bodyLength),
      ]),
    ).map((l) => `  ${l}`),
  );
  return lines;
}

/** The restore summary (R04): items per object, kind and action, metafiles said, will-fail reasons. */
export function formatSummary(plan: PendingPlan): string[] {
  const s = plan.summary;
  const lines = [
    `Restore of ${s.rootId} (${s.method === 'related' ? 'with related records' : 'this record only'}) from snapshot ${s.snapshotId}`,
    `  selected: ${selectedWords(s)}`,
    '',
    ...summaryCountLines(s).map((l) => `  ${l}`),
    '',
    ...changeLines(s),
  ];
  if (s.willFail.length > 0) {
    lines.push('', `Will fail (${s.willFail.length})`);
    for (const f of s.willFail) lines.push(`  ${itemLabel(f.objectType, f.itemId)}: ${f.code}: ${f.message}`);
  }
  return lines;
}

export function formatJob(job: JobState): string[] {
  const c = job.counts;
  return [
    `job ${job.jobId}: ${job.status}${job.reason ? ` (${job.reason})` : ''}, step ${Math.min(job.step + (job.status === 'running' ? 1 : 0), job.steps)}/${job.steps}`,
    `  restore of ${job.request.rootId} (${job.request.method}) from snapshot ${job.request.snapshotId}`,
    `  done: ${outcomesInWords(c.all)}`,
    ...jobCountLines(c).map((l) => `  ${l}`),
    ...jobDetails(job),
  ];
}

function jobDetails(job: JobState): string[] {
  const lines: string[] = [];
  // A large job's document holds the first failures and ids only; the counts are of all of them.
  if (job.failures.length) {
    lines.push(`  failures (${job.failureCount}):`);
    for (const f of job.failures) lines.push(`    ${itemLabel(f.objectType, f.itemId)}: ${f.code}: ${f.message}`);
    if (job.failureCount > job.failures.length) lines.push(`    … ${job.failureCount - job.failures.length} more`);
  }
  const ids = Object.entries(job.idMap);
  if (ids.length) {
    lines.push(`  new ids (${job.idCount}):`);
    for (const [from, to] of ids) lines.push(`    ${from} → ${to}`);
    if (job.idCount > ids.length) lines.push(`    … ${job.idCount - ids.length} more (GET /v1/jobs/${job.jobId}/ids)`);
  }
  return lines;
}

export function formatJobs(jobs: JobState[]): string[] {
  if (jobs.length === 0) return ['no jobs yet: start one with `restorelab restore <record>`'];
  return table([
    ['JOB', 'STATUS', 'RECORD', 'METHOD', 'WRITTEN', 'FAILED', 'CREATED AT'],
    ...jobs.map((j) => [
      j.jobId,
      j.status,
      j.request.rootId,
      j.request.method,
      String(written(j.counts.all)),
      String(j.failureCount),
      formatDate(j.createdAt),
    ]),
  ]);
}

/**
 * An item as a person reads it: its object and Salesforce id (`Contact 003…`), not the engine's key
 * (`record:003…`). Keys of other shapes (metafiles) are shown as they are.
 */
export function itemLabel(objectType: string, itemId: string): string {
  const id = itemId.replace(/^(record|file|attachment):/, '');
  return `${objectType} ${id}`;
}
