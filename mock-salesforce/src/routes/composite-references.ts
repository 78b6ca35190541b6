// `@{ref.path}` references in Composite and Composite Graph subrequests: which earlier answers a
// subrequest names, and filling them in. Salesforce substitutes them in the request text, so that is
// the rule here too: a body's references are those of its JSON text. Reading that text costs a
// stringify and a parse per node, so a body whose references read the same in its values as in its
// text (each one inside one string, with nothing JSON would escape) is read and filled in place.

/** What a subrequest needs to name and fill its references. */
export interface ReferenceSource {
  readonly url: string;
  readonly body?: unknown;
}

export interface SubAnswer {
  readonly body: unknown;
  readonly httpStatusCode: number;
}

const REFERENCE = /@\{([^}]+)\}/g;
/** Quotes, backslashes, control characters, surrogates: what JSON.stringify may escape. */
const ESCAPED_IN_JSON = /["\\]|[^\x20-\ud7ff\ue000-\uffff]/;

export class Unresolved extends Error {}

const headOf = (expression: string) => expression.split(/[.[]/)[0]!;

/** The referenceIds named in `text`, in order: REFERENCE's matches, found without a regex. */
function referencesIn(text: string): string[] {
  const found: string[] = [];
  let at = text.indexOf('@{');
  while (at >= 0) {
    const end = text.indexOf('}', at + 2);
    if (end < 0) break;
    if (end > at + 2) found.push(headOf(text.slice(at + 2, end)));
    at = text.indexOf('@{', end > at + 2 ? end + 1 : at + 1);
  }
  return found;
}

/** Whether every reference in `text` reads the same on its own as inside a longer JSON text. */
function readsAlone(text: string): boolean {
  const at = text.lastIndexOf('@{');
  if (at < 0) return true;
  return text.indexOf('}', at) >= 0 && !ESCAPED_IN_JSON.test(text);
}

/**
 * The strings of a JSON value holding a reference, in JSON.stringify's order (keys before their
 * values), into `out`; false when one of them would read differently in the JSON text.
 */
function referenceStrings(value: unknown, out: string[]): boolean {
  if (typeof value === 'string') {
    if (!value.includes('@{')) return true;
    out.push(value);
    return readsAlone(value);
  }
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every((item) => referenceStrings(item, out));
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!referenceStrings(key, out) || !referenceStrings(object[key], out)) return false;
  }
  return true;
}

export interface ScannedReferences {
  /** The referenceIds the URL and body name, in order. */
  readonly references: readonly string[];
  /**
   * How the body's references are filled: none to fill, in its values (`fillValue`), or in its
   * JSON text (`fillText`) when a reference might read differently there.
   */
  readonly bodyFill: 'none' | 'values' | 'text';
}

/** Reads a subrequest's references once, for its checks and its run. */
export function scanReferences(sub: ReferenceSource): ScannedReferences {
  const strings: string[] = [];
  if (readsAlone(sub.url) && referenceStrings(sub.body, strings)) {
    const references = [sub.url, ...strings].flatMap(referencesIn);
    return { references, bodyFill: strings.length === 0 ? 'none' : 'values' };
  }
  // The URL and the body's text, read as one text, as Salesforce reads the request.
  return { references: referencesIn(`${sub.url} ${JSON.stringify(sub.body ?? null)}`), bodyFill: 'text' };
}

/** A dotted path (`records[0].Id`) read from an answer body. */
function readPath(body: unknown, path: string): unknown {
  let value = body;
  for (const key of path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** `ref.field`, the usual reference: read without splitting the expression apart. */
const SIMPLE = /^(\w+)\.(\w+)$/;

/** The value `ref.path` names in the answers so far; throws Unresolved when there is none. */
function referencedValue(expression: string, done: ReadonlyMap<string, SubAnswer>): unknown {
  const simple = SIMPLE.exec(expression);
  let head: string;
  let path: string;
  if (simple) {
    head = simple[1]!;
    path = simple[2]!;
  } else {
    const [ref, ...rest] = expression.split('.');
    const [first, ...indexes] = ref!.split(/(?=\[)/);
    head = first!;
    path = [indexes.join(''), ...rest].filter(Boolean).join('.');
  }
  const answer = done.get(head);
  if (!answer || answer.httpStatusCode >= 400) {
    throw new Unresolved(`Invalid reference specified. No value for ${expression} found in ${head}.`);
  }
  const body = answer.body;
  const value =
    simple && body !== null && typeof body === 'object'
      ? (body as Record<string, unknown>)[path]
      : readPath(body, path);
  if (value === undefined || value === null) {
    throw new Unresolved(`Invalid reference specified. No value for ${expression} found in ${head}.`);
  }
  return value;
}

/** Replaces every `@{ref.path}` in `text`; throws Unresolved when one has no value. */
export function fillText(text: string, done: ReadonlyMap<string, SubAnswer>, json: boolean): string {
  if (!text.includes('@{')) return text;
  return text.replace(REFERENCE, (_whole, expression: string) => {
    const value = referencedValue(expression, done);
    const plain = typeof value === 'object' ? JSON.stringify(value) : String(value);
    // Inside a JSON body the reference sits within a string: escape what would end it.
    return json ? JSON.stringify(plain).slice(1, -1) : plain;
  });
}

/**
 * A JSON value with its references filled in its strings (for a body `scanReferences` fills in its
 * values): what parsing the filled JSON text would give, as a new value. `grown` counts the characters the references added.
 */
export function fillValue(value: unknown, done: ReadonlyMap<string, SubAnswer>, grown: { chars: number }): unknown {
  if (typeof value === 'string') {
    const filled = fillText(value, done, false);
    grown.chars += Math.max(0, filled.length - value.length);
    return filled;
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => fillValue(item, done, grown));
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const name = fillText(key, done, false);
    grown.chars += Math.max(0, name.length - key.length);
    const filled = fillValue(object[key], done, grown);
    // As JSON.parse does: `__proto__` is a key like any other, not the object's prototype.
    if (name === '__proto__')
      Object.defineProperty(out, name, { value: filled, enumerable: true, writable: true, configurable: true });
    else out[name] = filled;
  }
  return out;
}
