// `pnpm mutation` only. @fast-check/vitest names each property test "… (with seed=N)" with a fresh
// random N per run, so the names Stryker records in its dry run never match the names of a mutant's
// run, and no property test would ever run against a mutant. A fixed seed keeps the names stable.
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: 15 });
