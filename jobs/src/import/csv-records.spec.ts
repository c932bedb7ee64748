import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords, type CsvRecord } from './csv-records.js';

async function all(chunks: Iterable<string | Uint8Array>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of csvRecords(chunks)) out.push(record);
  return out;
}

describe('csvRecords', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, with the line each record starts on', async () => {
    const records = await all(['a,b,c\n1,"x, y",3\n"say ""hi""",2,"two\nlines"\n\n4,5,6\n']);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', '3'] },
      { line: 3, fields: ['say "hi"', '2', 'two\nlines'] },
      { line: 6, fields: ['4', '5', '6'] },
    ]);
  });

  it('drops a byte-order mark, reads CRLF line ends and a last line without one', async () => {
    expect(await all(['\ufeffa,b\r\n1,2\r\n3,4'])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
    const bytes = new TextEncoder().encode('\ufeffa,b\n1,"é"\n');
    // Split inside the two-byte "é": the decoder must carry it over.
    expect(await all([bytes.slice(0, 12), bytes.slice(12)])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'é'] },
    ]);
  });

  it('reports a broken quote on its own line and reads every line after it', async () => {
    const records = await all(['a,b\n1,"unclosed\n2,3\n4,"5"x\n6,7\n']);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, problem: 'a quoted field is not closed' },
      { line: 3, fields: ['2', '3'] },
      { line: 4, problem: 'a quoted field has text after its closing quote' },
      { line: 5, fields: ['6', '7'] },
    ]);
  });

  it('does not join two broken lines into one record unless it has the header’s width', async () => {
    const records = await all(['a,b,c\n1,"x,2\n3,4,5\n6,y",7,8\n']);
    expect(records.map((record) => ('fields' in record ? record.line : `!${record.line}`))).toEqual([1, '!2', 3, '!4']);
  });

  it('never throws, and reports lines in order within the file (fuzz)', async () => {
    const csvish = fc.string({ unit: fc.constantFrom('a', '1', ',', '"', '\n', '\r', ' ', 'é', '\u0000', '*', '/') });
    await fc.assert(
      fc.asyncProperty(csvish, fc.integer({ min: 1, max: 7 }), async (text, chunkSize) => {
        const chunks: string[] = [];
        for (let at = 0; at < text.length; at += chunkSize) chunks.push(text.slice(at, at + chunkSize));
        const records = await all(chunks);
        const lineCount = text.split('\n').length;
        let previous = 0;
        for (const record of records) {
          expect(record.line).toBeGreaterThan(previous);
          expect(record.line).toBeLessThanOrEqual(lineCount);
          if ('problem' in record) expect(record.problem.length).toBeGreaterThan(0);
          previous = record.line;
        }
      }),
      { numRuns: 400 },
    );
  });
});
