// Writes new records of a hierarchy through Composite Graph (`/composite/graph`): one call per batch
// of up to 500 nodes, each graph its own transaction, a child naming its parent by `@{ref.id}` so
// parents and children go in the same call instead of waiting for each other.
//
// A graph that fails is rolled back whole by the org, so one bad record would take its innocent
// relatives with it: its records are written again through sObject Collections, level by level,
// and only the records the org refuses on their own fail, with their own errors (a child whose
// mandatory parent failed fails as PARENT_NOT_RESTORED, an optional link to it is written empty,
// as the planner does between waves). An org without Composite Graph (404 NOT_FOUND: an old API
// version, an org that lacks it) gets the same level-by-level writing for the whole batch.

import type { RecordBatchItem, RecordItemResult, WriteError } from '@restorelab/contracts';
import {
  type CallCounter,
  callWithRetry,
  DEFAULT_RETRY_POLICY,
  errorCodeOf,
  SalesforceCallError,
} from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';
import { type WriteBatchOptions, type WriteBatchReport, writeRecordBatch } from './write-batch.ts';

/** Composite Graph's documented limits (REST API guide, "Composite Graph Limits"). */
export const GRAPH_LIMITS = {
  /** Nodes in one payload (and so in one graph). */
  nodesPerPayload: 500,
  graphsPerPayload: 75,
  /** Longest chain of references in a graph, the first node counting 1. */
  depth: 15,
  /** Different kinds of node (object type × method × API version) in one payload. */
  nodeKindsPerPayload: 15,
} as const;

/** The code and message of a record not written because a mandatory parent of the batch failed (R08). */
export const PARENT_NOT_RESTORED = 'PARENT_NOT_RESTORED';

export interface GraphWriteOptions extends WriteBatchOptions {
  /** Results already known for items the batch's items link to (the ledger's, of an earlier delivery). */
  known?: ReadonlyMap<string, RecordItemResult>;
  /** The org is known not to serve Composite Graph: write level by level at once. */
  graphUnsupported?: boolean;
}

export interface GraphWriteReport extends WriteBatchReport {
  /** Set when the org answered that it has no Composite Graph: the caller remembers it. */
  graphUnsupported?: boolean;
  /** Graphs that failed and were written again record by record. */
  graphsRetried: number;
}

interface Tally {
  apiCalls: number;
  retries: number;
  stoppedBy?: 'REQUEST_LIMIT_EXCEEDED';
}

