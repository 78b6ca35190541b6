// Relative date literals (TODAY, LAST_N_DAYS:7, THIS_QUARTER, ...) as half-open ranges of epoch ms.
// The mock's users live in UTC and its fiscal year is the calendar year (Salesforce's default), so
// fiscal literals equal their calendar twins. Ranges follow Salesforce's documented bounds: LAST_N_DAYS
// includes today, NEXT_N_DAYS starts tomorrow, LAST_N_<unit> / NEXT_N_<unit> exclude the current unit.

import { malformed } from './errors.ts';

export interface MsRange {
  readonly start: number;
  readonly end: number;
}

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';
const DAY_MS = 86_400_000;

function startOf(unit: Unit, now: number): number {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const today = Date.UTC(y, m, d.getUTCDate());
  switch (unit) {
    case 'day':
      return today;
    case 'week':
      return today - d.getUTCDay() * DAY_MS; // weeks start on Sunday in the en_US locale
    case 'month':
      return Date.UTC(y, m, 1);
    case 'quarter':
      return Date.UTC(y, m - (m % 3), 1);
    case 'year':
      return Date.UTC(y, 0, 1);
  }
}

function add(unit: Unit, from: number, n: number): number {
  if (unit === 'day') return from + n * DAY_MS;
  if (unit === 'week') return from + n * 7 * DAY_MS;
  const d = new Date(from);
  const months = unit === 'month' ? n : unit === 'quarter' ? 3 * n : 12 * n;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate());
}

/** The unit-sized range `offset` units away from the current one, `count` units long. */
function units(unit: Unit, now: number, offset: number, count = 1): MsRange {
  const base = add(unit, startOf(unit, now), offset);
  return { start: base, end: add(unit, base, count) };
}

const UNIT_WORDS: Readonly<Record<string, Unit>> = {
  DAYS: 'day',
  WEEKS: 'week',
  MONTHS: 'month',
  QUARTERS: 'quarter',
  YEARS: 'year',
  FISCAL_QUARTERS: 'quarter',
  FISCAL_YEARS: 'year',
};

/** The range a date literal (`TODAY`) or date-N literal (`LAST_N_DAYS:3`) stands for at `now`. */
export function dateLiteralRange(literal: string, now: number): MsRange {
  const text = literal.toUpperCase();
  const withN = /^(LAST_N|NEXT_N|N)_([A-Z_]+?)(?:_AGO)?:(\d+)$/.exec(text);
  if (withN) {
    const [, kind, word, digits] = withN;
    const unit = UNIT_WORDS[word!];
    const n = Number(digits);
    const isAgo = text.includes('_AGO:');
    if (!unit || (kind === 'N') !== isAgo) throw malformed(`unexpected token: '${literal}'`);
    if (kind === 'N') return units(unit, now, -n);
    if (unit === 'day') {
      // Documented special case: LAST_N_DAYS:n counts back from today and includes today.
      return kind === 'LAST_N' ? units('day', now, -n, n + 1) : units('day', now, 1, n);
    }
    return kind === 'LAST_N' ? units(unit, now, -n, n) : units(unit, now, 1, n);
  }
  switch (text) {
    case 'TODAY':
      return units('day', now, 0);
    case 'YESTERDAY':
      return units('day', now, -1);
    case 'TOMORROW':
      return units('day', now, 1);
    case 'LAST_90_DAYS':
      return units('day', now, -90, 91);
    case 'NEXT_90_DAYS':
      return units('day', now, 1, 90);
  }
  const relative = /^(LAST|THIS|NEXT)_(?:FISCAL_)?(WEEK|MONTH|QUARTER|YEAR)$/.exec(text);
  if (relative) {
    const offset = relative[1] === 'LAST' ? -1 : relative[1] === 'THIS' ? 0 : 1;
    return units(relative[2]!.toLowerCase() as Unit, now, offset);
  }
  throw malformed(`unexpected token: '${literal}'`);
}
