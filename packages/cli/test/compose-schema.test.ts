import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServiceConfig } from './compose-schema.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('reading a service config schema from its main.ts', () => {
  it("finds the planner's keys, which are required, and its Salesforce login", () => {
    const config = readServiceConfig(readFileSync(join(ROOT, 'services/planner/src/main.ts'), 'utf8'));
    expect([...config.keys.keys()]).toEqual(
      expect.arrayContaining(['NATS_URL', 'LOG_LEVEL', 'PLANNER_PORT', 'PLANNER_TOKEN', 'STORE_DIR']),
    );
    expect(config.keys.get('PLANNER_TOKEN')?.required).toBe(true);
    expect(config.keys.get('STORE_DIR')?.required).toBe(false);
    expect(config.keys.get('NATS_URL')?.required).toBe(false);
    expect(config.salesforce).toBe('required');
  });

  it('refuses what it cannot read instead of passing it', () => {
    const source = 'const c = loadConfig(z.object({ ...commonEnv, EXTRA: z.string().min(3) }));';
    expect(() => readServiceConfig(source)).toThrow(/cannot read EXTRA/);
    expect(() => readServiceConfig('loadConfig(someSchema)')).toThrow(/cannot read loadConfig\(someSchema\)/);
  });

  it('reads a key with a default as optional and one without as required', () => {
    const config = readServiceConfig(
      "loadConfig(z.object({\n  // the port\n  PLANNER_PORT: plannerPort,\n  PLANNER_TOKEN: secret,\n  STORE_DIR: storeDir.default('./x'),\n}))",
    );
    expect([...config.keys.values()].map((k) => [k.name, k.required])).toEqual([
      ['PLANNER_PORT', false],
      ['PLANNER_TOKEN', true],
      ['STORE_DIR', false],
    ]);
  });
});
