// @restorelab/stack/testing: what tests of a stack share: a silent logger and reads and deletes in the
// stack's org through its jsforce connection.
import { createLogger } from '@restorelab/runtime';
import type { Stack } from './stack.ts';

export const silent = createLogger({
  name: 'stack-test',
  level: (process.env.TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent',
});

type SfRecord = Record<string, any>;

/** One record by SOQL through the stack's jsforce connection (undefined when absent). */
export async function queryOne(stack: Stack, soql: string): Promise<SfRecord | undefined> {
  const result = await stack.conn.query<SfRecord>(soql);
  return result.records[0];
}

export async function queryAll(stack: Stack, soql: string): Promise<SfRecord[]> {
  return (await stack.conn.query<SfRecord>(soql)).records;
}

export async function idOf(stack: Stack, type: string, where: string): Promise<string> {
  const row = await queryOne(stack, `SELECT Id FROM ${type} WHERE ${where} LIMIT 1`);
  if (!row) throw new Error(`no ${type} where ${where}`);
  return row.Id as string;
}

export async function destroy(stack: Stack, type: string, ids: string[]): Promise<void> {
  const results = await stack.conn.sobject(type).destroy(ids);
  for (const r of [results].flat()) if (!r.success) throw new Error(`delete failed: ${JSON.stringify(r)}`);
}
