// A record of the Salesforce-path requests a mock server answered, switched on through the admin
// API. It exists to capture what a real client (the Salesforce CLI, jsforce) sends, so a test can
// replay those exact requests later without the client installed. Secrets never enter the log:
// bearer tokens, passwords, client secrets and session ids are replaced before an entry is kept.

export interface LoggedRequest {
  method: string;
  /** Path and query string, as sent. */
  path: string;
  /** Request headers that shape the answer (lower-case names); Authorization is redacted. */
  headers: Record<string, string>;
  /** The request body as text (absent for GET/HEAD); binary bodies are summarised. */
  body?: string;
  status: number;
  /** The response's Content-Type, if any. */
  contentType?: string;
  /** The response body when it is text (JSON, XML), redacted like the request. */
  response?: string;
}

/** Headers worth keeping: the ones a server could answer differently for. */
const KEPT_HEADERS = new Set([
  'accept',
  'authorization',
  'content-type',
  'if-modified-since',
  'sforce-call-options',
  'sforce-query-options',
  'x-sfdc-session',
]);

export const REDACTED = '<redacted>';

const MAX_BODY_CHARS = 100_000;

/** Replaces secrets in a request body: form fields and XML/JSON values that carry credentials. */
export function redactBody(body: string): string {
  return body
    .replace(/\b(password|client_secret|refresh_token|access_token|assertion|code)=([^&\s]*)/g, `$1=${REDACTED}`)
    .replace(/<((?:\w+:)?(?:password|sessionId))>[^<]*<\/\1>/g, `<$1>${REDACTED}</$1>`)
    .replace(/"(password|client_secret|access_token|refresh_token)"\s*:\s*"[^"]*"/g, `"$1":"${REDACTED}"`);
}

export class RequestLog {
  enabled = false;
  /** Oldest entries are dropped past this many. */
  limit = 2_000;
  readonly #entries: LoggedRequest[] = [];

  get entries(): readonly LoggedRequest[] {
    return this.#entries;
  }

  start(limit?: number): void {
    if (limit !== undefined) this.limit = limit;
    this.enabled = true;
  }

  stop(): void {
    this.enabled = false;
  }

  clear(): void {
    this.#entries.length = 0;
  }

  /** Keeps one exchange, redacted. */
  add(request: Request, body: string | undefined, response: Response, responseText?: string): void {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      if (!KEPT_HEADERS.has(key)) return;
      headers[key] =
        key === 'authorization' || key === 'x-sfdc-session' ? `${value.split(/\s+/)[0]} ${REDACTED}` : value;
    });
    const entry: LoggedRequest = {
      method: request.method,
      path: url.pathname + url.search,
      headers,
      status: response.status,
    };
    if (body !== undefined && body !== '') {
      entry.body = body.length > MAX_BODY_CHARS ? `${redactBody(body.slice(0, MAX_BODY_CHARS))}…` : redactBody(body);
    }
    const contentType = response.headers.get('content-type');
    if (contentType) entry.contentType = contentType;
    if (responseText !== undefined && responseText !== '')
      entry.response = redactBody(responseText.slice(0, MAX_BODY_CHARS));
    this.#entries.push(entry);
    if (this.#entries.length > this.limit) this.#entries.splice(0, this.#entries.length - this.limit);
  }
}
