// One run of `--watch`, in its own process: the options come as JSON in argv[2]; the exit code is the run's.
import { runConformanceCommand } from './command.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof runConformanceCommand>[0];
process.exitCode = await runConformanceCommand({ ...options, watch: false });
