// Waiting for Ctrl-C in long-running commands, so they can close what they started before exiting.

/** Resolves on the first SIGINT or SIGTERM, with the signal's name. */
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolvePromise) => {
    const handler = (signal: NodeJS.Signals) => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      resolvePromise(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

/**
 * When the reader of a pipe closes early (`| head`), writes fail with EPIPE, and an unhandled stream
 * error would end the process with a stack trace. Like git and the Salesforce CLI, end quietly instead:
 * nothing more can be shown anyway.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
