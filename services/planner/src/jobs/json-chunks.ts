// A large value as JSON text in pieces, never as one string: a 200k-record plan is 78 M characters
// of JSON, and holding that string (besides the plan itself and its gzipped bytes) was the planner's
// peak memory of a restore. The pieces joined are exactly JSON.stringify(value).

/** How deep plain objects and arrays are split: the plan's record, file and attachment lists sit at depth 2. */
const SPLIT_DEPTH = 3;
/** Elements of an array stringified into one piece. */
const PIECE_ITEMS = 512;

/**
 * The JSON text of `value`, in pieces of a few hundred array elements at most.
 * @example [...jsonChunks({ a: [1, 2] })].join('') === JSON.stringify({ a: [1, 2] })
 */
export function* jsonChunks(value: unknown, depth = SPLIT_DEPTH): Generator<string> {
  if (depth === 0 || !splittable(value)) {
    // A top-level value JSON cannot write (undefined, a function) gives no text, as JSON.stringify.
    const text = JSON.stringify(value);
    if (text !== undefined) yield text;
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    let piece: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (splittable(item) && depth > 1) {
        if (piece.length > 0) yield piece.join('');
        piece = [];
        if (i > 0) yield ',';
        yield* jsonChunks(item, depth - 1);
        continue;
      }
      // In an array, what JSON cannot write is null.
      piece.push(`${i > 0 ? ',' : ''}${JSON.stringify(item) ?? 'null'}`);
      if (piece.length >= PIECE_ITEMS) {
        yield piece.join('');
        piece = [];
      }
    }
    if (piece.length > 0) yield piece.join('');
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    if (splittable(item)) {
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      yield* jsonChunks(item, depth - 1);
      first = false;
      continue;
    }
    // In an object, a property JSON cannot write is left out.
    const text = JSON.stringify(item);
    if (text === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
    first = false;
  }
  yield '}';
}

/** Plain objects and arrays only: anything with its own toJSON is left to JSON.stringify. */
function splittable(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
