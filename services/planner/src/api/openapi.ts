// What every route file shares: the dependencies routes read, a sub-app whose bad input answers the
// API's 400 body, and the OpenAPI pieces (bearer security, JSON answers, the common error answers).
// The request and answer schemas themselves are the contract in @restorelab/planner-api.
import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { NatsConnection } from '@nats-io/transport-node';
import { ErrorBodySchema } from '@restorelab/planner-api';
import type { Logger } from '@restorelab/runtime';
import type { SnapshotStore } from '@restorelab/snapshots';
import type { Connection } from 'jsforce';
import type { JobManager } from '../jobs/job-manager.ts';
import type { WriteMode } from '../jobs/types.ts';
import { issuesMessage } from './errors.ts';

export interface ApiDeps {
  manager: JobManager;
  store: SnapshotStore;
  /** The org restores write to and backups read. */
  conn: Connection;
  nc: NatsConnection;
  logger: Logger;
  /** How new records are written (see StoredPlan.writeMode); default sObject Collections. */
  writeMode?: WriteMode;
  /** The address of a share link carrying `token` (outside /v1, on the planner's public address). */
  shareUrl: (token: string) => string;
}

export const OPENAPI_PATH = '/v1/openapi.json';
export const HEALTH_PATH = '/v1/health';

/** A route needs `Authorization: Bearer <token>` (every route but the document and the health check). */
export const secured = [{ bearer: [] }];

/** A sub-app of the API: a request that fails its schema answers 400 `BAD_REQUEST` naming the fields. */
export function apiRoutes(): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return c.json({ error: { code: 'BAD_REQUEST', message: issuesMessage(result.error) } }, 400);
    },
  });
}

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const errors = {
  400: json(ErrorBodySchema, 'Bad input'),
  401: json(ErrorBodySchema, 'Missing or wrong bearer token'),
  404: json(ErrorBodySchema, 'Unknown id'),
  409: (description: string) => json(ErrorBodySchema, description),
  422: (description: string) => json(ErrorBodySchema, description),
} as const;
