import { describe, expect, it } from 'vitest';
import { downloadHeaders, fileNameOfDisposition } from './download.ts';

describe('download headers', () => {
  it('name the item, keep it from running in a browser and from caches', () => {
    expect(downloadHeaders({ fileName: 'a b.html', contentType: 'text/html', size: 3 })).toEqual({
      'content-type': 'text/html',
      'content-length': '3',
      'content-disposition': "attachment; filename*=UTF-8''a%20b.html",
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    expect(downloadHeaders({ fileName: 'x.png', contentType: 'image/png', disposition: 'inline' })).toMatchObject({
      'content-disposition': "inline; filename*=UTF-8''x.png",
    });
  });

  it('read the name back from Content-Disposition', () => {
    expect(fileNameOfDisposition("attachment; filename*=UTF-8''Globex%20logo.png")).toBe('Globex logo.png');
    expect(fileNameOfDisposition('attachment; filename="plain.txt"')).toBe('plain.txt');
    expect(fileNameOfDisposition("attachment; filename*=UTF-8''%E0%A4%A")).toBeUndefined();
    expect(fileNameOfDisposition(null)).toBeUndefined();
  });
});
