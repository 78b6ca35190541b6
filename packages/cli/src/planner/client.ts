// The planner's API for the client commands: planner-api's typed client, with every failure turned into
// a CliError with one line that says what to do (unreachable → start `restorelab dev`; 401 → the token
// is wrong). The token travels only in the Authorization header; it is never part of a message.
import {
  type BackupRequest,
  type ItemKind,
  type JobEvent,
  type Page,
  PlannerApiClient,
  PlannerApiError,
  type RestoreRequest,
  type ShareRequest,
} from '@restorelab/planner-api';
import { CliError, EXIT } from '../errors.ts';
import type { PlannerTarget } from './target.ts';

export type { ItemKind };

export class PlannerClient {
  readonly target: PlannerTarget;
  readonly #api: PlannerApiClient;

  constructor(target: PlannerTarget) {
    this.target = target;
    this.#api = new PlannerApiClient({ url: target.url, token: target.token });
  }

  health = () => this.#call((api) => api.health());
  orgs = () => this.#call((api) => api.orgs());
  snapshots = (org?: string) => this.#call((api) => api.snapshots(org));
  snapshot = (id: string) => this.#call((api) => api.snapshot(id));
  backup = (request: BackupRequest = {}) => this.#call((api) => api.backup(request));
  listFolder = (snapshotId: string, path: string, page: Page = {}) =>
    this.#call((api) => api.folder(snapshotId, path, page));
  search = (snapshotId: string, text: string, page: Page = {}) =>
    this.#call((api) => api.search(snapshotId, text, page));
  preview = (snapshotId: string, recordId: string) => this.#call((api) => api.preview(snapshotId, recordId));
  /** A download to stream to a file: its name, type and body. */
  download = (snapshotId: string, kind: ItemKind, id: string) =>
    this.#call((api) => api.download(snapshotId, kind, id));
  share = (snapshotId: string, kind: ItemKind, id: string, request: ShareRequest = {}) =>
    this.#call((api) => api.share(snapshotId, kind, id, request));
  revokeShare = (shareId: string) => this.#call((api) => api.revokeShare(shareId));
  planRestore = (request: RestoreRequest) => this.#call((api) => api.planRestore(request));
  confirm = (planId: string) => this.#call((api) => api.confirm(planId));
  jobs = () => this.#call((api) => api.jobs());
  job = (id: string) => this.#call((api) => api.job(id));
  cancel = (id: string) => this.#call((api) => api.cancel(id));
  resume = (id: string) => this.#call((api) => api.resume(id));
  /** The job once it has stopped, or as it is after `waitSeconds` (a long poll, at most 60 s). */
  jobWhenStopped = (id: string, waitSeconds: number, signal?: AbortSignal) =>
    this.#call((api) => api.job(id, { wait: waitSeconds, ...(signal ? { signal } : {}) }));

  /** The job's events from its start until its final status (the stream ends there). */
  async *events(jobId: string, signal?: AbortSignal): AsyncGenerator<JobEvent> {
    const events = await this.#call((api) => api.events(jobId, signal ? { signal } : {}));
    try {
      yield* events;
    } catch (error) {
      throw this.#failure(error);
    }
  }

  async #call<T>(call: (api: PlannerApiClient) => Promise<T>): Promise<T> {
    try {
      return await call(this.#api);
    } catch (error) {
      throw this.#failure(error);
    }
  }

  #failure(error: unknown): unknown {
    if (!(error instanceof PlannerApiError)) return error; // an abort, a bug: as it is
    if (error.code === 'UNREACHABLE')
      return new CliError('PLANNER_UNREACHABLE', unreachableMessage(this.target), { cause: error });
    if (error.status === 401) {
      const hint = this.target.token
        ? 'the planner refused the API token: it is wrong for this planner'
        : 'the planner needs an API token';
      return new CliError(
        'UNAUTHORIZED',
        `${hint}; pass --token or set PLANNER_TOKEN (restorelab dev prints the token)`,
      );
    }
    if (error.status >= 500)
      return new CliError(
        error.code,
        `the planner failed (HTTP ${error.status}): ${error.fromPlanner ? error.message : 'see its log'}`,
      );
    // 400: the request the command built from its arguments was refused, a usage error like a bad flag.
    return new CliError(error.code, `${error.message}${error.rule ? ` (${error.rule})` : ''}`, {
      cause: error,
      ...(error.status === 400 ? { exitCode: EXIT.usage } : {}),
    });
  }
}

function unreachableMessage(target: PlannerTarget): string {
  const from =
    target.source === 'flag'
      ? ' (from --planner)'
      : target.source === 'env'
        ? ' (from PLANNER_URL)'
        : target.source === 'dev-file'
          ? ' (from .restorelab/dev.json)'
          : '';
  return `cannot reach the planner at ${target.url}${from}: start one with \`restorelab dev\`, or point --planner / PLANNER_URL at a running one`;
}
