// `mock-salesforce.json`: mock-only settings kept at the root of an SFDX project, outside its
// package directories so `sf project deploy` never sees them. They fill in what the source
// format cannot say (see docs/decisions/master-record-type-picklists.md).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SchemaError } from './errors.ts';

export const MOCK_SETTINGS_FILE = 'mock-salesforce.json';

const mockSettingsSchema = z
  .object({
    /** `"Obj__c.Field__c"` → the values the master record type allows. */
    masterPicklistValues: z.record(z.string().regex(/^\w+\.\w+$/), z.array(z.string())).optional(),
    /** Object → developer name of its default record type (`"Master"` for the master). */
    defaultRecordTypes: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export type MockSettings = z.infer<typeof mockSettingsSchema>;

/** The project's mock settings, or none when the file is absent. */
export async function readMockSettings(projectDir: string): Promise<MockSettings> {
  const file = join(projectDir, MOCK_SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SchemaError('FILE_NOT_FOUND', 'cannot read the file', { file, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SchemaError('BAD_JSON', `malformed JSON: ${(cause as Error).message}`, { file, cause });
  }
  const parsed = mockSettingsSchema.safeParse(json);
  if (!parsed.success) {
    throw new SchemaError('BAD_METADATA', `invalid settings: ${z.prettifyError(parsed.error)}`, { file });
  }
  return parsed.data;
}
