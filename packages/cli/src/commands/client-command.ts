// What the client commands share: the --planner/--token options, the client built from them, and the
// look-ups most commands start with (which snapshot, which item a person means).
import type { Command } from 'commander';
import { CliError, UsageError } from '../errors.ts';
import { createOutput, type Output } from '../output.ts';
import { parseOrgId } from '../parse.ts';
import { type ItemKind, PlannerClient } from '../planner/client.ts';
import { resolveTarget } from '../planner/target.ts';
import type { GlobalOptions } from '../program.ts';

export interface ClientOptions extends GlobalOptions {
  planner?: string;
  token?: string;
}

/** Adds --planner and --token to a command that talks to a planner. */
export function withPlannerOptions(command: Command): Command {
  return command
    .option('--planner <url>', 'planner API URL (default: PLANNER_URL, then .restorelab/dev.json, then :7420)')
    .option('--token <token>', 'planner API token (default: PLANNER_TOKEN, then .restorelab/dev.json)');
}

export function clientContext(command: Command): { client: PlannerClient; out: Output; options: ClientOptions } {
  const options = command.optsWithGlobals<ClientOptions & { org?: string }>();
  // Every command with --org reads it here: a bad id is a usage error before the planner is asked.
  if (options.org !== undefined) parseOrgId(options.org);
  const target = resolveTarget({
    ...(options.planner !== undefined ? { planner: options.planner } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
  });
  return { client: new PlannerClient(target), out: createOutput(options), options };
}

const ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/** The snapshot a command reads: the one given, else the newest of the org given or of the connected org. */
export async function pickSnapshot(
  client: PlannerClient,
  options: { snapshot?: string; org?: string },
): Promise<string> {
  if (options.snapshot) return options.snapshot;
  const [latest] = await snapshotsOf(client, options.org);
  return latest!.id;
}

/** The org's snapshots, newest first (the org given, else the connected one); NO_SNAPSHOT when none. */
async function snapshotsOf(client: PlannerClient, given: string | undefined) {
  let org = given;
  if (!org) {
    const orgs = await client.orgs();
    org = (orgs.find((o) => o.connected) ?? (orgs.length === 1 ? orgs[0] : undefined))?.orgId;
    if (!org) throw new UsageError('several orgs have snapshots: pick one with --org <id> or --snapshot <id>');
  }
  const snapshots = await client.snapshots(org);
  if (snapshots.length === 0)
    throw new CliError('NO_SNAPSHOT', `org ${org} has no snapshot yet: take one with \`restorelab backup\``);
  return snapshots;
}

/**
 * The item a person means and the snapshot to read it from: the snapshot given, else the newest
 * snapshot that holds the item (a partial backup of other objects is passed over). When none holds
 * it, the newest snapshot's "not found" is the answer.
 */
export async function pickItem(
  client: PlannerClient,
  options: { snapshot?: string; org?: string },
  text: string,
  kinds?: readonly ItemKind[],
): Promise<{ snapshotId: string; item: ResolvedItem }> {
  if (options.snapshot) {
    return { snapshotId: options.snapshot, item: await resolveItem(client, options.snapshot, text, kinds) };
  }
  const snapshots = await snapshotsOf(client, options.org);
  // The newest snapshot where the text is the item's id or its exact name; failing that, the newest
  // snapshot's own answer (a single loose match, or "not found").
  for (const snapshot of snapshots) {
    try {
      return { snapshotId: snapshot.id, item: await resolveItem(client, snapshot.id, text, kinds, true) };
    } catch (error) {
      if (!(error instanceof CliError) || error.code !== 'ITEM_NOT_FOUND') throw error;
    }
  }
  const newest = snapshots[0]!.id;
  return { snapshotId: newest, item: await resolveItem(client, newest, text, kinds) };
}

export interface ResolvedItem {
  kind: ItemKind;
  id: string;
  type: string;
  name: string;
}

/**
 * What a person means by `text`: an id (15 or 18 characters), a browse path ending in one
 * (Objects/Account/001…), or a name that matches exactly one item of the snapshot.
 */
export async function resolveItem(
  client: PlannerClient,
  snapshotId: string,
  text: string,
  kinds: readonly ItemKind[] = ['record', 'file', 'attachment'],
  /** Only the item whose id or name is exactly `text` (no single loose match). */
  exactOnly = false,
): Promise<ResolvedItem> {
  const last = text.split('/').filter(Boolean).at(-1) ?? text;
  const query = ID.test(last) ? last : text;
  const { items } = await client.search(snapshotId, query, { limit: 50 });
  const hits = items.filter((h) => kinds.includes(h.kind));
  const named = hits.filter((h) => h.name.toLowerCase() === query.toLowerCase());
  const exact = ID.test(query) ? hits : named.length > 0 || exactOnly ? named : hits;
  const what = kinds.length === 1 ? kinds[0] : 'item';
  if (exact.length === 0)
    throw new CliError('ITEM_NOT_FOUND', `no ${what} "${text}" in snapshot ${snapshotId} (try \`restorelab search\`)`);
  if (exact.length > 1) {
    const some = exact
      .slice(0, 3)
      .map((h) => `${h.type} ${h.id} "${h.name}"`)
      .join(', ');
    throw new UsageError(
      `"${text}" matches ${exact.length} items (${some}${exact.length > 3 ? ', …' : ''}): give the id`,
    );
  }
  const hit = exact[0]!;
  return { kind: hit.kind, id: hit.id, type: hit.type, name: hit.name };
}
