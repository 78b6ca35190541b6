// The jobs of one org that overlap control knows about, as one value (`jobs-of.<org>` in the jobs
// bucket, changed only by compare-and-set on its revision, claims.ts): the jobs holding their items
// now (`active`), the ones that ended lately (`ended`, with when), and what is left of older ones
// (`older`: their items folded into one sketch, with the latest end). A job names its items by its
// plan (the plan store holds them) and carries a sketch of them: a fixed bitmap of their hashes, so
// two jobs whose sketches do not meet share no item and nobody loads a plan. Pure: no I/O.
// See docs/decisions/overlapping-restores.md.
import { z } from 'zod';

/** Bits of a job's sketch: 128 bytes, 172 characters of base64 in the value. */
export const SKETCH_BITS = 1024;

/**
 * Ended jobs kept by name: a plan made before one of them ended and meeting it plans again. Past
 * this count (or age), the oldest are folded into `older`, where a meeting plan made before the
 * fold's latest end plans again whoever wrote its items; so the value stays small (under 100 kB at
 * this count) whatever the org's history.
 */
export const ENDED_KEPT = 200;
export const ENDED_KEPT_MS = 24 * 60 * 60_000;

/**
 * The most the value may hold (characters of JSON): far below NATS's 1 MiB message limit. A job that
 * would push it past waits for the oldest active job, as it would for one holding its items.
 */
export const REGISTRY_MAX_CHARS = 512 * 1024;

const jobRef = z.object({
  /** The job. */
  job: z.string(),
  /** Its plan (the plan store's id): the items, exactly. */
  plan: z.string(),
  /** The plan's `plannedAt`: which version of the plan the items are (a job planned again has a new one). */
  planned: z.string().optional(),
  /** Sketch of the items (base64 of SKETCH_BITS bits). */
  bits: z.string(),
  /** How many items. */
  n: z.number().int().nonnegative(),
});
export type JobRef = z.infer<typeof jobRef>;

export const registrySchema = z.object({
  v: z.literal(1),
  active: z.array(jobRef.extend({ since: z.string() })),
  ended: z.array(jobRef.extend({ at: z.string() })),
  older: z.object({ bits: z.string(), until: z.string() }).optional(),
});
export type Registry = z.infer<typeof registrySchema>;
export type ActiveJob = Registry['active'][number];
export type EndedJob = Registry['ended'][number];

export function emptyRegistry(): Registry {
  return { v: 1, active: [], ended: [] };
}

/** FNV-1a of the id, to a bit of the sketch. */
function bitOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SKETCH_BITS;
}

/** The sketch of a set of items. */
export function sketchOf(items: Iterable<string>): string {
  const bytes = new Uint8Array(SKETCH_BITS / 8);
  for (const id of items) {
    const bit = bitOf(id);
    bytes[bit >> 3]! |= 1 << (bit & 7);
  }
  return Buffer.from(bytes).toString('base64');
}

function bytesOf(bits: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(bits, 'base64'));
  // A sketch of another size (or garbled) meets everything: the exact check decides.
  return bytes.length === SKETCH_BITS / 8 ? bytes : new Uint8Array(SKETCH_BITS / 8).fill(0xff);
}

/** Whether two sketches share a bit: false means the item sets are disjoint; true, that they may meet. */
export function sketchesMeet(a: string, b: string): boolean {
  const x = bytesOf(a);
  const y = bytesOf(b);
  for (let i = 0; i < x.length; i++) if ((x[i]! & y[i]!) !== 0) return true;
  return false;
}

function union(a: string, b: string): string {
  const x = bytesOf(a);
  const y = bytesOf(b);
  return Buffer.from(x.map((v, i) => v | y[i]!)).toString('base64');
}

/** The registry with the job active (in place of any earlier entry of it). */
export function withActive(registry: Registry, ref: JobRef, now: string): Registry {
  return {
    ...registry,
    active: [...registry.active.filter((a) => a.job !== ref.job), { ...ref, since: now }],
    ended: registry.ended.filter((e) => e.job !== ref.job),
  };
}

/** The registry with an active job ended at `at` (unchanged when it is not active). */
export function withEnded(registry: Registry, jobId: string, at: string, now: Date): Registry {
  const entry = registry.active.find((a) => a.job === jobId);
  if (!entry) return registry;
  const { since: _since, ...ref } = entry;
  return pruned(
    {
      ...registry,
      active: registry.active.filter((a) => a.job !== jobId),
      ended: [...registry.ended.filter((e) => e.job !== jobId), { ...ref, at }],
    },
    now,
  );
}

/**
 * Folds ended jobs into `older` past ENDED_KEPT, past ENDED_KEPT_MS, or while the value is too large:
 * the oldest ends first. A fold never loses what a plan needs to know: whether an item it meets was
 * written after it was made (by someone, maybe too cautiously so).
 */
export function pruned(registry: Registry, now: Date): Registry {
  const ended = [...registry.ended].sort((a, b) => a.at.localeCompare(b.at));
  let older = registry.older;
  const cutoff = new Date(now.getTime() - ENDED_KEPT_MS).toISOString();
  const tooMany = () => ended.length > ENDED_KEPT;
  const tooOld = () => ended.length > 0 && ended[0]!.at < cutoff;
  const tooLarge = () => ended.length > 0 && sizeOf({ ...registry, ended, older }) > REGISTRY_MAX_CHARS / 2;
  while (tooMany() || tooOld() || tooLarge()) {
    const first = ended.shift()!;
    older = older
      ? { bits: union(older.bits, first.bits), until: laterOf(first.at, older.until) }
      : { bits: first.bits, until: first.at };
  }
  return { ...registry, ended, ...(older ? { older } : {}) };
}

/** The later of two ISO times (strings: Math.max does not apply). */
function laterOf(a: string, b: string): string {
  return [a, b].sort()[1]!;
}

export function sizeOf(registry: Registry): number {
  return JSON.stringify(registry).length;
}

/** Folds items known only by id (left by older planners' marks) into `older`, as written by `until`. */
export function withOlder(registry: Registry, items: Iterable<string>, until: string): Registry {
  const bits = sketchOf(items);
  const older = registry.older
    ? { bits: union(registry.older.bits, bits), until: laterOf(until, registry.older.until) }
    : { bits, until };
  return { ...registry, older };
}
