// The shell command blocks of the user docs (README.md and docs/*.md): each ```sh / ```bash /
// ```shell block, cut into commands (a line, with its `\` continuations), comments dropped.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocBlock {
  /** The doc's path from the repository root, e.g. `docs/quick-start.md`. */
  doc: string;
  /** Line of the opening fence (1-based). */
  line: number;
  /** The block as written. */
  text: string;
  /** Its commands, normalized (see `normalizeCommand`). */
  commands: string[];
}

const SHELL_FENCE = /^```(sh|bash|shell)\s*$/;

/** A command as the coverage map names it: no trailing `# comment`, runs of blanks as one space. */
export function normalizeCommand(command: string): string {
  return command
    .replace(/\s+#\s.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function commandsOf(text: string): string[] {
  const commands: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#\s.*$/, '');
    if (current === '' && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    commands.push(normalizeCommand(current + line));
    current = '';
  }
  if (current.trim() !== '') commands.push(normalizeCommand(current));
  return commands;
}

export function blocksOf(doc: string, markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!SHELL_FENCE.test(lines[i]!)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    const text = body.join('\n');
    blocks.push({ doc, line: start + 1, text, commands: commandsOf(text) });
  }
  return blocks;
}

/** Every shell block of README.md and docs/*.md under `root`. */
export function userDocBlocks(root: string): DocBlock[] {
  const docs = [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `docs/${f}`),
  ];
  return docs.flatMap((doc) => blocksOf(doc, readFileSync(join(root, doc), 'utf8')));
}
