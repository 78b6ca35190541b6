// Validation of command-line values, so a bad flag becomes one clear line instead of a crash later.
import { UsageError } from './errors.ts';

export function parsePort(value: string, flag = '--port'): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`${flag}: expected a port number 0-65535, got "${value}"`);
  return n;
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag}: expected a positive whole number, got "${value}"`);
  return n;
}

export function parseNonNegativeInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag}: expected a whole number ≥ 0, got "${value}"`);
  return n;
}

/** An org id as Salesforce makes them: 15 or 18 letters and digits, starting with the org key prefix 00D. */
const ORG_ID = /^00D[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/;

export function parseOrgId(value: string, flag = '--org'): string {
  if (!ORG_ID.test(value))
    throw new UsageError(`${flag}: expected an org id (15 or 18 letters and digits starting 00D), got "${value}"`);
  return value;
}
