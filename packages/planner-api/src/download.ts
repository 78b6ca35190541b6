// How a backed-up item travels as a download, in one place for the API and the console: the name
// and type in the headers, and the headers that keep backed-up content from ever running in a
// browser (a sandboxing content security policy, no type sniffing, never cached).

/** Sent with every download, whoever serves it. */
export const SAFE_DOWNLOAD_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; sandbox",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
});

export interface DownloadDescription {
  fileName: string;
  contentType: string;
  /** Bytes, when known. */
  size?: number | undefined;
  /** `attachment` (saved, the default) or `inline` (shown, for image previews only). */
  disposition?: 'attachment' | 'inline';
}

/**
 * The headers of a download response.
 * @example new Response(body, { headers: downloadHeaders({ fileName: 'a.png', contentType: 'image/png', size: 12 }) })
 */
export function downloadHeaders(d: DownloadDescription): Record<string, string> {
  return {
    'content-type': d.contentType,
    ...(d.size !== undefined ? { 'content-length': String(d.size) } : {}),
    'content-disposition': `${d.disposition ?? 'attachment'}; filename*=UTF-8''${encodeURIComponent(d.fileName)}`,
    ...SAFE_DOWNLOAD_HEADERS,
  };
}

/** The file name a Content-Disposition header gives (RFC 5987 `filename*` first, then `filename`). */
export function fileNameOfDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const star = header.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star.trim());
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  return header.match(/filename="?([^";]+)"?/i)?.[1];
}
