// `restorelab ls`, `search`, `show`: browse a snapshot as folders, find items, preview a record.
import type { Command } from 'commander';
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
    const listing = await client.listFolder(snapshotId, folder.replace(/^\/+|\/+$/g, ''), page);
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
