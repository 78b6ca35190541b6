// How commands speak: lines for people on stdout, JSON for scripts with --json, notes on stderr.
// Lines for people pass through forTerminal (org data may hold terminal control sequences); JSON is exact.

import { colourWanted, highlightOutcomes } from './colour.ts';
import { forTerminal } from './terminal-text.ts';

export interface Output {
  readonly json: boolean;
  /**
   * A line for a person (suppressed in --json mode, where only the final JSON is printed).
   * `outcomes`: colour words like passed / failed / skipped when the output is a terminal.
   */
  line(text: string, options?: { outcomes?: boolean }): void;
  /** A step of long work, shown as `• text` (on stderr in --json mode so stdout stays parseable). */
  step(text: string): void;
  /** The command's result: printed as JSON with --json, otherwise by `human`. */
  result<T>(value: T, human: (value: T) => void): void;
}

let resultPrinted = false;

/**
 * Whether a command printed its JSON result already: a job that ran and failed has its document on
 * stdout, and a second (error) document after it would break `--json`'s one document.
 */
export const printedJsonResult = () => resultPrinted;

export function createOutput(
  options: { json?: boolean },
  write = (s: string) => process.stdout.write(s),
  colour = colourWanted(process.stdout),
): Output {
  const json = options.json === true;
  return {
    json,
    line(text, lineOptions = {}) {
      const safe = forTerminal(text);
      if (!json) write(`${colour && lineOptions.outcomes ? highlightOutcomes(safe) : safe}\n`);
    },
    step(text) {
      if (json) process.stderr.write(`• ${forTerminal(text)}\n`);
      else write(`• ${forTerminal(text)}\n`);
    },
    result(value, human) {
      if (json) {
        write(`${JSON.stringify(value, null, 2)}\n`);
        resultPrinted = true;
      } else human(value);
    },
  };
}
