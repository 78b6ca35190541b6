// Keeping at a JetStream call while JetStream is briefly away. A cluster electing a stream's new
// leader after a node is lost answers "no responders" or times out for a few seconds. The planner
// moves a job's state on in memory before it saves it and sends its work, so a save or a publish
// lost then would leave the job waiting for results nobody sends (the redelivered result is a
// duplicate by then). Only calls that are safe to repeat go through here: puts of the same value,
// publishes under a message id.

/** Tries of one call: about a minute of JetStream being away. */
const ATTEMPTS = 20;

/** Runs `send` until it succeeds, up to `attempts` tries with a growing pause (capped at 2 s). */
export async function withRetries<T>(
  send: () => Promise<T>,
  options: { attempts?: number; pauseMs?: (attempt: number) => number } = {},
): Promise<T> {
  const attempts = options.attempts ?? ATTEMPTS;
  const pause = options.pauseMs ?? ((attempt: number) => Math.min(2_000, 100 * 2 ** attempt));
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, pause(attempt)));
    }
  }
}
