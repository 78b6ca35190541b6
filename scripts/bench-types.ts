// The shape of a benchmark module (`<package>/bench/<name>.bench.ts`, default export), read by scripts/bench.ts.

export interface BenchMeasure {
  /** What was measured, e.g. "single-record GET". */
  name: string;
  value: number;
  unit: string;
  /** A ratio against a baseline measured in the same run (value / baseline), when the measure is one. */
  ratio?: number;
  baseline?: string;
  /** The target as text, e.g. "≥ 0.5", and whether it was met. */
  target?: string;
  met?: boolean;
}

export interface BenchSuite {
  name: string;
  run(log: (line: string) => void): Promise<BenchMeasure[]>;
}
