/**
 * CSV records of an uploaded or published file, each with the line it starts on, for importers
 * that must report every bad row and never stop at one. csv-parse does the field parsing; this
 * module finds where each record starts and ends first, so a broken quote costs one record, not
 * the rest of the file (csv-parse alone, once a quote is left open, swallows every later line).
 *
 * A record spans several lines only while a quoted field is open (an odd number of quotes so far)
 * and only if the joined lines then parse cleanly into as many fields as the header has; otherwise its first line is reported and the
 * following lines are read again as records of their own.
 */
import { parse } from 'csv-parse/sync';

export type CsvRecord =
  /** `line`: 1-based line the record starts on (the header is line 1). */
  { line: number; fields: string[] } | { line: number; problem: string };

interface LogicalRecord {
  line: number;
  text: string;
}

/** A quoted field may hold line breaks, but not this many: beyond it the quote was never closed. */
const MAX_RECORD_LINES = 100;
const MAX_RECORD_CHARS = 1024 * 1024;
/** Records parsed in one csv-parse call (one call per record is 20× slower). */
const BLOCK_RECORDS = 500;

function quoteCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) count++;
  return count;
}

const PROBLEMS: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE: 'a quoted field has text after its closing quote',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  INVALID_OPENING_QUOTE: 'a quote appears inside a field that does not start with one',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quoted field has text after its closing quote',
};

/** Why csv-parse refused a record, without its line numbers (which count within our block). */
function describeCsvError(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (PROBLEMS[code]) return PROBLEMS[code];
  return `not valid CSV: ${String((error as Error).message ?? error).replace(/\s*at line \d+/g, '')}`;
}

/** Groups physical lines into records' text: a record goes on while a quoted field is open. */
class RecordGrouper {
  /** Fields per record (the header's), once known: a record spanning lines must have as many. */
  width: number | null = null;
  private pending: LogicalRecord[] = [];
  private pendingChars = 0;

  push(line: number, text: string): (LogicalRecord | { line: number; problem: string })[] {
    const odd = quoteCount(text) % 2 === 1;
    if (this.pending.length === 0) {
      if (!odd) return [{ line, text }];
      this.pending = [{ line, text }];
      this.pendingChars = text.length;
      return [];
    }
    this.pending.push({ line, text });
    this.pendingChars += text.length + 1;
    if (odd) {
      const record = { line: this.pending[0]!.line, text: this.pending.map((part) => part.text).join('\n') };
      const lines = this.pending;
      this.pending = [];
      this.pendingChars = 0;
      // A record that spans lines but does not parse is more likely a stray quote: report its first line.
      if (!parsesAsOneRecord(record.text, this.width)) return this.reread(lines);
      return [record];
    }
    if (this.pending.length > MAX_RECORD_LINES || this.pendingChars > MAX_RECORD_CHARS) return this.abandon();
    return [];
  }

  /** At the end of the input: a quote still open was never closed. */
  end(): (LogicalRecord | { line: number; problem: string })[] {
    const out: (LogicalRecord | { line: number; problem: string })[] = [];
    while (this.pending.length > 0) out.push(...this.abandon());
    return out;
  }

  private abandon() {
    const lines = this.pending;
    this.pending = [];
    this.pendingChars = 0;
    return this.reread(lines);
  }

  private reread(lines: LogicalRecord[]) {
    const out: (LogicalRecord | { line: number; problem: string })[] = [
      { line: lines[0]!.line, problem: describeCsvError(firstError(lines[0]!.text)) },
    ];
    for (const part of lines.slice(1)) out.push(...this.push(part.line, part.text));
    return out;
  }
}

function firstError(text: string): unknown {
  try {
    parse(text, { relax_column_count: true });
  } catch (error) {
    return error;
  }
  return { code: 'CSV_QUOTE_NOT_CLOSED' };
}

function parsesAsOneRecord(text: string, width: number | null): boolean {
  try {
    const rows = parse(text, { relax_column_count: true }) as string[][];
    return rows.length === 1 && (width === null || rows[0]!.length === width);
  } catch {
    return false;
  }
}

function widthOf(text: string): number | null {
  try {
    const rows = parse(text, { relax_column_count: true }) as string[][];
    return rows.length === 1 ? rows[0]!.length : null;
  } catch {
    return null;
  }
}

/** Parses a block of records; where the block fails, each record alone, so only the bad ones are lost. */
function parseBlock(block: readonly LogicalRecord[]): CsvRecord[] {
  if (block.length === 0) return [];
  try {
    const rows = parse(block.map((record) => record.text).join('\n'), { relax_column_count: true }) as string[][];
    if (rows.length === block.length) return rows.map((fields, index) => ({ line: block[index]!.line, fields }));
  } catch {
    // Some record of the block is bad: find it below.
  }
  return block.map((record) => {
    try {
      const rows = parse(record.text, { relax_column_count: true }) as string[][];
      if (rows.length === 1) return { line: record.line, fields: rows[0]! };
      return { line: record.line, problem: 'not valid CSV: one line holds more than one record' };
    } catch (error) {
      return { line: record.line, problem: describeCsvError(error) };
    }
  });
}

/**
 * Every record of the input, in order: its fields, or why it is not CSV. Blank lines are skipped.
 * Never throws on any content; a byte-order mark is dropped and bad UTF-8 becomes U+FFFD.
 */
export async function* csvRecords(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder('utf-8');
  const grouper = new RecordGrouper();
  let carry = '';
  let lineNumber = 0;
  let block: LogicalRecord[] = [];
  let first = true;

  function* accept(records: (LogicalRecord | { line: number; problem: string })[]): Generator<CsvRecord> {
    for (const record of records) {
      if ('problem' in record) {
        yield* parseBlock(block);
        block = [];
        yield record;
      } else if (record.text.trim() !== '') {
        if (grouper.width === null) grouper.width = widthOf(record.text);
        block.push(record);
        if (block.length >= BLOCK_RECORDS) {
          yield* parseBlock(block);
          block = [];
        }
      }
    }
  }

  function* lines(text: string, final: boolean): Generator<CsvRecord> {
    carry += text;
    if (first && carry.length > 0) {
      // TextDecoder drops a UTF-8 byte-order mark; a string source may still carry one.
      if (carry.charCodeAt(0) === 0xfeff) carry = carry.slice(1);
      first = false;
    }
    let start = 0;
    for (let end = carry.indexOf('\n'); end !== -1; end = carry.indexOf('\n', start)) {
      const raw = carry.slice(start, end);
      start = end + 1;
      yield* accept(grouper.push(++lineNumber, raw.endsWith('\r') ? raw.slice(0, -1) : raw));
    }
    carry = carry.slice(start);
    if (final) {
      if (carry !== '') yield* accept(grouper.push(++lineNumber, carry.endsWith('\r') ? carry.slice(0, -1) : carry));
      carry = '';
      yield* accept(grouper.end());
      yield* parseBlock(block);
      block = [];
    }
  }

  for await (const chunk of chunks) {
    yield* lines(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }), false);
  }
  yield* lines(decoder.decode(), true);
}
