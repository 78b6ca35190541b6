// `restorelab ls`, `search`, `show`: browse a snapshot as folders, find items, preview a record.
import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import { formatListing, formatPreview, formatSearch } from '../format.ts';
import { parseNonNegativeInt, parsePositiveInt } from '../parse.ts';
import { clientContext, pickItem, pickSnapshot, withPlannerOptions } from './client-command.ts';

interface SnapshotPick {
  snapshot?: string;
  org?: string;
}
interface PageOptions extends SnapshotPick {
  offset?: string;
  limit?: string;
}

const snapshotOptions = (command: Command) =>
  command
    .option('--snapshot <id>', 'snapshot to read (default: the newest one)')
    .option('--org <id>', "the org whose newest snapshot to read (default: the planner's org)");

export function registerBrowse(program: Command): void {
  withPlannerOptions(
    snapshotOptions(
      program
        .command('ls')
        .description('List a snapshot folder: "" (root), Objects, Objects/<type>, Files, Attachments')
        .argument('[folder]', 'folder path', '')
        .option('--offset <n>', 'skip the first n entries')
        .option('--limit <n>', 'at most n entries (default 100)'),
    ),
  ).action(async (folder: string, options: PageOptions, command: Command) => {
    const { client, out } = clientContext(command);
    const page = pageOf(options);
    const snapshotId = await pickSnapshot(client, options);
    const path = folder.replace(/^\/+|\/+$/g, '');
    const listing = await client.listFolder(snapshotId, path, page);
    // An object folder the snapshot does not have reads as empty; a typo must not look like "no records".
    const [top, type, ...rest] = path.split('/');
    if (listing.total === 0 && top === 'Objects' && type && rest.length === 0) {
      const objects = (await client.listFolder(snapshotId, 'Objects', { limit: 1000 })).entries.map((e) => e.name);
      if (!objects.includes(type)) {
        const near = closest(type, objects);
        throw new CliError(
          'NOT_FOUND',
          `no object ${type} in snapshot ${snapshotId}${near ? `: did you mean Objects/${near}?` : ''} (\`restorelab ls Objects\` lists them)`,
        );
      }
    }
    out.result({ snapshotId, ...listing }, (r) => {
      for (const line of formatListing(r, page.offset ?? 0)) out.line(line);
    });
  });

  withPlannerOptions(
    snapshotOptions(
      program
        .command('search')
        .description('Search a snapshot by name, id or text (records, files, attachments)')
        .argument('<text>', 'words to find (all must match) or an id')
        .option('--offset <n>', 'skip the first n hits')
        .option('--limit <n>', 'at most n hits (default 100)'),
    ),
  ).action(async (text: string, options: PageOptions, command: Command) => {
    const { client, out } = clientContext(command);
    const page = pageOf(options);
    const snapshotId = await pickSnapshot(client, options);
    const result = await client.search(snapshotId, text, page);
    out.result({ snapshotId, ...result }, (r) => {
      for (const line of formatSearch(r, text)) out.line(line);
    });
  });

  withPlannerOptions(
    snapshotOptions(
      program
        .command('show')
        .description('Preview a backed-up record: its fields, children, files and attachments')
        .argument('<record>', 'record id, browse path (Objects/Account/001…) or a name that matches one record'),
    ),
  ).action(async (record: string, options: SnapshotPick, command: Command) => {
    const { client, out } = clientContext(command);
    const { snapshotId, item } = await pickItem(client, options, record, ['record']);
    const preview = await client.preview(snapshotId, item.id);
    out.result({ snapshotId, ...preview }, (r) => {
      for (const line of formatPreview(r)) out.line(line);
    });
  });
}

function pageOf(options: PageOptions): { offset?: number; limit?: number } {
  return {
    ...(options.offset !== undefined ? { offset: parseNonNegativeInt(options.offset, '--offset') } : {}),
    ...(options.limit !== undefined ? { limit: parsePositiveInt(options.limit, '--limit') } : {}),
  };
}

/** The name nearest to `text` by edit distance, when it is near enough to be a typo. */
export function closest(text: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(text.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(text.length / 4)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
