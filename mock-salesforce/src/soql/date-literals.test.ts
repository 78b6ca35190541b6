import { describe, expect, it } from 'vitest';
import { dateLiteralRange } from './date-literals.ts';
import { SoqlError } from './errors.ts';

// Wednesday 2024-05-15 13:00 UTC: mid-week, mid-month, second quarter.
const now = Date.parse('2024-05-15T13:00:00Z');
const day = (text: string) => Date.parse(`${text}T00:00:00Z`);

describe('dateLiteralRange', () => {
  it.each([
    ['TODAY', '2024-05-15', '2024-05-16'],
    ['YESTERDAY', '2024-05-14', '2024-05-15'],
    ['TOMORROW', '2024-05-16', '2024-05-17'],
    ['THIS_WEEK', '2024-05-12', '2024-05-19'],
    ['LAST_WEEK', '2024-05-05', '2024-05-12'],
    ['NEXT_MONTH', '2024-06-01', '2024-07-01'],
    ['THIS_QUARTER', '2024-04-01', '2024-07-01'],
    ['LAST_QUARTER', '2024-01-01', '2024-04-01'],
    ['THIS_FISCAL_YEAR', '2024-01-01', '2025-01-01'],
    ['LAST_90_DAYS', '2024-02-15', '2024-05-16'],
    ['NEXT_90_DAYS', '2024-05-16', '2024-08-14'],
    ['LAST_N_DAYS:7', '2024-05-08', '2024-05-16'],
    ['NEXT_N_DAYS:2', '2024-05-16', '2024-05-18'],
    ['N_DAYS_AGO:3', '2024-05-12', '2024-05-13'],
    ['LAST_N_MONTHS:2', '2024-03-01', '2024-05-01'],
    ['NEXT_N_WEEKS:1', '2024-05-19', '2024-05-26'],
    ['N_QUARTERS_AGO:1', '2024-01-01', '2024-04-01'],
    ['LAST_N_YEARS:1', '2023-01-01', '2024-01-01'],
    ['last_n_fiscal_quarters:1', '2024-01-01', '2024-04-01'],
  ])('%s covers [%s, %s)', (literal, start, end) => {
    expect(dateLiteralRange(literal, now)).toEqual({ start: day(start), end: day(end) });
  });

  it('refuses what it does not know', () => {
    expect(() => dateLiteralRange('NEXT_N_FORTNIGHTS:2', now)).toThrow(SoqlError);
    expect(() => dateLiteralRange('N_DAYS:2', now)).toThrow(SoqlError);
  });
});
