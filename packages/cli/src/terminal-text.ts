// Text from an org (record names, file titles, error messages) is printed for people, and a terminal
// obeys control sequences inside it: a record named `EVIL \e]0;owned\a\e[2J` retitles the window and
// clears the screen, and a carriage return or cursor movement can rewrite the lines above the restore
// prompt. Every human-readable line goes through here; JSON output stays exact.

/**
 * C0 controls but tab and line feed, DEL and C1 controls; the bidirectional overrides and isolates that
 * reorder what is shown (U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** Shows each unsafe character as a visible escape: ESC → `\x1b`, U+202E → `\u202e`. */
export function forTerminal(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
