import { makeId } from '@restorelab/salesforce';
import { describe, expect, it } from 'vitest';
import { createShareToken, verifyShareToken } from './share-token.ts';

const secret = 'a-test-secret-of-enough-length';
const item = { snapshotId: 'snap-20260101-000000000Z-abcd1234', kind: 'file' as const, id: makeId('069', 7) };

describe('share tokens', () => {
  it('round-trips an item until it expires', () => {
    const token = createShareToken(item, new Date('2026-01-02T00:00:00Z'), secret);
    expect(verifyShareToken(token, secret, new Date('2026-01-01T00:00:00Z'))).toEqual(item);
    expect(() => verifyShareToken(token, secret, new Date('2026-01-02T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'SHARE_TOKEN_EXPIRED' }),
    );
  });

  it('rejects a forged, altered or foreign-secret token', () => {
    const token = createShareToken(item, new Date('2030-01-01T00:00:00Z'), secret);
    const [body, sig] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ item: { ...item, id: makeId('069', 8) }, exp: 1e15 })).toString(
      'base64url',
    );
    for (const bad of [`${forged}.${sig}`, `${body}.${sig.slice(1)}x`, `${body}`, `${token}.x`, '']) {
      expect(() => verifyShareToken(bad, secret)).toThrow(expect.objectContaining({ code: 'SHARE_TOKEN_INVALID' }));
    }
    expect(() => verifyShareToken(token, 'another-secret-of-enough-length')).toThrow(
      expect.objectContaining({ code: 'SHARE_TOKEN_INVALID' }),
    );
  });

  it('cannot name a path or anything that is not a snapshot item', () => {
    const future = new Date('2030-01-01T00:00:00Z');
    expect(() => createShareToken({ ...item, id: '../../etc/passwd' }, future, secret)).toThrow();
    expect(() => createShareToken({ ...item, snapshotId: '../store.sqlite' }, future, secret)).toThrow();
    expect(() => createShareToken(item, future, 'short')).toThrow();
  });
});
