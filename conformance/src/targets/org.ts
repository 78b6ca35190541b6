// Target `org`: a Salesforce org through jsforce, credentials from the environment
// (SF_USERNAME/SF_PASSWORD[/SF_TOKEN]/SF_LOGIN_URL, or SF_INSTANCE_URL/SF_ACCESS_TOKEN). Checks the
// fixture schema is deployed first. The same code path runs against the mock over HTTP.
import { FIXTURE_DIR } from './mock.ts';
import type { ConformanceTarget, OpenOptions, TargetSession } from './target.ts';

export interface OrgTargetOptions {
  engineUrl?: string;
  engineToken?: string;
}

export class FixtureMissingError extends Error {
  override readonly name = 'FixtureMissingError';
  readonly code = 'FIXTURE_NOT_DEPLOYED';
  readonly missing: string[];
  constructor(missing: string[]) {
    super(
      `the org lacks the fixture schema (${missing.join(', ')}); deploy it with:\n  sf project deploy start --source-dir ${FIXTURE_DIR.replace(/.*\/(conformance\/)/, '$1')}/force-app --target-org <alias>`,
    );
    this.missing = missing;
  }
}

export function orgTarget(env: NodeJS.ProcessEnv = process.env, options: OrgTargetOptions = {}): ConformanceTarget {
  const session = env.SF_INSTANCE_URL && env.SF_ACCESS_TOKEN;
  const login = env.SF_USERNAME && env.SF_PASSWORD;
  return {
    name: 'org',
    ...(session || login
      ? {}
      : {
          unavailable:
            'no org credentials: set SF_USERNAME and SF_PASSWORD (and SF_TOKEN, SF_LOGIN_URL) or SF_INSTANCE_URL and SF_ACCESS_TOKEN',
        }),
    async open(open: OpenOptions = {}): Promise<TargetSession> {
      const { openOrgSession } = await import('./org-session.ts');
      return openOrgSession(env, options, open);
    },
  };
}
