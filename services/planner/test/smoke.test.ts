import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroy, idOf, queryOne, startTestStack } from './harness.ts';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('smoke', () => {
  it('R06 re-creates a deleted account with a new id', async () => {
    const snap = await stack.api.backup();
    const id = await idOf(stack, 'Account', "Name = 'Globex'");
    await destroy(stack, 'Account', [id]);
    const { plan, job } = await stack.api.restore(id, 'record', snap);
    expect(job.status).toBe('succeeded');
    const newId = job.idMap[id];
    expect(newId).toBeDefined();
    expect(await queryOne(stack, `SELECT Id, Name FROM Account WHERE Id = '${newId}'`)).toMatchObject({
      Name: 'Globex',
    });
  });
});
