// Claims in KV: one value per org, `jobs-of.<org>` in the jobs bucket, listing the org's jobs that
// hold their items now and those that ended lately (overlap-registry.ts). It changes only by a write
// checked against the revision read, so registrations at one planner or at several are totally
// ordered: of two jobs that read the same value and meet, one write fails, reads the winner and
// waits. A job's claims cost one read and one write to take and to give back, whatever its size.
// The policy (who meets whom, who is live, what to do about it) is claim-gate.ts's.
//
// Older planners kept a claim per item (`claim.<org>.<backed-up id>`, the job id, or `~<job id>`
// once released) and a mark of its last writer (`mark.<org>.<backed-up id>`, with `marked.<org>`,
// when marks were last written). `legacy()` lists them once, for the gate to move into the registry,
// and `purgeLegacy()` removes them: a planner starting after the move lists nothing.
// See docs/decisions/overlapping-restores.md.
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { KV_BUCKETS } from '@restorelab/contracts';
import { emptyRegistry, type Registry, registrySchema } from './overlap-registry.ts';

export interface ReadRegistry {
  registry: Registry;
  /** The revision to write against: 0 when the org has none yet. */
  revision: number;
}

/** What older planners left on an org. */
export interface LegacyClaims {
  /** Live claims by holder: job id → backed-up ids. */
  held: Map<string, string[]>;
  /** Items with a mark (or a claim released in its own entry), whoever wrote them last. */
  marked: string[];
  /** `marked.<org>`: when marks were last written (unset: never said, before the stamp existed). */
  markedAt?: string;
}

export interface Claims {
  read(orgId: string): Promise<ReadRegistry>;
  /** Writes the org's registry if it is still at `revision`; false if it moved since. */
  write(orgId: string, registry: Registry, revision: number): Promise<boolean>;
  /** The orgs with a registry. */
  orgs(): Promise<string[]>;
  /** What older planners left, by org, and the bucket's last sequence when it was read. */
  legacy(): Promise<{ byOrg: Map<string, LegacyClaims>; upTo: number }>;
  /** Removes what older planners left on the org, up to sequence `upTo` (nothing written since). */
  purgeLegacy(orgId: string, upTo: number): Promise<void>;
}

const registryKey = (orgId: string) => `jobs-of.${orgId}`;

function isWrongSequence(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
      err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

/** Org ids are Salesforce ids: anything else cannot be a key token. */
function validToken(id: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(id);
}

/** KV reads in flight at once while listing what older planners left (a round trip each). */
const IN_FLIGHT = 256;

export async function openClaims(js: JetStreamClient): Promise<Claims> {
  const kv: KV = await new Kvm(js).open(KV_BUCKETS.jobs);
  const jsm = await js.jetstreamManager();
  const stream = `KV_${KV_BUCKETS.jobs}`;
  const entryAt = async (key: string) => {
    const entry = await kv.get(key);
    return entry?.operation === 'PUT' && entry.length > 0 ? entry : undefined;
  };
  const keysOf = async (filter: string) => {
    const keys: string[] = [];
    for await (const key of await kv.keys(filter)) keys.push(key);
    return keys;
  };
  return {
    async read(orgId) {
      if (!validToken(orgId)) throw new Error(`not an org id: ${orgId}`);
      const entry = await entryAt(registryKey(orgId));
      if (!entry) return { registry: emptyRegistry(), revision: 0 };
      const parsed = registrySchema.safeParse(entry.json());
      // A value no planner of this version wrote is not guessed at: a job of that org waits.
      if (!parsed.success) throw new Error(`jobs-of.${orgId} is not a registry: ${parsed.error.message}`);
      return { registry: parsed.data, revision: entry.revision };
    },
    async write(orgId, registry, revision) {
      const json = JSON.stringify(registry);
      try {
        if (revision > 0) await kv.update(registryKey(orgId), json, revision);
        else await kv.create(registryKey(orgId), json);
        return true;
      } catch (err) {
        if (isWrongSequence(err)) return false;
        throw err;
      }
    },
    async orgs() {
      return (await keysOf('jobs-of.*')).map((key) => key.slice('jobs-of.'.length));
    },
    async legacy() {
      const upTo = (await jsm.streams.info(stream)).state.last_seq;
      const byOrg = new Map<string, LegacyClaims>();
      const of = (orgId: string) => {
        const found = byOrg.get(orgId) ?? { held: new Map<string, string[]>(), marked: [] };
        byOrg.set(orgId, found);
        return found;
      };
      // Marks: their keys say all that is needed (which items; when, `marked.<org>` says).
      for (const key of await keysOf('mark.>')) {
        const [, orgId, itemId] = key.split('.');
        if (orgId && itemId) of(orgId).marked.push(itemId);
      }
      for (const key of await keysOf('marked.*')) {
        const value = (await entryAt(key))?.string();
        if (value) of(key.slice('marked.'.length)).markedAt = value;
      }
      const claimKeys = await keysOf('claim.>');
      for (let i = 0; i < claimKeys.length; i += IN_FLIGHT) {
        await Promise.all(
          claimKeys.slice(i, i + IN_FLIGHT).map(async (key) => {
            const [, orgId, itemId] = key.split('.');
            const value = (await entryAt(key))?.string();
            if (!orgId || !itemId || !value) return;
            const org = of(orgId);
            if (value.startsWith('~')) return void org.marked.push(itemId);
            const items = org.held.get(value) ?? [];
            items.push(itemId);
            org.held.set(value, items);
          }),
        );
      }
      return { byOrg, upTo };
    },
    async purgeLegacy(orgId, upTo) {
      if (!validToken(orgId)) return;
      for (const key of [`claim.${orgId}.>`, `mark.${orgId}.>`, `marked.${orgId}`]) {
        await jsm.streams.purge(stream, { filter: `$KV.${KV_BUCKETS.jobs}.${key}`, seq: upTo + 1 });
      }
    },
  };
}
