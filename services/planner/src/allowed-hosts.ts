// Which Host headers the planner's port answers to (against DNS rebinding: a page of a foreign name
// that resolves to this machine reaches the port, but its requests carry the foreign name in Host).
// Loopback names and IP addresses always pass (a rebinding needs a name); other names only when the
// server binds them or they are configured (PLANNER_ALLOWED_HOSTS), e.g. a container's service name.
import { isIP } from 'node:net';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARD_BINDS = new Set(['0.0.0.0', '::']);

export interface HostAllowList {
  /** True when a request with this Host header (`name`, `name:port`, `[v6]:port`) may be answered. */
  allows(hostHeader: string | null | undefined): boolean;
  /** The names allowed besides IP addresses, for the refusal's message and the log. */
  readonly names: readonly string[];
}

/**
 * The Host names a planner bound to `bindHost` answers to: loopback names, the bound name unless it
 * is a wildcard, and `extra` (`*` in it lets every name through: only behind a proxy that checks).
 */
export function hostAllowList(bindHost: string, extra: readonly string[] = []): HostAllowList {
  const names = new Set(LOOPBACK_NAMES);
  const bound = normalise(bindHost);
  if (bound !== undefined && !WILDCARD_BINDS.has(bound)) names.add(bound);
  for (const name of extra) {
    const n = normalise(name);
    if (n) names.add(n);
  }
  const any = names.has('*');
  return {
    names: [...names],
    allows(hostHeader) {
      if (any) return true;
      const name = hostName(hostHeader);
      if (name === undefined) return false;
      return names.has(name) || isIP(name) !== 0;
    },
  };
}

/** The host name of a Host header, lower case, without port, brackets or a trailing dot; undefined if malformed. */
export function hostName(hostHeader: string | null | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const text = hostHeader.trim().toLowerCase();
  const v6 = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(text);
  if (v6) return isIP(v6[1]!) === 6 ? v6[1] : undefined;
  const named = /^([a-z0-9._-]+)(?::\d{1,5})?$/.exec(text);
  if (!named) return undefined;
  return normalise(named[1]!);
}

function normalise(name: string): string | undefined {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  return n === '' ? undefined : n;
}
