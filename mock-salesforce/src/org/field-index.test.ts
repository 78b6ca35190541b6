import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { FieldIndex } from './field-index.ts';

describe('FieldIndex', () => {
  it('finds holders case-insensitively and forgets removed ones', () => {
    const index = new FieldIndex();
    index.add('PRJ-1', 'a');
    index.add('prj-1', 'b');
    index.add(null, 'c');
    expect(index.ids('Prj-1')).toEqual(['a', 'b']);
    index.remove('PRJ-1', 'a');
    expect(index.ids('PRJ-1')).toEqual(['b']);
    index.remove('PRJ-1', 'b');
    expect(index.ids('PRJ-1')).toEqual([]);
    expect(index.size).toBe(0);
  });

  test.prop([fc.array(fc.tuple(fc.boolean(), fc.constantFrom('x', 'X', 'y', 5, '5'), fc.constantFrom('a', 'b', 'c')))])(
    'agrees with a scan after any adds and removes',
    (ops) => {
      const index = new FieldIndex();
      const held = new Map<string, unknown>();
      for (const [add, value, id] of ops) {
        if (add) {
          if (held.has(id)) index.remove(held.get(id), id);
          index.add(value, id);
          held.set(id, value);
        } else if (held.has(id)) {
          index.remove(held.get(id), id);
          held.delete(id);
        }
      }
      for (const probe of ['x', 'y', '5']) {
        const scan = [...held].filter(([, v]) => String(v).toLowerCase() === probe).map(([id]) => id);
        expect([...index.ids(probe)].sort()).toEqual(scan.sort());
      }
    },
  );
});
