import { describe, expect, it } from 'vitest';
import { ConsoleSessions, loginLinkCode } from './session.ts';

describe('one-time login codes', () => {
  it('one code gives one session, whatever is appended to it', () => {
    const now = 1_000_000;
    const sessions = new ConsoleSessions({ now: () => now });
    const code = loginLinkCode('tok', now);
    expect(sessions.redeemLoginCode('tok', code)).toBe(true);
    for (const variant of [code, `${code}.`, `${code}..`, `${code}.x`, `${code}.${code}`, ` ${code}`, `${code} `]) {
      expect(sessions.redeemLoginCode('tok', variant), variant).toBe(false);
    }
  });

  it('refuses a variant even before the code itself was used, so only the exact code ever counts', () => {
    const now = 1_000_000;
    const sessions = new ConsoleSessions({ now: () => now });
    const code = loginLinkCode('tok', now);
    const [expires, signature] = code.split('.') as [string, string];
    for (const variant of [
      `${code}.`,
      `${code}.x`,
      `0${expires}.${signature}`,
      `${expires}.${signature}~`,
      `+${expires}.${signature}`,
      `${expires}.${signature}\n`,
    ]) {
      expect(sessions.redeemLoginCode('tok', variant), JSON.stringify(variant)).toBe(false);
    }
    expect(sessions.redeemLoginCode('tok', code)).toBe(true);
    expect(sessions.redeemLoginCode('tok', code)).toBe(false);
  });

  it('refuses a code signed with another token, an expired one and junk', () => {
    let now = 1_000_000;
    const sessions = new ConsoleSessions({ now: () => now });
    expect(sessions.redeemLoginCode('tok', loginLinkCode('other', now))).toBe(false);
    for (const junk of ['', '.', '..', '1.', '.x', 'x.y', `${now + 1000}.a~b`]) {
      expect(sessions.redeemLoginCode('tok', junk), junk).toBe(false);
    }
    const code = loginLinkCode('tok', now);
    now += 15 * 60 * 1000 + 1;
    expect(sessions.redeemLoginCode('tok', code)).toBe(false);
  });
});
