// Asking a person before writing to an org (R04: nothing is written until the summary is confirmed).
import { createInterface } from 'node:readline/promises';
import { forTerminal } from './terminal-text.ts';

/** Asks a yes/no question on the terminal; anything but y/yes is a no. */
export async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${forTerminal(question)} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
