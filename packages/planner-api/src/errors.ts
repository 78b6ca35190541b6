// The API's error body and the client's one error class. Every failure the planner answers is
// `{ error: { code, message, rule? } }`; the client turns it, a network failure or an answer it
// cannot read into a PlannerApiError with the HTTP status, the stable code and the rule behind it.
import { z } from 'zod';

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'BAD_REQUEST' }),
      message: z.string(),
      rule: z.string().optional().meta({ description: 'The restore rule behind a refusal (R02 …)' }),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Codes the client itself gives: no answer at all, or an answer that is not the API's. */
export type ClientErrorCode = 'UNREACHABLE' | 'BAD_RESPONSE';

export interface PlannerApiErrorInit {
  /** The HTTP status; 0 when the planner gave no answer. */
  status: number;
  /** The API's code (`NOT_FOUND`, `DOWNLOAD_ONLY_TYPE` …), `HTTP_<status>` when the body had none, or a ClientErrorCode. */
  code: string;
  message: string;
  rule?: string | undefined;
  cause?: unknown;
}

/**
 * A call to the planner's API that did not succeed.
 * @example
 * try { await client.planRestore(request) }
 * catch (e) { if (e instanceof PlannerApiError && e.rule === 'R02') console.log('download only') }
 */
export class PlannerApiError extends Error {
  override name = 'PlannerApiError';
  readonly status: number;
  readonly code: string;
  readonly rule: string | undefined;

  constructor(init: PlannerApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.rule = init.rule;
  }

  /** True when the planner answered with a body of its own (not a proxy's page, not silence). */
  get fromPlanner(): boolean {
    return this.status > 0 && this.code !== `HTTP_${this.status}` && this.code !== 'BAD_RESPONSE';
  }
}
