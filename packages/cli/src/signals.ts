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
