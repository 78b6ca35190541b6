#!/usr/bin/env node
// Entry point of the `restorelab` command.
import { runCli } from './program.ts';

const code = await runCli(process.argv);
// Long-running commands (mock, dev) keep the process alive themselves and exit on a signal.
process.exitCode = code;
