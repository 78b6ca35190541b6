// `restorelab share`: a read-only link to a backed-up record, file or attachment that opens without
// the API token, until it expires (default 1 h, at most 7 days) or is revoked with `--revoke <id>`.
import { SHARE_MAX_SECONDS } from '@restorelab/planner-api';
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { forTerminal } from '../terminal-text.ts';
import { clientContext, pickItem, withPlannerOptions } from './client-command.ts';

interface ShareOptions {
  expires?: string;
  revoke?: string;
  snapshot?: string;
  org?: string;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90m`, `1h`, `7d`, `3600s` (or plain seconds) as seconds, within what the planner accepts. */
export function parseExpiry(text: string): number {
  const match = text.trim().match(/^(\d+)\s*([smhd]?)$/);
  const seconds = match ? Number(match[1]) * (UNITS[match[2] || 's'] ?? 1) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 60 || seconds > SHARE_MAX_SECONDS)
    throw new UsageError(`--expires ${text}: give a duration from 1m to 7d, such as 30m, 1h or 2d`);
  return seconds;
}

export function registerShare(program: Command): void {
  withPlannerOptions(
    program
      .command('share')
      .description('Share a backed-up item by a read-only link that needs no token (or revoke one)')
      .argument('[item]', 'id, browse path or a name that matches one item')
      .option('--expires <duration>', 'how long the link lives: 30m, 1h, 7d … (default 1h, at most 7d)')
      .option('--revoke <shareId>', 'revoke a share: its link stops working')
      .option('--snapshot <id>', 'snapshot to share from (default: the newest one that holds the item)')
      .option('--org <id>', "the org whose snapshots to use (default: the planner's org)"),
  ).action(async (text: string | undefined, options: ShareOptions, command: Command) => {
    const { client, out } = clientContext(command);
    if (options.revoke !== undefined) {
      if (text !== undefined || options.expires !== undefined)
        throw new UsageError('--revoke takes only the share id: `restorelab share --revoke <shareId>`');
      const share = await client.revokeShare(options.revoke);
      out.result(share, (s) => out.line(`revoked ${s.shareId}: its link no longer opens`));
      return;
    }
    if (text === undefined) throw new UsageError('name the item to share (or --revoke <shareId>)');
    const expiresIn = options.expires === undefined ? undefined : parseExpiry(options.expires);
    const { snapshotId, item } = await pickItem(client, options, text);
    const share = await client.share(snapshotId, item.kind, item.id, expiresIn === undefined ? {} : { expiresIn });
    out.result(share, (s) => {
      out.line(s.url);
      // The link alone on stdout (to pipe or copy); what it opens and how to revoke it on stderr.
      process.stderr.write(
        `${forTerminal(`${item.kind} ${item.id} "${item.name}" until ${s.expiresAt}; revoke with: restorelab share --revoke ${s.shareId}`)}\n`,
      );
    });
  });
}
