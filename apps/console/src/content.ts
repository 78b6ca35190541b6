// What a page shows of a file's or an attachment's content, read through the API's download: its
// name and type as the download names them, and a preview when there is one. Raster images are
// shown through the console's inline endpoint, small text is read and shown escaped in the page;
// anything else is download only. HTML and SVG are shown as text, never rendered.
import type { ItemKind, PlannerApiClient } from '@restorelab/planner-api';
import { snapshotUrl } from './views/layout.ts';

/** What the page shows of an item's content: an inline image, some text, or only a download link. */
export type ContentPreview = { kind: 'image'; src: string } | { kind: 'text'; text: string; truncated: boolean };

export interface ContentInfo {
  fileName: string;
  contentType: string;
  preview: ContentPreview | undefined;
}

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'text/xml', 'image/svg+xml']);
/** Bigger text is not previewed (a download is one click away). */
const TEXT_PREVIEW_MAX_BYTES = 256 * 1024;
const TEXT_PREVIEW_SHOWN_CHARS = 20_000;

export function isTextType(contentType: string): boolean {
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  return type.startsWith('text/') || TEXT_TYPES.has(type);
}

/** The item's content as the API serves it; undefined when there is none (an attachment kept without it). */
export async function inspectContent(
  api: PlannerApiClient,
  snapshotId: string,
  kind: Exclude<ItemKind, 'record'>,
  id: string,
): Promise<ContentInfo | undefined> {
  let download: Awaited<ReturnType<PlannerApiClient['download']>>;
  try {
    download = await api.download(snapshotId, kind, id);
  } catch {
    return undefined;
  }
  const info = { fileName: download.fileName ?? id, contentType: download.contentType };
  const type = download.contentType.toLowerCase();
  const plural = kind === 'file' ? 'files' : 'attachments';
  if (IMAGE_TYPES.has(type)) {
    await download.body.cancel();
    return {
      ...info,
      preview: { kind: 'image', src: snapshotUrl(snapshotId, `/${plural}/${encodeURIComponent(id)}/inline`) },
    };
  }
  if (!isTextType(type) || download.size === undefined || download.size > TEXT_PREVIEW_MAX_BYTES) {
    await download.body.cancel();
    return { ...info, preview: undefined };
  }
  let text: string;
  try {
    text = await new Response(download.body).text();
  } catch {
    return { ...info, preview: undefined }; // a damaged blob: the download link reports it
  }
  return {
    ...info,
    preview: {
      kind: 'text',
      text: text.slice(0, TEXT_PREVIEW_SHOWN_CHARS),
      truncated: text.length > TEXT_PREVIEW_SHOWN_CHARS,
    },
  };
}
