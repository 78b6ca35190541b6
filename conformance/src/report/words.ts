// Counts in words: "1 error", "2 errors", "1 run".

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
