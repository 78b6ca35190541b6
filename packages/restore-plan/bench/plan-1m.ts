// Child process of restore.bench.ts: plans a related restore over a 1,000,000-record synthetic
// snapshot slice and prints one JSON line with the time and memory it took. Run apart from the
// benchmark process so the peak memory it reports belongs to this plan and nothing else.
import { planRestore, syntheticPlanInput } from '@restorelab/restore-plan';

const size = Number(process.argv[2] ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;

const baseline = process.memoryUsage();
const input = syntheticPlanInput(size);
gc?.();
const inputOnly = process.memoryUsage();
const cpu = process.cpuUsage();
const started = performance.now();
const plan = planRestore(input);
const elapsedMs = performance.now() - started;
const cpuMs = (() => {
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000;
})();
const after = process.memoryUsage();
// maxRSS covers the whole process (node itself, the generated input and the plan): an upper bound.
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
gc?.();
const retained = process.memoryUsage();
console.log(
  JSON.stringify({
    size,
    records: plan.records.length,
    waves: plan.waves.length,
    elapsedMs,
    cpuMs,
    peakRssBytes,
    baselineRssBytes: baseline.rss,
    inputHeapBytes: inputOnly.heapUsed - baseline.heapUsed,
    heapAfterPlanBytes: after.heapUsed,
    planRetainedHeapBytes: retained.heapUsed - inputOnly.heapUsed,
  }),
);
