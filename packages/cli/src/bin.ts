#!/usr/bin/env node
// Entry point of the `restorelab` command.
import { enableCompileCache } from 'node:module';

// Node keeps the modules it compiled (type-stripped TypeScript included) in its compile cache on
// disk, so every run after the first skips that work: `restorelab --help` measured 280 ms without,
// 130 ms with. The program is imported only after the cache is on. NODE_COMPILE_CACHE picks the
// folder (default: the system's temporary one); NODE_DISABLE_COMPILE_CACHE=1 turns it off.
enableCompileCache();
const { runCli } = await import('./program.ts');
const { quietOnClosedPipe } = await import('./signals.ts');

// `restorelab snapshots | head -2`: the reader went away; stop as a pipeline expects, without a trace.
quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);
const code = await runCli(process.argv);
// Long-running commands (mock, dev) keep the process alive themselves and exit on a signal.
process.exitCode = code;
