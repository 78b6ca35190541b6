// Composite (`POST /composite`): up to 25 subrequests run in order, later ones using earlier answers
// through references; with allOrNone any failure rolls every write back and every other
// subrequest answers PROCESSING_HALTED. Composite Graph (`POST /composite/graph`): graphs of up to
// 500 nodes (500 in the payload, 75 graphs, depth 15), each graph its own transaction, so a failed
// graph rolls back only itself. Either way the request is one call on the API allocation and
// answers 200; limits are refused before anything is written.
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Org } from '../org/org.ts';
import type { Dispatch } from './composite-batch.ts';
import {
  checkSubrequests,
  halted,
  invalidRequest,
  type PreparedSubrequest,
  prepareSubrequests,
  type RunContext,
  rolledBack,
  runSubrequest,
  type SubResponse,
  Subrequest,
} from './composite-engine.ts';
import { type MockEnv, parseJson, readBodyText } from './context.ts';

export const MAX_COMPOSITE_SUBREQUESTS = 25;
export const MAX_GRAPHS = 75;
export const MAX_GRAPH_NODES = 500;
export const MAX_GRAPH_DEPTH = 15;
/** Failed graphs after which the remaining graphs are not run. */
export const MAX_GRAPH_FAILURES = 14;

const CompositeBody = z.object({
  allOrNone: z.boolean().optional(),
  collateSubrequests: z.boolean().optional(),
  compositeRequest: z.array(Subrequest).min(1),
});

const GraphBody = z.object({
  graphs: z.array(z.object({ graphId: z.string().min(1), compositeRequest: z.array(Subrequest).min(1) })).min(1),
});

/** Composite Graph nodes may only address records. */
const GRAPH_URL = /^\/services\/data\/v\d+\.\d\/sobjects\/[^/?]+(\/[^/?]+){0,2}\/?$/;

export interface CompositeRequestOptions {
  maxBodyBytes: number;
  dispatch: Dispatch;
  /**
   * Whether subrequests the org model can answer directly skip the trip through the app (default
   * yes). No while the request log records every request, subrequests included.
   */
  inlineSubrequests?: () => boolean;
}

class RollBack extends Error {}

/**
 * Runs subrequests in order; with `allOrNone`, in one transaction that any failure rolls back, the
 * failed subrequest keeping its answer and every other one answering PROCESSING_HALTED.
 */
async function runAll(
  org: Org,
  subs: readonly PreparedSubrequest[],
  allOrNone: boolean,
  context: RunContext,
): Promise<{ responses: SubResponse[]; failed: boolean }> {
  const done = new Map<string, SubResponse>();
  const responses: SubResponse[] = [];
  const run = async () => {
    for (const prepared of subs) {
      const pending = runSubrequest(prepared, done, context);
      const answer = pending instanceof Promise ? await pending : pending;
      done.set(prepared.sub.referenceId, answer);
      responses.push(answer);
      if (allOrNone && answer.httpStatusCode >= 400) throw new RollBack();
    }
  };
  if (!allOrNone) {
    await run();
    return { responses, failed: responses.some((r) => r.httpStatusCode >= 400) };
  }
  try {
    await org.atomicallyAsync(run);
    return { responses, failed: false };
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    const failedAt = responses.length - 1;
    return {
      responses: subs.map(({ sub }, i) => (i === failedAt ? responses[i]! : rolledBack(sub.referenceId))),
      failed: true,
    };
  }
}

/** The longest chain of references in a graph (a node with no reference has depth 1). */
function graphDepth(subs: readonly PreparedSubrequest[]): number {
  const depth = new Map<string, number>();
  let deepest = 0;
  for (const { sub, references } of subs) {
    let d = 1;
    for (const r of references) d = Math.max(d, 1 + (depth.get(r) ?? 0));
    depth.set(sub.referenceId, d);
    deepest = Math.max(deepest, d);
  }
  return deepest;
}

