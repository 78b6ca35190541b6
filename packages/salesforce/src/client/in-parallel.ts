// Calls to an org run a few at a time: enough to hide round trips, few enough not to crowd the org's
// concurrent-request limit or the other services' calls.

/**
 * Runs `each` over `items` (with its index) with at most `limit` running at once, in order of start;
 * the first failure is thrown once the running ones have settled.
 * @example await inParallel(chunks, 4, (chunk) => readChunk(chunk));
 */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  each: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await each(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
