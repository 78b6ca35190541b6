// Salesforce writes timestamps as 2026-01-02T03:04:05.000+0000; other sources use Z or +00:00.
// R07 and R19 compare instants, not spellings.

/** Two timestamps name the same instant (identical text, or equal once parsed). */
export function sameInstant(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Date.parse(a);
  const y = Date.parse(b);
  return !Number.isNaN(x) && x === y;
}