interface GraphNodeAnswer {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

interface GraphAnswer {
  graphs: { graphId: string; isSuccessful: boolean; graphResponse: { compositeResponse: GraphNodeAnswer[] } }[];
}

function typeOf(item: RecordBatchItem): string {
  if (!item.objectType) throw new SalesforceCallError('UNEXPECTED_RESPONSE', `graph item ${item.itemId} has no type`);
  return item.objectType;
}

/** Reference ids are letters, digits and underscores; item ids may hold other characters. */
const refIdOf = (index: number) => `n${index}`;

function parentFailure(item: RecordBatchItem, fields: string[]): RecordItemResult {
  return {
    itemId: item.itemId,
    sourceId: item.sourceId,
    success: false,
    objectType: typeOf(item),
    error: {
      code: PARENT_NOT_RESTORED,
      message: `mandatory link ${fields.join(', ')} points at a record whose restore failed`,
      fields,
    },
  };
}

/**
 * Fills an item's links from results already known: a written parent's new id, an empty value for
 * an optional link to a failed parent; undefined when a mandatory parent failed. Links to items
 * with no result yet are left in `open`.
 */
function resolveLinks(
  item: RecordBatchItem,
  results: ReadonlyMap<string, RecordItemResult>,
): { fields: Record<string, unknown>; open: NonNullable<RecordBatchItem['refs']>; missing: string[] } {
  const fields: Record<string, unknown> = { ...item.fields };
  const open: NonNullable<RecordBatchItem['refs']> = [];
  const missing: string[] = [];
  for (const ref of item.refs ?? []) {
    const parent = results.get(ref.itemId);
    if (!parent) open.push(ref);
    else if (parent.success && parent.newId) fields[ref.field] = parent.newId;
    else if (ref.mandatory) missing.push(ref.field);
    else fields[ref.field] = null;
  }
  return { fields, open, missing };
}

/**
 * Writes a graph batch (new records only) and reports each item, its object type included.
 *
 * ```ts
 * const { results } = await writeRecordGraphs(conn, [
 *   { itemId: 'p', sourceId: 'a00…1', objectType: 'Project__c', graph: 0, fields: { Name: 'P' } },
 *   { itemId: 'm', sourceId: 'a01…1', objectType: 'Milestone__c', graph: 0, fields: { Name: 'M' },
 *     refs: [{ field: 'Project__c', itemId: 'p', mandatory: true }] },
 * ]);
 * // results[1] → { itemId: 'm', success: true, newId: 'a01…new', objectType: 'Milestone__c', … }
 * ```
 */
export async function writeRecordGraphs(
  conn: Connection,
  items: readonly RecordBatchItem[],
  options: GraphWriteOptions = {},
): Promise<GraphWriteReport> {
  const counter: CallCounter = { calls: 0, retries: 0 };
  const results = new Map<string, RecordItemResult>(options.known ?? []);
  const report: Tally = { apiCalls: 0, retries: 0 };
  let graphUnsupported = options.graphUnsupported ?? false;
  let graphsRetried = 0;
  let rest: RecordBatchItem[] = [...items];
  // A link to a parent known to have failed (an earlier delivery's result) needs the rules of
  // writeLevels; it happens only on redelivery, so such a batch simply goes that way.
  const linksClean = items.every((i) => (i.refs ?? []).every((r) => results.get(r.itemId)?.success !== false));
  if (!graphUnsupported && linksClean) {
    try {
      const failedGraphs = await sendGraphs(conn, items, results, counter, options);
      graphsRetried = failedGraphs.graphs;
      rest = failedGraphs.items;
    } catch (err) {
      if (err instanceof SalesforceCallError && err.code === 'API_LIMIT_EXCEEDED') {
        report.stoppedBy = 'REQUEST_LIMIT_EXCEEDED';
        rest = [];
      } else {
        const code = errorCodeOf(err);
        // 404: this org (or API version) has no Composite Graph. A payload the org refuses whole
        // (INVALID_REQUEST: a limit it counts differently) is written level by level as well.
        if (code === 'NOT_FOUND' || code === 'ERROR_HTTP_404') graphUnsupported = true;
        else if (code !== 'INVALID_REQUEST') throw err;
      }
    }
  }
  if (rest.length > 0) await writeLevels(conn, rest, results, report, options);
  report.apiCalls += counter.calls;
  report.retries += counter.retries;
  const ordered = items.map((item) => results.get(item.itemId) ?? limitFailure(item, typeOf(item)));
  return { results: ordered, ...report, graphsRetried, ...(graphUnsupported ? { graphUnsupported } : {}) };
}

/** Groups the items into graphs: the planner's grouping, joined wherever a link crosses it. */
function graphsOf(items: readonly RecordBatchItem[]): RecordBatchItem[][] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(k, root);
    return root;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const inBatch = new Set(items.map((i) => i.itemId));
  for (const item of items) {
    parent.set(item.itemId, item.itemId);
    parent.set(`graph:${item.graph ?? 0}`, parent.get(`graph:${item.graph ?? 0}`) ?? `graph:${item.graph ?? 0}`);
  }
  for (const item of items) {
    union(item.itemId, `graph:${item.graph ?? 0}`);
    for (const ref of item.refs ?? []) if (inBatch.has(ref.itemId)) union(item.itemId, ref.itemId);
  }
  const groups = new Map<string, RecordBatchItem[]>();
  for (const item of items) {
    const root = find(item.itemId);
    const group = groups.get(root) ?? [];
    group.push(item);
    groups.set(root, group);
  }
  // More graphs than a payload takes: neighbours are joined (a larger transaction, the same call).
  const all = [...groups.values()];
  const size = Math.ceil(items.length / GRAPH_LIMITS.graphsPerPayload);
  if (all.length <= GRAPH_LIMITS.graphsPerPayload) return all;
  const joined: RecordBatchItem[][] = [];
  for (const group of all) {
    const last = joined.at(-1);
    if (last && last.length < size) last.push(...group);
    else joined.push([...group]);
  }
  return joined;
}

