// Repeats of the fault runs, each with its own seed. A rare double write shows only over many runs,
// and a run that shows one must be replayable, so every run gets a seed that picks its choices (how
// long after the first write the kill comes, which node, which calls the org fails) and the seed is
// in the test's name: vitest prints it with any failure.
//
//   RELIABILITY_REPEATS=5   run every fault scenario 5 times (default 1, what CI runs)
//   RELIABILITY_SEED=<n>    the first run's seed (the others follow from it); replays a failed run
//
// Only the choices replay; the rest of the timing is the machine's.

/** How many times each fault scenario runs (RELIABILITY_REPEATS, default 1). */
export function repeatCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RELIABILITY_REPEATS ?? '1';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`RELIABILITY_REPEATS must be a whole number >= 1, got "${raw}"`);
  return n;
}

export interface SeededRun {
  /** 1-based. */
  run: number;
  seed: number;
  /** `run 2/5, seed 123`: goes into the test's name. */
  label: string;
}

/**
 * The runs of one scenario: run 1 takes RELIABILITY_SEED when set, else a fresh seed; the scenario's
 * name keeps two scenarios from sharing seeds.
 * @example for (const r of seededRuns('kill record-writer')) it(`... (${r.label})`, () => scenario(r.seed));
 */
export function seededRuns(scenario: string, env: NodeJS.ProcessEnv = process.env): SeededRun[] {
  const count = repeatCount(env);
  const given = env.RELIABILITY_SEED;
  if (given !== undefined && !/^\d+$/.test(given)) throw new Error(`RELIABILITY_SEED must be a number, got "${given}"`);
  const base = given !== undefined ? Number(given) >>> 0 : (Date.now() ^ hash(scenario)) >>> 0;
  return Array.from({ length: count }, (_, i) => {
    // Run 1 is the given seed itself, so a printed seed replays that run with RELIABILITY_SEED alone.
    const seed = i === 0 ? base : (base + i * 0x9e3779b1) >>> 0;
    return { run: i + 1, seed, label: `run ${i + 1}/${count}, seed ${seed}` };
  });
}

/** A small deterministic generator (xorshift32) in [0, 1), so a run's choices replay from its seed. */
export function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** A whole number in [min, max] from `rnd`. */
export const between = (rnd: () => number, min: number, max: number): number =>
  min + Math.floor(rnd() * (max - min + 1));

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
