// Secrets that hide inside text rather than under a known key: Salesforce session ids and bearer tokens in
// messages, error text and stack traces. The logger runs every finished line through `scrubSecrets`, so this
// is the last line of defence after key-based redaction.

export const SCRUBBED = '[Redacted]';

const PATTERNS: readonly RegExp[] = [
  // A Salesforce session id / access token: the org id (00D + 12 to 15 chars), "!", then the opaque part.
  // No word boundary in front: text glued to it ("sid:00D...", "x00D...") must not let it through.
  /00D[a-zA-Z0-9]{12,15}![a-zA-Z0-9._-]+/g,
  // "Bearer <token>", also "OAuth <token>" which Salesforce accepts as the same header (no \b, as above).
  /(Bearer|OAuth)\s+[^\s"'\\,;]+/gi,
  // Credentials in a URL's user-info part: scheme://user:password@host
  /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'\\]+):[^\s@/"'\\]+@/gi,
  // SOAP login / logout bodies: <sessionId>..</sessionId>, <password>..</password>
  /(<(?:[a-zA-Z0-9]+:)?(sessionId|password)>)[^<]*(<\/(?:[a-zA-Z0-9]+:)?\2>)/g,
  // key=value and key: value pairs in free text (query strings, form bodies, "password: hunter2"), also
  // under an environment variable's name ("NATS_PASSWORD=…", "PLANNER_TOKEN: …").
  /\b((?:[a-z0-9]+_)*(?:password|passwd|access_token|refresh_token|client_secret|security_token|session_?id|sid)|(?:[a-z0-9]+_)+token)(["']?\s*[=:]\s*["']?)[^\s&"'\\,;]+/gi,
];

/** Replaces session ids, bearer tokens and inline credentials in `text` with `[Redacted]`. */
export function scrubSecrets(text: string): string {
  let out = text;
  out = out.replace(PATTERNS[0]!, SCRUBBED);
  out = out.replace(PATTERNS[1]!, (_m, scheme: string) => `${scheme} ${SCRUBBED}`);
  out = out.replace(PATTERNS[2]!, (_m, prefix: string) => `${prefix}:${SCRUBBED}@`);
  out = out.replace(PATTERNS[3]!, (_m, open: string, _name: string, close: string) => `${open}${SCRUBBED}${close}`);
  out = out.replace(PATTERNS[4]!, (_m, key: string, sep: string) => `${key}${sep}${SCRUBBED}`);
  return out;
}
