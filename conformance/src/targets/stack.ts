// Target `stack`: the mock org served over HTTP, and the three services (planner, record-writer,
// file-writer) over a real NATS — the planner's own `startStack`, with an embedded nats-server by
// default or an existing one by URL. The suite reaches the engine only through the planner's HTTP
// API (httpEngine), and the org through jsforce over HTTP, as a user would.
import type { ConformanceTarget, OpenOptions, TargetSession } from './target.ts';

export interface StackTargetOptions {
  /** An existing NATS server (the dev stack, docker compose); absent → an embedded nats-server. */
  natsUrl?: string;
}

export function stackTarget(options: StackTargetOptions = {}): ConformanceTarget {
  return {
    name: 'stack',
    // Sessions on one given NATS server would share its streams and consumers: one at a time then.
    ...(options.natsUrl ? {} : { spec: { kind: 'stack' } as const }),
    async open(open: OpenOptions = {}): Promise<TargetSession> {
      const { openStackSession } = await import('./stack-session.ts');
      return openStackSession(options, open);
    },
  };
}
