// Colour for outcomes (passed, failed, skipped …) so they stand out in a table or a job's status, as
// vitest and git do. Only on a terminal, and never when NO_COLOR is set (https://no-color.org);
// FORCE_COLOR turns it on for a pipe. Applied after forTerminal, so colour codes are ours, never an org's.
import { styleText } from 'node:util';

export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

const TONES: Array<[RegExp, Parameters<typeof styleText>[0]]> = [
  [/\b(passed|succeeded)\b/g, 'green'],
  [/\b(failed|errors?)\b/g, 'red'],
  [/\b(skipped|cancelled)\b/g, 'yellow'],
];

/** Outcome words in colour; a zero count ("0 failed") stays plain, it is nothing to look at. */
export function highlightOutcomes(text: string): string {
  let out = text;
  for (const [pattern, colour] of TONES) {
    out = out.replace(pattern, (word, _w, offset: number, whole: string) =>
      /(^|\D)0 $/.test(whole.slice(Math.max(0, offset - 3), offset))
        ? word
        : styleText(colour, word, { validateStream: false }),
    );
  }
  return out;
}
