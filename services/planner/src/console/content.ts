// Previews of backed-up content for the record, file and attachment pages: raster images are shown
// through the inline endpoint, small text is read and shown escaped in the page; anything else is
// download only. HTML and SVG are shown as text, never rendered.
import { downloadItem, type ShareItem, type SnapshotStore } from '@restorelab/snapshots';
import { snapshotUrl } from './views/layout.ts';
import type { ContentPreview } from './views/record.ts';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'text/xml', 'image/svg+xml']);
/** Bigger text is not previewed (a download is one click away). */
const TEXT_PREVIEW_MAX_BYTES = 256 * 1024;
const TEXT_PREVIEW_SHOWN_CHARS = 20_000;

export function isTextType(contentType: string): boolean {
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  return type.startsWith('text/') || TEXT_TYPES.has(type);
}

export async function readPreview(store: SnapshotStore, item: ShareItem): Promise<ContentPreview | undefined> {
  let download: ReturnType<typeof downloadItem>;
  try {
    download = downloadItem(store, item);
  } catch {
    return undefined; // e.g. an attachment backed up without content
  }
  const type = download.contentType.toLowerCase();
  const plural = item.kind === 'file' ? 'files' : 'attachments';
  if (IMAGE_TYPES.has(type)) {
    return { kind: 'image', src: snapshotUrl(item.snapshotId, `/${plural}/${encodeURIComponent(item.id)}/inline`) };
  }
  if (!isTextType(type) || download.size > TEXT_PREVIEW_MAX_BYTES) return undefined;
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of await download.open()) chunks.push(Buffer.from(chunk as Uint8Array));
  } catch {
    return undefined; // a damaged blob: the download link reports it
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
  return {
    kind: 'text',
    text: text.slice(0, TEXT_PREVIEW_SHOWN_CHARS),
    truncated: text.length > TEXT_PREVIEW_SHOWN_CHARS,
  };
}