/**
 * One Composite Graph call. Successful graphs' results go into `results`; returns the items of the
 * graphs that failed (and items whose mandatory parent had failed before), to be written again.
 */
async function sendGraphs(
  conn: Connection,
  items: readonly RecordBatchItem[],
  results: Map<string, RecordItemResult>,
  counter: CallCounter,
  options: GraphWriteOptions,
): Promise<{ graphs: number; items: RecordBatchItem[] }> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  // The `inserting` mark (a NATS round trip) is on its way while the payload is built; the call
  // still waits for it, so a crash mid-call always leaves the mark behind.
  const creating = Promise.resolve(options.onCreating?.());
  creating.catch(() => {});
  const refOf = new Map(items.map((item, i) => [item.itemId, refIdOf(i)]));
  const nodes = new Map<string, RecordBatchItem>();
  const urls = new Map<string, string>();
  const urlOf = (type: string) => {
    let url = urls.get(type);
    if (url === undefined) {
      url = `/services/data/v${conn.version}/sobjects/${type}`;
      urls.set(type, url);
    }
    return url;
  };
  const graphs = graphsOf(items).map((group, g) => {
    // Nodes in link order: a parent is named before its children.
    const ordered = linkOrder(group);
    const compositeRequest = ordered.map((item) => {
      const referenceId = refOf.get(item.itemId) as string;
      nodes.set(referenceId, item);
      return { method: 'POST', url: urlOf(typeOf(item)), referenceId, body: nodeBody(item, results, refOf) };
    });
    return { graphId: `g${g}`, compositeRequest };
  });
  await creating;
  const answer = await callWithRetry(
    () =>
      conn.request<GraphAnswer>({
        method: 'POST',
        url: '/composite/graph',
        body: JSON.stringify({ graphs }),
        headers: { 'content-type': 'application/json' },
      }),
    policy,
    counter,
  );
  if (!answer || !Array.isArray(answer.graphs) || answer.graphs.length !== graphs.length) {
    throw new SalesforceCallError('UNEXPECTED_RESPONSE', 'Composite Graph answered another number of graphs');
  }
  const again: RecordBatchItem[] = [];
  const done: RecordItemResult[] = [];
  let failed = 0;
  for (const graph of answer.graphs) {
    const sent = graphs.find((g) => g.graphId === graph.graphId);
    if (!sent) throw new SalesforceCallError('UNEXPECTED_RESPONSE', `Composite Graph answered graph ${graph.graphId}`);
    if (!graph.isSuccessful) {
      failed++;
      for (const node of sent.compositeRequest) again.push(nodes.get(node.referenceId) as RecordBatchItem);
      continue;
    }
    for (const node of graph.graphResponse.compositeResponse) {
      const item = nodes.get(node.referenceId);
      const id = (node.body as { id?: unknown } | null)?.id;
      if (!item || typeof id !== 'string') {
        throw new SalesforceCallError('UNEXPECTED_RESPONSE', `Composite Graph node ${node.referenceId} has no id`);
      }
      done.push({ itemId: item.itemId, sourceId: item.sourceId, success: true, newId: id, objectType: typeOf(item) });
    }
  }
  for (const r of done) results.set(r.itemId, r);
  if (done.length > 0) await options.onResults?.(done);
  return { graphs: failed, items: again };
}

/** Fields a create never sends: the record's own id and the API's attributes. */
const NOT_SENT = new Set(['Id', 'id', 'attributes']);

/**
 * A node's body, built in one copy of the item's fields (this runs for every record of a graph
 * batch): a link to an item with a result gets its new id (empty for an optional link to a failed
 * one), a link to an item of this call gets the item's `@{ref.id}`.
 */
function nodeBody(
  item: RecordBatchItem,
  results: ReadonlyMap<string, RecordItemResult>,
  refOf: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of Object.keys(item.fields)) if (!NOT_SENT.has(name)) setField(body, name, item.fields[name]);
  for (const ref of item.refs ?? []) {
    const parent = results.get(ref.itemId);
    if (!parent) setField(body, ref.field, `@{${refOf.get(ref.itemId)}.id}`);
    else if (NOT_SENT.has(ref.field)) continue;
    else if (parent.success && parent.newId) setField(body, ref.field, parent.newId);
    else if (!ref.mandatory) setField(body, ref.field, null);
  }
  return body;
}

