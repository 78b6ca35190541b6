// sObject Tree (`POST /composite/tree/{type}`): record trees of one root object, children nested
// under their child relationship name, each record named by `attributes.referenceId`. The whole
// request is one transaction: any failure rolls everything back and answers 400 with the failing
// records' errors; success answers 201 with an id per referenceId, level by level (roots first),
// as the Salesforce CLI's `sf data import tree` expects.
import type { ObjectDescribe } from '@restorelab/salesforce';
import { Hono } from 'hono';
import { invalidType, SalesforceApiError } from '../errors.ts';
import type { Org } from '../org/org.ts';
import { isPlainObject, type MockEnv, parseJson, readBodyText } from './context.ts';

/** Records one request may carry, all levels together. */
export const MAX_TREE_RECORDS = 200;
/** Levels of nesting one tree may have. */
export const MAX_TREE_DEPTH = 5;

interface TreeNode {
  type: string;
  referenceId: string;
  fields: Record<string, unknown>;
  /** Set on children: the reference field that points at the parent, and the parent node. */
  parent?: { node: TreeNode; field: string };
  id?: string;
}

type TreeResult =
  | { referenceId: string; id: string }
  | { referenceId: string; errors: Array<{ statusCode: string; message: string; fields: string[] }> };

class TreeFailure extends Error {
  readonly results: TreeResult[];
  constructor(results: TreeResult[]) {
    super('composite tree failed');
    this.results = results;
  }
}

const badTree = (message: string) => new SalesforceApiError('INVALID_INPUT', message);

/** Flattens the request into levels of nodes, checking types, references ids and limits. */
function readTree(org: Org, rootType: string, body: unknown): TreeNode[][] {
  if (!isPlainObject(body) || !Array.isArray(body.records)) {
    throw new SalesforceApiError('JSON_PARSER_ERROR', 'The request body must be {"records": [...]}');
  }
  const levels: TreeNode[][] = [];
  const referenceIds = new Set<string>();
  let count = 0;
  const visit = (records: unknown[], describe: ObjectDescribe, depth: number, parent?: TreeNode['parent']) => {
    if (depth > MAX_TREE_DEPTH) throw badTree(`The tree is deeper than ${MAX_TREE_DEPTH} levels`);
    for (const item of records) {
      if (!isPlainObject(item)) throw new SalesforceApiError('JSON_PARSER_ERROR', 'Each record must be a JSON object');
      const attributes = isPlainObject(item.attributes) ? item.attributes : {};
      const type = attributes.type;
      const referenceId = attributes.referenceId;
      if (typeof type !== 'string' || type.toLowerCase() !== describe.name.toLowerCase()) {
        throw badTree(`Expected records of type ${describe.name}, found ${String(type)}`);
      }
      if (typeof referenceId !== 'string' || referenceId === '') {
        throw badTree('Every record needs attributes.referenceId');
      }
      if (referenceIds.has(referenceId.toLowerCase())) {
        throw badTree(`Duplicate ReferenceId provided in the request: ${referenceId}`);
      }
      referenceIds.add(referenceId.toLowerCase());
      if (++count > MAX_TREE_RECORDS) {
        throw new SalesforceApiError(
          'EXCEEDED_ID_LIMIT',
          `record limit reached. cannot submit more than ${MAX_TREE_RECORDS} records into this call`,
        );
      }
      const node: TreeNode = { type: describe.name, referenceId, fields: {}, ...(parent ? { parent } : {}) };
      const level = levels[depth - 1] ?? [];
      levels[depth - 1] = level;
      level.push(node);
      for (const [key, value] of Object.entries(item)) {
        if (key === 'attributes') continue;
        const relationship = describe.childRelationships.find(
          (r) => r.relationshipName?.toLowerCase() === key.toLowerCase(),
        );
        if (relationship && isPlainObject(value) && Array.isArray(value.records)) {
          const child = org.describe(relationship.childSObject);
          if (!child) throw invalidType(relationship.childSObject);
          visit(value.records, child, depth + 1, { node, field: relationship.field });
        } else {
          node.fields[key] = value;
        }
      }
    }
  };
  const root = org.describe(rootType);
  if (!root) throw new SalesforceApiError('NOT_FOUND', 'The requested resource does not exist', { status: 404 });
  visit(body.records, root, 1);
  return levels;
}

export function compositeTreeRoutes(options: { maxBodyBytes: number }): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  app.post('/:type', async (c) => {
    const { org } = c.get('mock');
    const levels = readTree(org, c.req.param('type'), parseJson(await readBodyText(c, options.maxBodyBytes)));
    const ctx = { userId: c.get('session').userId };
    try {
      const results = org.atomically(() => {
        const done: TreeResult[] = [];
        const failed: TreeResult[] = [];
        for (const level of levels) {
          for (const node of level) {
            const input = node.parent ? { ...node.fields, [node.parent.field]: node.parent.node.id } : node.fields;
            try {
              node.id = org.create(node.type, input, ctx);
              done.push({ referenceId: node.referenceId, id: node.id });
            } catch (error) {
              if (!(error instanceof SalesforceApiError)) throw error;
              failed.push({
                referenceId: node.referenceId,
                errors: [{ statusCode: error.code, message: error.message, fields: error.fields }],
              });
            }
          }
          // Children of a failed record cannot be saved; stop at the first level with a failure.
          if (failed.length > 0) throw new TreeFailure(failed);
        }
        return done;
      });
      return c.json({ hasErrors: false, results }, 201);
    } catch (error) {
      if (error instanceof TreeFailure) return c.json({ hasErrors: true, results: error.results }, 400);
      throw error;
    }
  });
  return app;
}
