// Words for people: counts with the right plural ("1 file", "2 files", never "file(s)") and every
// date and time in one format, whichever format the API or the org gave it in.

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * `2026-12-07 20:09:02 UTC`: the planner's ISO times (`…02.511Z`) and Salesforce's (`…02.426+0000`)
 * alike. Anything that is no date is shown as it is.
 */
export function formatDate(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time) || !/^\d{4}-\d\d-\d\dT/.test(value)) return value;
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
