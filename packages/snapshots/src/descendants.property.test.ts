// Property: descendants as the store answers them equal reachability over reversed links in a
// plain in-memory model, for random graphs with loops, self-links and owner links.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { makeId } from '@restorelab/salesforce';
import { afterAll, expect, vi } from 'vitest';
import { openSnapshotStore } from './store.ts';

// The machine is shared: under load, real HTTP and SQLite work can outlast vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const dir = mkdtempSync(join(tmpdir(), 'snapshots-prop-'));
const store = openSnapshotStore(dir);
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const PREFIXES = ['001', '003', 'a00'];
const owner = makeId('005', 1);

const graph = fc.integer({ min: 1, max: 30 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    links: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
    root: fc.integer({ min: 0, max: n - 1 }),
  }),
);

test.prop([graph], { numRuns: 60 })('descendants = reachability over reversed links', ({ n, links, root }) => {
  const ids = Array.from({ length: n }, (_, i) => makeId(PREFIXES[i % 3]!, i));
  const w = store.beginSnapshot({ orgId: '00D000000000001AAA' });
  w.addRecords(
    ids.map((id, i) => ({
      type: `T${i % 3}`,
      fields: {
        Id: id,
        Name: `r${i}`,
        OwnerId: owner,
        ...Object.fromEntries((links[i] ?? []).map((target, k) => [`Ref${k}__c`, ids[target]])),
      },
    })),
  );
  const snap = w.commit();

  const expected = new Set<number>();
  const queue = [root];
  const seen = new Set([root]);
  while (queue.length > 0) {
    const target = queue.shift()!;
    for (let i = 0; i < n; i++) {
      if ((links[i] ?? []).includes(target) && !seen.has(i)) {
        seen.add(i);
        expected.add(i);
        queue.push(i);
      }
    }
  }
  const got = store.descendants(snap.id, ids[root]!).map((r) => r.id);
  expect(got.length).toBe(new Set(got).size);
  expect(new Set(got)).toEqual(new Set([...expected].map((i) => ids[i])));
});
