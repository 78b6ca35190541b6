// Claims: which job may write a backed-up item of an org. A job takes one KV entry per item it
// plans (`claim.<org>.<backed-up id>` in the jobs bucket, holding the job id) with a create-only
// write before it writes anything, and gives them back when it ends. Two jobs of the same items, at
// one planner or at two, therefore never write at once: the later one waits for the earlier one and
// plans again. A claim belongs to its job, not to a process: a restarted planner resumes the job and
// still holds it; a claim whose job has ended (its owner died between the end and the release) is
// dead, and whoever meets it releases it. Releasing a claim leaves a mark of the job that wrote the
// item last (`mark.<org>.<backed-up id>`, holding the job id): a plan made before that job ended is
// out of date for the item, and its job plans again before it takes the claim. The claim itself is
// purged (no delete marker left), so the claims in KV are the live ones and a starting planner lists
// and reads only those (marks
// kept in the claim's own entry, `~<job id>`, made it read every item ever restored; such entries
// left by older planners are still understood, and moved to marks when a planner starts).
// See docs/decisions/overlapping-restores.md.
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { KV_BUCKETS } from '@restorelab/contracts';

/**
 * KV operations in flight at once (a round trip each). The client pipelines them on one connection
 * and nats-server answers thousands in flight, so the window is set by what a burst may cost the
 * server, not by the round trip; each lane starts its next item as soon as one ends (see pooled).
 */
const IN_FLIGHT = 256;

export type ClaimOutcome =
  | { taken: true }
  /** `ended`: the holder has released the item, but after the plan was made (plan again). */
  | { taken: false; holder: string; itemId: string; ended?: boolean };

/** Whether a job that released an item ended after the plan asking for it was made. */
export type EndedSincePlan = (jobId: string) => Promise<boolean>;

export interface Claims {
  /**
   * Takes every item for the job, in sorted order and in groups. At the first item another job
   * holds, gives back what this call took and answers that holder. Items the job holds already
   * (from before a restart) count as taken.
   */
  take(
    orgId: string,
    jobId: string,
    itemIds: readonly string[],
    endedSincePlan: EndedSincePlan,
    /** When the plan was made; a plan without it is never out of date (no mark is read). */
    plannedAt?: string,
  ): Promise<ClaimOutcome>;
  /** Gives back the job's claims on these items (an item another job holds now is left alone). */
  release(orgId: string, jobId: string, itemIds: readonly string[]): Promise<void>;
  /** The job holding an item now, if any. */
  holder(orgId: string, itemId: string): Promise<string | undefined>;
  /** Releases a claim of `jobId` on the item (a dead one): only if that job still holds it. */
  drop(orgId: string, jobId: string, itemId: string): Promise<void>;
  /**
   * Every claim as (org, item, job), to find the dead ones when a planner starts: the live ones only
   * (a released claim is deleted; an older planner's mark found among them is moved out).
   */
  all(): Promise<Array<{ orgId: string; itemId: string; jobId: string }>>;
}

/**
 * `marked.<org>`: when marks were last written on the org (the releaser's clock, put before its
 * marks). A job ends before its marks are written, so if none was written since a while before the
 * plan was made, no mark can say the plan is out of date, and taking claims reads none. The margin
 * covers clocks of planners that disagree and releases that overlap.
 */
function markedKey(orgId: string): string {
  return `marked.${orgId}`;
}
const MARKED_MARGIN_MS = 5 * 60_000;

function keyOf(orgId: string, itemId: string): string {
  return `claim.${orgId}.${itemId}`;
}

/** The mark of the job that wrote the item last, for a claim key. */
function markOf(claimKey: string): string {
  return `mark.${claimKey.slice('claim.'.length)}`;
}

// Ids are Salesforce ids (letters and digits); anything else cannot be a key token.
function validToken(id: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(id);
}