export function compositeRequestRoutes(options: CompositeRequestOptions): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  const contextOf = (c: Context<MockEnv>, requestText: string): RunContext => ({
    origin: new URL(c.req.url).origin,
    authorization: c.req.header('authorization') ?? '',
    dispatch: options.dispatch,
    inline:
      options.inlineSubrequests?.() === false
        ? undefined
        : {
            mock: c.get('mock'),
            userId: c.get('session').userId,
            maxBodyBytes: options.maxBodyBytes,
            requestBytes: Buffer.byteLength(requestText),
          },
  });

  app.post('/', async (c) => {
    const text = await readBodyText(c, options.maxBodyBytes);
    const body = readOrRefuse(text, CompositeBody, '{"compositeRequest": [...]}');
    if (body.compositeRequest.length > MAX_COMPOSITE_SUBREQUESTS) {
      throw invalidRequest(`A composite request can hold at most ${MAX_COMPOSITE_SUBREQUESTS} subrequests`);
    }
    const subs = prepareSubrequests(body.compositeRequest);
    checkSubrequests(subs);
    const { responses } = await runAll(c.get('mock').org, subs, body.allOrNone ?? false, contextOf(c, text));
    return c.json({ compositeResponse: responses });
  });

  app.post('/graph', async (c) => {
    const text = await readBodyText(c, options.maxBodyBytes);
    const { graphs } = readOrRefuse(text, GraphBody, '{"graphs": [...]}');
    if (graphs.length > MAX_GRAPHS) throw invalidRequest(`A payload can hold at most ${MAX_GRAPHS} graphs`);
    const ids = new Set<string>();
    let nodes = 0;
    const prepared: PreparedSubrequest[][] = [];
    for (const graph of graphs) {
      if (ids.has(graph.graphId)) throw invalidRequest(`Duplicate graphId provided in the request: ${graph.graphId}`);
      ids.add(graph.graphId);
      nodes += graph.compositeRequest.length;
      if (graph.compositeRequest.length > MAX_GRAPH_NODES) {
        throw invalidRequest(`Graph ${graph.graphId} has more than ${MAX_GRAPH_NODES} nodes`);
      }
      const subs = prepareSubrequests(graph.compositeRequest);
      prepared.push(subs);
      checkSubrequests(subs);
      const bad = graph.compositeRequest.find((sub) => !GRAPH_URL.test(sub.url.replace(/@\{[^}]+\}/g, 'x')));
      if (bad) throw invalidRequest(`Composite Graph nodes may only address sObject records: ${bad.url}`);
      if (graphDepth(subs) > MAX_GRAPH_DEPTH) {
        throw invalidRequest(`Graph ${graph.graphId} is deeper than ${MAX_GRAPH_DEPTH} levels`);
      }
    }
    if (nodes > MAX_GRAPH_NODES) throw invalidRequest(`A payload can hold at most ${MAX_GRAPH_NODES} nodes`);
    const org = c.get('mock').org;
    const out: Array<{ graphId: string; graphResponse: { compositeResponse: SubResponse[] }; isSuccessful: boolean }> =
      [];
    let failures = 0;
    const context = contextOf(c, text);
    for (const [g, graph] of graphs.entries()) {
      if (failures > MAX_GRAPH_FAILURES - 1) {
        const responses = graph.compositeRequest.map((sub) =>
          halted(sub.referenceId, 'Processing was halted: too many graphs of this request failed.'),
        );
        out.push({ graphId: graph.graphId, graphResponse: { compositeResponse: responses }, isSuccessful: false });
        continue;
      }
      const { responses, failed } = await runAll(org, prepared[g]!, true, context);
      if (failed) failures++;
      out.push({ graphId: graph.graphId, graphResponse: { compositeResponse: responses }, isSuccessful: !failed });
    }
    return c.json({ graphs: out });
  });

  return app;
}

/** A body checked against its schema; a misfit answers INVALID_REQUEST (bad JSON stays JSON_PARSER_ERROR). */
function readOrRefuse<T>(text: string, schema: z.ZodType<T>, shape: string): T {
  const result = schema.safeParse(parseJson(text));
  if (!result.success) {
    throw invalidRequest(`The request body must be ${shape}: ${z.prettifyError(result.error).replace(/\n/g, ' ')}`);
  }
  return result.data;
}
