// Route-level pieces of the OpenAPI document: the error answers most routes share and a JSON body
// helper. The request and answer schemas themselves are the contract in @restorelab/planner-api.
import type { z } from '@hono/zod-openapi';
import { ErrorBodySchema } from '@restorelab/planner-api';

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const commonErrors = {
  400: json(ErrorBodySchema, 'Bad input'),
  401: json(ErrorBodySchema, 'Missing or wrong bearer token'),
  404: json(ErrorBodySchema, 'Unknown id'),
} as const;
