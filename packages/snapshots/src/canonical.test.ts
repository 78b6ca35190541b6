import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';

describe('canonicalJson', () => {
  it('gives the same text whatever the key order, record after record', () => {
    const a = { Id: '1', Name: 'x', AccountId: null, Amount: 3 };
    const b = { Amount: 3, Name: 'x', Id: '1', AccountId: null };
    const expected = '{"AccountId":null,"Amount":3,"Id":"1","Name":"x"}';
    // Alternating shapes and repeats: the remembered key order must never leak from one to another.
    for (const value of [a, a, b, a, b, b]) expect(canonicalJson(value)).toBe(expected);
  });

  it('sorts nested objects, keeps arrays in order and drops undefined values', () => {
    const value = { z: [{ b: 1, a: 2 }, 3], a: { d: undefined, c: true }, m: 'm' };
    expect(canonicalJson(value)).toBe('{"a":{"c":true},"m":"m","z":[{"a":2,"b":1},3]}');
    expect(canonicalJson({ z: 1, a: { y: 1, x: 2 } })).toBe('{"a":{"x":2,"y":1},"z":1}');
    expect(canonicalJson({ z: 1, a: { y: 1, x: 2 } })).toBe('{"a":{"x":2,"y":1},"z":1}');
  });
});
