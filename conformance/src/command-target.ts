// The target a conformance command runs on, from its options. Kept apart from command.ts so that a
// warm `--watch` runner can open sessions without loading the rules (run.ts pulls in the catalogue).
import { httpEngine } from './engines/http-engine.ts';
import { mockTarget } from './targets/mock.ts';
import { orgTarget } from './targets/org.ts';
import { stackTarget } from './targets/stack.ts';
import { BACKUP_OBJECTS, type ConformanceTarget } from './targets/target.ts';

export interface TargetOptions {
  target?: 'mock' | 'stack' | 'org';
  engine?: string;
  engineToken?: string;
  env?: NodeJS.ProcessEnv;
}

export function targetOf(options: TargetOptions): ConformanceTarget {
  const env = options.env ?? process.env;
  if (options.target === 'org') {
    return orgTarget(env, {
      ...(options.engine ? { engineUrl: options.engine } : {}),
      ...(options.engineToken ? { engineToken: options.engineToken } : {}),
    });
  }
  if (options.target === 'stack') return stackTarget(env.NATS_URL ? { natsUrl: env.NATS_URL } : {});
  const target = mockTarget();
  if (!options.engine) return target;
  const engineUrl = options.engine;
  return {
    name: 'mock',
    async open(open) {
      const session = await target.open(open);
      await session.engine.close();
      return { ...session, engine: httpEngine(engineUrl, options.engineToken, { backupObjects: BACKUP_OBJECTS }) };
    },
  };
}