function isWrongSequence(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
      err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

export async function openClaims(js: JetStreamClient): Promise<Claims> {
  const kv: KV = await new Kvm(js).open(KV_BUCKETS.jobs);
  const jsm = await js.jetstreamManager();
  /**
   * The revision of each claim this process took, by `<org>.<job>` then item (the item ids are the
   * plan's own strings, so this costs a map entry per item): giving it back then needs no read. The
   * purge removes only up to that revision, so a claim another job made since stays.
   */
  const held = new Map<string, Map<string, number>>();
  const revisionsOf = (orgId: string, jobId: string) => {
    const scope = `${orgId}.${jobId}`;
    const revisions = held.get(scope) ?? new Map<string, number>();
    held.set(scope, revisions);
    return revisions;
  };
  /**
   * Removes a key's messages up to `revision` (ours), leaving no delete marker behind: the key is gone
   * from every listing. A write made since (a higher sequence) stays, so no check-then-act race.
   */
  const purgeUpTo = async (key: string, revision: number) => {
    await jsm.streams.purge(`KV_${KV_BUCKETS.jobs}`, { filter: `$KV.${KV_BUCKETS.jobs}.${key}`, seq: revision + 1 });
  };
  const entryOf = async (key: string) => {
    const entry = await kv.get(key);
    if (entry?.operation !== 'PUT' || entry.length === 0) return undefined;
    return { value: entry.string(), revision: entry.revision };
  };
  const holderOf = async (key: string) => {
    const entry = await entryOf(key);
    return entry && !entry.value.startsWith('~') ? { jobId: entry.value, revision: entry.revision } : undefined;
  };
  /** The mark first, then the claim goes: whenever an item is free, its last writer is marked. */
  /** Says marks are about to be written on the org (before any is). */
  const marking = async (orgId: string) => {
    await kv.put(markedKey(orgId), new Date().toISOString());
  };
  /** Whether a mark on the org may have been written since shortly before `plannedAt`. */
  const markedSince = async (orgId: string, plannedAt: string) => {
    const last = await entryOf(markedKey(orgId));
    if (last) return Date.parse(last.value) >= Date.parse(plannedAt) - MARKED_MARGIN_MS;
    // Never said: no mark at all (a new org), or marks of planners from before `marked`, which
    // count as recent (and are said to be, so this listing happens once).
    let any = false;
    for await (const _ of await kv.keys(`mark.${orgId}.>`)) any = true;
    if (any) await marking(orgId);
    return any;
  };
  const markThenDelete = async (key: string, writer: string, revision: number) => {
    await kv.put(markOf(key), writer);
    await purgeUpTo(key, revision);
  };
  const dropKey = async (key: string, jobId: string, knownRevision?: number) => {
    const claim = knownRevision !== undefined ? { jobId, revision: knownRevision } : await holderOf(key);
    if (claim?.jobId === jobId) await markThenDelete(key, jobId, claim.revision);
  };
  /** A plan made before the last writer of an item ended is out of date for it. */
  const outOfDate = async (key: string, jobId: string, endedSincePlan: EndedSincePlan) => {
    const mark = await entryOf(markOf(key));
    return mark !== undefined && mark.value !== jobId && (await endedSincePlan(mark.value)) ? mark.value : undefined;
  };
  // What a failed attempt took goes back as it was: not as the mark of a job that wrote nothing.
  const giveBack = async (key: string, jobId: string, before: string | undefined) => {
    const claim = await holderOf(key);
    if (claim?.jobId !== jobId) return;
    const back = before ? kv.update(key, before, claim.revision) : purgeUpTo(key, claim.revision);
    await back.catch((err) => {
      if (!isWrongSequence(err)) throw err;
    });
  };
  /**
   * Runs `fn` over the items with up to IN_FLIGHT at once, starting the next as soon as one ends (no
   * wait for a whole group); once `stop()` says so, starts no more. The first failure fails the call.
   */
  const pooled = async (items: readonly string[], fn: (id: string) => Promise<void>, stop = () => false) => {
    let next = 0;
    let failed = false;
    const lane = async () => {
      while (next < items.length && !failed && !stop()) {
        await fn(items[next++] as string).catch((err) => {
          failed = true;
          throw err;
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, items.length) }, lane));
  };
  const claims: Claims = {
    async take(orgId, jobId, itemIds, endedSincePlan, plannedAt) {
      const ids = [...new Set(itemIds.filter(validToken))].sort();
      /** Items taken by this call, with the mark each had before. */
      const taken = new Map<string, string | undefined>();
      const revisions = revisionsOf(orgId, jobId);
      /** Items this call created: their marks are read once every create is in (see markedKey). */
      const created: string[] = [];
      let conflict: { holder: string; itemId: string; ended?: boolean } | undefined;
      await pooled(
        ids,
        async (id) => {
          const key = keyOf(orgId, id);
          try {
            const revision = await kv.create(key, jobId);
            taken.set(id, undefined);
            revisions.set(id, revision);
            created.push(id);
            return;
          } catch (err) {
            if (!isWrongSequence(err)) throw err;
            const entry = await entryOf(key);
            if (entry?.value === jobId) {
              revisions.set(id, entry.revision);
              return;
            }
            // A mark in the claim's own entry, left by an older planner.
            if (entry?.value.startsWith('~')) {
              const writer = entry.value.slice(1);
              if (writer !== jobId && (await endedSincePlan(writer))) {
                conflict ??= { holder: writer, itemId: id, ended: true };
                return;
              }
              try {
                const revision = await kv.update(key, jobId, entry.revision);
                taken.set(id, entry.value);
                revisions.set(id, revision);
                return;
              } catch (e) {
                if (!isWrongSequence(e)) throw e;
              }
            }
            // Held by another job, or changed since the create (the next attempt sees).
            conflict ??= { holder: entry && !entry.value.startsWith('~') ? entry.value : '', itemId: id };
          }
        },
        () => conflict !== undefined,
      );
      // Read after the creates: a release that freed one of these items put `marked` before then.
      if (!conflict && created.length > 0 && plannedAt && (await markedSince(orgId, plannedAt))) {
        await pooled(
          created,
          async (id) => {
            const writer = await outOfDate(keyOf(orgId, id), jobId, endedSincePlan);
            if (writer) conflict ??= { holder: writer, itemId: id, ended: true };
          },
          () => conflict !== undefined,
        );
      }
      if (!conflict) return { taken: true };
      for (const id of taken.keys()) revisions.delete(id);
      await pooled([...taken.keys()], (id) => giveBack(keyOf(orgId, id), jobId, taken.get(id)));
      return { taken: false, ...conflict };
    },
    async release(orgId, jobId, itemIds) {
      // Revisions known here need no read; the rest (taken before a restart, or another job's dead
      // claims) are read first.
      const revisions = held.get(`${orgId}.${jobId}`);
      await marking(orgId);
      await pooled(itemIds.filter(validToken), async (id) => {
        await dropKey(keyOf(orgId, id), jobId, revisions?.get(id));
        revisions?.delete(id);
      });
      if (revisions?.size === 0) held.delete(`${orgId}.${jobId}`);
    },
    async holder(orgId, itemId) {
      return validToken(itemId) ? (await holderOf(keyOf(orgId, itemId)))?.jobId : undefined;
    },
    async drop(orgId, jobId, itemId) {
      await marking(orgId);
      await dropKey(keyOf(orgId, itemId), jobId);
    },
    async all() {
      const keys: string[] = [];
      for await (const key of await kv.keys('claim.>')) keys.push(key);
      const found: Array<{ orgId: string; itemId: string; jobId: string }> = [];
      await pooled(keys, async (key) => {
        const [, orgId, itemId] = key.split('.');
        const entry = await entryOf(key);
        if (!orgId || !itemId || !entry) return;
        // An older planner's mark: moved out of the claims, so the next start does not read it.
        if (entry.value.startsWith('~')) {
          await marking(orgId);
          return markThenDelete(key, entry.value.slice(1), entry.revision);
        }
        found.push({ orgId, itemId, jobId: entry.value });
      });
      return found;
    },
  };
  return claims;
}