/**
 * Sets a field as a spread copy would: a field named `__proto__` stays a field. (An object without
 * a prototype would do that too, but V8 keeps it as a dictionary: twice the cost to serialise.)
 */
function setField(body: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__')
    Object.defineProperty(body, name, { value, enumerable: true, writable: true, configurable: true });
  else body[name] = value;
}

/** Items in an order where every linked item of the group comes before the items linking to it. */
function linkOrder(group: readonly RecordBatchItem[]): RecordBatchItem[] {
  return levelsOf(group).flat();
}

/** Items by level: level 0 links to no item of the set, level n only to items of lower levels. */
export function levelsOf(items: readonly RecordBatchItem[]): RecordBatchItem[][] {
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const level = new Map<string, number>();
  const levelOf = (item: RecordBatchItem, path: Set<string>): number => {
    const known = level.get(item.itemId);
    if (known !== undefined) return known;
    if (path.has(item.itemId)) {
      throw new SalesforceCallError('UNEXPECTED_RESPONSE', `graph batch links ${item.itemId} in a loop`);
    }
    path.add(item.itemId);
    let l = 0;
    for (const ref of item.refs ?? []) {
      const parent = byId.get(ref.itemId);
      if (parent) l = Math.max(l, levelOf(parent, path) + 1);
    }
    path.delete(item.itemId);
    level.set(item.itemId, l);
    return l;
  };
  const levels: RecordBatchItem[][] = [];
  // One path for every walk: each walk removes what it adds, so it is empty between walks.
  const path = new Set<string>();
  for (const item of items) {
    const l = levelOf(item, path);
    const list = levels[l] ?? [];
    list.push(item);
    levels[l] = list;
  }
  return levels.filter(Boolean);
}

/**
 * Writes items level by level through sObject Collections, one call per object type and 200
 * records: each level after the results of the one before, links filled from them.
 */
async function writeLevels(
  conn: Connection,
  items: readonly RecordBatchItem[],
  results: Map<string, RecordItemResult>,
  report: Tally,
  options: GraphWriteOptions,
): Promise<void> {
  for (const level of levelsOf(items)) {
    const byType = new Map<string, RecordBatchItem[]>();
    const refused: RecordItemResult[] = [];
    for (const item of level) {
      const { fields, missing } = resolveLinks(item, results);
      if (missing.length > 0) {
        refused.push(parentFailure(item, missing));
        continue;
      }
      const { refs: _refs, graph: _graph, ...plain } = item;
      const list = byType.get(typeOf(item)) ?? [];
      list.push({ ...plain, fields });
      byType.set(typeOf(item), list);
    }
    for (const r of refused) results.set(r.itemId, r);
    if (refused.length > 0) await options.onResults?.(refused);
    for (const [objectType, list] of byType) {
      if (report.stoppedBy) {
        for (const item of list) results.set(item.itemId, limitFailure(item, objectType));
        continue;
      }
      const written = await writeRecordBatch(
        conn,
        { objectType, operation: 'create', items: list },
        {
          ...(options.retry ? { retry: options.retry } : {}),
          ...(options.onCreating ? { onCreating: options.onCreating } : {}),
          onResults: (done) => options.onResults?.(done.map((r) => ({ ...r, objectType }))),
        },
      );
      for (const r of written.results) results.set(r.itemId, { ...r, objectType });
      report.apiCalls += written.apiCalls;
      report.retries += written.retries;
      if (written.stoppedBy) report.stoppedBy = written.stoppedBy;
    }
  }
}

function limitFailure(item: RecordBatchItem, objectType: string): RecordItemResult {
  const error: WriteError = {
    code: 'REQUEST_LIMIT_EXCEEDED',
    message: 'not written: the org has no API requests left today',
    fields: [],
  };
  return { itemId: item.itemId, sourceId: item.sourceId, success: false, objectType, error };
}
