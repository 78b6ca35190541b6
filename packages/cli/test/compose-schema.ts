// What a service's main.ts reads from the environment, recovered from its source: the keys of the
// `loadConfig(z.object({ … }))` schemas (with `...commonEnv`) and `loadConfig(salesforceEnv)`. Each key's
// expression names a schema exported by @restorelab/runtime, which validates the value and says whether
// the key may be absent. An expression this reader does not understand is an error, never a silent pass.
import * as runtime from '@restorelab/runtime';
import type { z } from 'zod';

export interface ConfigKey {
  name: string;
  expression: string;
  schema: z.ZodType;
  required: boolean;
}

export interface ServiceConfig {
  keys: Map<string, ConfigKey>;
  /** `salesforceEnv` (required) or `optionalSalesforceEnv`, when the service logs in to Salesforce. */
  salesforce: 'required' | 'optional' | undefined;
}

export const SALESFORCE_KEYS = [
  'SF_LOGIN_URL',
  'SF_USERNAME',
  'SF_PASSWORD',
  'SF_TOKEN',
  'SF_INSTANCE_URL',
  'SF_ACCESS_TOKEN',
];

const schemas = runtime as unknown as Record<string, unknown>;

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

/** The text between the parenthesis (or brace) at `open` and its match. */
function balanced(text: string, open: number): string {
  const pairs: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (pairs[c]) stack.push(pairs[c]);
    else if (c === stack.at(-1)) {
      stack.pop();
      if (stack.length === 0) return text.slice(open + 1, i);
    }
  }
  throw new Error(`unbalanced text from offset ${open}`);
}

function topLevelEntries(body: string): string[] {
  const entries: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      entries.push(body.slice(start, i));
      start = i + 1;
    }
  }
  entries.push(body.slice(start));
  return entries.map((e) => e.trim()).filter(Boolean);
}

function keyOf(name: string, expression: string): ConfigKey {
  const ident = expression.match(/^([A-Za-z_$][\w$]*)/)?.[1];
  const base = ident ? schemas[ident] : undefined;
  const rest = ident ? expression.slice(ident.length) : expression;
  // Only modifiers that change presence are understood; anything else would need this reader to grow.
  if (!base || !/^(\s*\.(optional\(\)|default\([^()]*\)))*\s*$/.test(rest))
    throw new Error(
      `cannot read ${name}: ${expression} (expected a @restorelab/runtime schema, optionally .default(…))`,
    );
  const schema = base as z.ZodType;
  const required = !/\.(optional|default)\(/.test(rest) && !schema.safeParse(undefined).success;
  return { name, expression, schema, required };
}

export function readServiceConfig(mainSource: string): ServiceConfig {
  const source = stripComments(mainSource);
  const keys = new Map<string, ConfigKey>();
  let salesforce: ServiceConfig['salesforce'];
  // `commonEnv` is read from the runtime itself, so a variable added there is known here at once.
  const addCommon = () => {
    for (const [name, schema] of Object.entries(runtime.commonEnv as Record<string, z.ZodType>))
      keys.set(name, { name, expression: `commonEnv.${name}`, schema, required: !schema.safeParse(undefined).success });
  };
  for (const match of source.matchAll(/loadConfig\(/g)) {
    const arg = balanced(source, match.index + 'loadConfig'.length).trim();
    if (arg === 'salesforceEnv') salesforce = 'required';
    else if (arg === 'optionalSalesforceEnv') salesforce ??= 'optional';
    else if (arg === 'z.object(commonEnv)') addCommon();
    else if (arg.startsWith('z.object(')) {
      const inner = balanced(arg, arg.indexOf('('));
      const body = inner.trim().startsWith('{') ? balanced(inner, inner.indexOf('{')) : undefined;
      if (body === undefined) throw new Error(`cannot read loadConfig(${arg})`);
      for (const entry of topLevelEntries(body)) {
        if (entry === '...commonEnv') addCommon();
        else {
          const m = entry.match(/^([A-Z][A-Z0-9_]*)\s*:\s*([\s\S]+)$/);
          if (!m) throw new Error(`cannot read config entry: ${entry}`);
          keys.set(m[1]!, keyOf(m[1]!, m[2]!.replace(/\s+/g, ' ').trim()));
        }
      }
    } else throw new Error(`cannot read loadConfig(${arg})`);
  }
  return { keys, salesforce };
}
