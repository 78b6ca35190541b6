// CSV as Bulk API 2.0 speaks it: RFC 4180 quoting, one of six column delimiters, LF or CRLF line
// endings chosen per job. Reading goes through csv-parse's streaming parser fed in slices, so a
// large upload is parsed a slice at a time with the event loop free in between; writing goes
// through csv-stringify. Nothing here splits lines by hand.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';

export const COLUMN_DELIMITERS = {
  COMMA: ',',
  SEMICOLON: ';',
  PIPE: '|',
  TAB: '\t',
  CARET: '^',
  BACKQUOTE: '`',
} as const;
export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;
export type LineEnding = 'LF' | 'CRLF';

export interface CsvDialect {
  columnDelimiter: ColumnDelimiter;
  lineEnding: LineEnding;
}

/** Why a CSV upload could not be read; the job fails with this as its errorMessage. */
export class CsvError extends Error {}

const SLICE = 256 * 1024;

/**
 * The line ending the data actually uses, judged at its first line break outside quotes; undefined
 * when the data has a single line. Salesforce fails a job whose data does not match its lineEnding.
 */
function lineEndingOf(text: string): LineEnding | undefined {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (ch === 10 && !quoted) return i > 0 && text.charCodeAt(i - 1) === 13 ? 'CRLF' : 'LF';
  }
  return undefined;
}

/**
 * Every record of `text` as arrays of cells (header first), yielding to the event loop between
 * slices. Throws CsvError for a wrong line ending, bad quoting or rows of the wrong width.
 */
export async function readCsv(text: string, dialect: CsvDialect): Promise<string[][]> {
  const found = lineEndingOf(text);
  if (found && found !== dialect.lineEnding) {
    throw new CsvError(
      `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${dialect.lineEnding}`,
    );
  }
  const slices: string[] = [];
  for (let i = 0; i < text.length; i += SLICE) slices.push(text.slice(i, i + SLICE));
  const parser = Readable.from(slices).pipe(
    parse({
      delimiter: COLUMN_DELIMITERS[dialect.columnDelimiter],
      record_delimiter: dialect.lineEnding === 'CRLF' ? '\r\n' : '\n',
      bom: true,
      skip_empty_lines: true,
    }),
  );
  const rows: string[][] = [];
  try {
    for await (const record of parser) rows.push(record as string[]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CsvError(`InvalidBatch : Failed to parse CSV: ${detail}`);
  }
  return rows;
}

/** A CSV document: the header, then the rows, in the job's dialect, every non-empty value quoted. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[], dialect: CsvDialect): string {
  return stringify([header, ...rows], {
    delimiter: COLUMN_DELIMITERS[dialect.columnDelimiter],
    record_delimiter: dialect.lineEnding === 'CRLF' ? 'windows' : 'unix',
    // Salesforce quotes every value it writes; an empty cell (a null) stays empty.
    quoted: true,
    quoted_empty: false,
  });
}
