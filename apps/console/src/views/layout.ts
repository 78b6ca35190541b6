// The page shell every console page shares (skip link, banner, main landmark, one h1) and small
// rendering helpers. Everything goes through Hono's `h` template, which escapes each
// interpolated value: backed-up data is always text, never markup.
import { html, type raw } from 'hono/html';
import { CONSOLE_BASE, CSRF_FIELD } from '../guard.ts';

export type Html = ReturnType<typeof raw>;

/**
 * Hono's `html` template, typed as the synchronous string it is here (the console never
 * interpolates promises). Interpolated values are escaped; nested `h` fragments are not.
 */
export const h = (strings: TemplateStringsArray, ...values: unknown[]): Html => html(strings, ...values) as Html;

export interface Crumb {
  label: string;
  href?: string;
}

export interface PageOptions {
  title: string;
  /** Present on pages of a logged-in session: shows the navigation and the log-out form. */
  csrf?: string;
  crumbs?: Crumb[];
  /** Extra served scripts (paths under /console/assets). */
  scripts?: string[];
}

export function page(options: PageOptions, body: Html): Html {
  const { title, csrf, crumbs = [] } = options;
  return h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · restorelab console</title>
<link rel="icon" href="${CONSOLE_BASE}/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${CONSOLE_BASE}/assets/console.css">
${(options.scripts ?? []).map((s) => h`<script src="${CONSOLE_BASE}/assets/${s}" defer></script>`)}
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="banner">
  <a class="brand" href="${CONSOLE_BASE}">restorelab console</a>
  ${
    csrf
      ? h`<nav aria-label="Main">
    <ul>
      <li><a href="${CONSOLE_BASE}">Orgs and snapshots</a></li>
      <li><a href="${CONSOLE_BASE}/jobs">Restore jobs</a></li>
    </ul>
  </nav>
  <form method="post" action="${CONSOLE_BASE}/logout" class="logout">
    ${csrfField(csrf)}
    <button type="submit">Log out</button>
  </form>`
      : ''
  }
</header>
${
  crumbs.length > 0
    ? h`<nav aria-label="Breadcrumb" class="crumbs"><ol>${crumbs.map((c, i) =>
        c.href && i < crumbs.length - 1
          ? h`<li><a href="${c.href}">${c.label}</a></li>`
          : h`<li><span aria-current="page">${c.label}</span></li>`,
      )}</ol></nav>`
    : ''
}
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

export const csrfField = (csrf: string): Html => h`<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">`;

/** A visible marker with words (not colour alone) for screen readers and people alike. */
export const badge = (text: string, kind: 'warn' | 'info' | 'ok' | 'bad' = 'info', title?: string): Html =>
  h`<span class="badge badge-${kind}"${title ? h` title="${title}"` : ''}>${text}</span>`;

export const errorBlock = (message: string): Html =>
  h`<div class="notice notice-bad" role="alert"><p>${message}</p></div>`;

/** A backed-up value as text: empty values say so, objects as JSON. */
export function valueText(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

export const when = (iso: string | undefined): Html =>
  iso ? h`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}</time>` : h``;

/** Path segments for console URLs (ids and folder names come from backups: always encoded). */
export const seg = (value: string): string => encodeURIComponent(value);

export const snapshotUrl = (snapshotId: string, rest = ''): string =>
  `${CONSOLE_BASE}/snapshots/${seg(snapshotId)}${rest}`;

export const folderUrl = (snapshotId: string, path: string): string =>
  snapshotUrl(snapshotId, `/browse${path ? `/${path.split('/').map(seg).join('/')}` : ''}`);

export const itemUrl = (snapshotId: string, kind: 'record' | 'file' | 'attachment', id: string): string =>
  snapshotUrl(snapshotId, `/${kind === 'record' ? 'records' : kind === 'file' ? 'files' : 'attachments'}/${seg(id)}`);
