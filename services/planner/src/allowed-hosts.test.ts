import { describe, expect, it } from 'vitest';
import { hostAllowList, hostName } from './allowed-hosts.ts';

describe('hostAllowList', () => {
  it('bound to loopback: loopback names and addresses pass, foreign names do not', () => {
    const hosts = hostAllowList('127.0.0.1');
    for (const ok of ['127.0.0.1:7420', 'localhost:7420', 'LOCALHOST', 'localhost.', '[::1]:7420', '127.0.0.1']) {
      expect(hosts.allows(ok), ok).toBe(true);
    }
    for (const bad of [
      'evil.example:7420',
      'evil.example',
      '127.0.0.1.nip.io:7420',
      'localhost.evil.example',
      'sub.localhost',
      '',
      null,
      undefined,
      'localhost:7420:1',
      'localhost@evil.example',
      'evil.example#localhost',
      '[::1',
      '[evil]:7420',
    ]) {
      expect(hosts.allows(bad), String(bad)).toBe(false);
    }
  });

  it('bound to a name: that name passes too', () => {
    expect(hostAllowList('planner.internal').allows('planner.internal:7420')).toBe(true);
    expect(hostAllowList('planner.internal').allows('other.internal:7420')).toBe(false);
  });

  it('bound to 0.0.0.0: only loopback, addresses and the configured names', () => {
    const hosts = hostAllowList('0.0.0.0', ['planner', 'Backup.Example.']);
    for (const ok of ['planner:7420', 'backup.example', '10.1.2.3:7420', 'localhost:7420']) {
      expect(hosts.allows(ok), ok).toBe(true);
    }
    for (const bad of ['0.0.0.0.evil.example', 'planner.evil.example', 'evil.example']) {
      expect(hosts.allows(bad), bad).toBe(false);
    }
    expect(hostAllowList('0.0.0.0').names).not.toContain('0.0.0.0');
    expect(hostAllowList('0.0.0.0', ['*']).allows('anything.example')).toBe(true);
  });

  it('reads a Host header', () => {
    expect(hostName('Example.COM:80')).toBe('example.com');
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('a b')).toBeUndefined();
  });
});
