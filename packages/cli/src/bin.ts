#!/usr/bin/env node
// Entry point of the `restorelab` command.
import { runCli } from './program.ts';
import { quietOnClosedPipe } from './signals.ts';

// `restorelab snapshots | head -2`: the reader went away; stop as a pipeline expects, without a trace.
quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);
const code = await runCli(process.argv);
// Long-running commands (mock, dev) keep the process alive themselves and exit on a signal.
process.exitCode = code;
