import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords } from './csv-records.js';
import {
  MHSDS_COLUMNS,
  mhsdsHeader,
  mhsdsRows,
  normalisedPrimaryLevel,
  publishedDate,
  publishedStatusRank,
  type MhsdsRecord,
  type PublishedMeasureRow,
} from './mhsds.js';

/** Parses MHSDS text the way the importer does: header, then every row a figure or a rejection. */
async function parseMhsds(text: string): Promise<MhsdsRecord[]> {
  const records = csvRecords([text]);
  const first = await records.next();
  if (first.done || !('fields' in first.value)) throw new Error('no header');
  const header = mhsdsHeader(first.value.fields);
  if (!header.ok) throw new Error(`missing ${header.missing.join(', ')}`);
  const out: MhsdsRecord[] = [];
  for await (const record of mhsdsRows(
    { columns: header.columns, width: first.value.fields.length },
    { [Symbol.asyncIterator]: () => records },
  ))
    out.push(record);
  return out;
}

const HEADER = MHSDS_COLUMNS.join(',');

describe('publishedDate', () => {
  it('reads dd/mm/yyyy and yyyy-mm-dd as real calendar dates only', () => {
    expect(publishedDate('01/02/2024')).toBe('2024-02-01');
    expect(publishedDate('1/2/2024')).toBe('2024-02-01');
    expect(publishedDate('29/02/2024')).toBe('2024-02-29');
    expect(publishedDate('2024-04-30')).toBe('2024-04-30');
    for (const bad of ['29/02/2023', '31/04/2024', '2024/04/30', '04-30-2024', '', '00/01/2024', '1/13/2024']) {
      expect(publishedDate(bad), bad).toBeNull();
    }
  });
});

describe('MHSDS rows', () => {
  it('keeps England, ICB and provider breakdowns, quoted descriptions and suppression', async () => {
    const records = await parseMhsds(
      [
        HEADER,
        '01/02/2024,30/04/2024,Performance,England,England,England,NONE,NONE,MRS01,"Clock stops, in the RP",19727',
        '01/02/2024,30/04/2024,Performance,ICB of GP Practice or Residence,QHG,"NHS BEDFORDSHIRE, LUTON AND MILTON KEYNES INTEGRATED CARE BOARD",NONE,NONE,MRS01b,Proportion,14.5',
        '01/04/2024,30/04/2024,Performance,Provider,RX4,"CUMBRIA, NORTHUMBERLAND, TYNE AND WEAR NHS FOUNDATION TRUST",NONE,NONE,MRS02,Still waiting,*',
        '01/04/2024,30/04/2024,Performance,Sub ICB of Residence,15E,A breakdown not seen before,NONE,NONE,MRS02,Still waiting,3',
      ].join('\n'),
    );
    expect(records.map((record) => record.line)).toEqual([2, 3, 4, 5]);
    const rows = records.map((record) => ('row' in record ? record.row : record.reason)) as PublishedMeasureRow[];
    expect(rows[0]).toMatchObject({
      source: 'mhsds',
      periodStart: '2024-02-01',
      periodEnd: '2024-04-30',
      breakdown: 'England',
      primaryLevel: 'England',
      measureName: 'Clock stops, in the RP',
      value: 19727,
      suppressed: false,
    });
    expect(rows[1]).toMatchObject({
      breakdown: 'ICB of GP Practice or Residence',
      primaryDescription: 'NHS BEDFORDSHIRE, LUTON AND MILTON KEYNES INTEGRATED CARE BOARD',
      value: 14.5,
    });
    expect(rows[2]).toMatchObject({ breakdown: 'Provider', primaryLevel: 'RX4', value: null, suppressed: true });
    expect(rows[3]).toMatchObject({ breakdown: 'Sub ICB of Residence', value: 3 });
  });

  it('finds columns by name, in any order and any case', async () => {
    const [record] = await parseMhsds(
      `${[...MHSDS_COLUMNS].reverse().join(',').toLowerCase()}\n0,Name,MRS04,NONE,NONE,England,England,England,Final,31/05/2024,01/05/2024`,
    );
    expect(record).toMatchObject({ row: { measureId: 'MRS04', value: 0, status: 'Final', periodEnd: '2024-05-31' } });
  });

  it('rejects malformed rows with their line and why, and reads on', async () => {
    const records = await parseMhsds(
      [
        HEADER,
        '01/04/2024,30/04/2024,Performance,England,England,England,NONE,NONE,MRS01',
        '31/02/2024,30/04/2024,Performance,England,England,England,NONE,NONE,MRS01,Name,1',
        '01/04/2024,30/03/2024,Performance,England,England,England,NONE,NONE,MRS01,Name,1',
        '01/04/2024,30/04/2024,Performance,England,England,England,NONE,NONE,MRS01,Name,n/a',
        '01/04/2024,30/04/2024,Performance,England,England,England,NONE,NONE,MRS01,Name,',
        '01/04/2024,30/04/2024,Performance,England,England,"England,NONE,NONE,MRS01,Name,5',
        '01/04/2024,30/04/2024,Performance,Provider,,x,NONE,NONE,MRS01,Name,5',
        '01/04/2024,30/04/2024,Performance,England,England,England,NONE,NONE,MRS01,Name,7',
      ].join('\n'),
    );
    const reasons = records.map((record) => [record.line, 'reason' in record ? record.reason : 'ok']);
    expect(reasons).toEqual([
      [2, 'has 9 fields; the header has 11'],
      [3, 'REPORTING_PERIOD_START "31/02/2024" is not a date as dd/mm/yyyy'],
      [4, 'REPORTING_PERIOD_END is before REPORTING_PERIOD_START'],
      [5, 'MEASURE_VALUE "n/a" is not a number or "*" (suppressed)'],
      [6, 'MEASURE_VALUE is empty (a suppressed value is published as "*")'],
      [7, 'a quoted field is not closed'],
      [8, 'PRIMARY_LEVEL must not be empty'],
      [9, 'ok'],
    ]);
  });

  it('never throws, imports every good row and reports every bad row with its line (fuzz)', async () => {
    const label = fc.string({ unit: fc.constantFrom('a', 'B', ' ', ',', '"', '-', 'é', '1'), maxLength: 12 });
    const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    const goodRow = fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
      description: label,
      measureName: label,
      value: fc.oneof(
        fc.constant('*'),
        fc.integer({ min: 0, max: 1_000_000 }).map(String),
        fc.double({ min: 0, max: 100, noNaN: true }).map((n) => n.toFixed(5)),
      ),
      breakdown: fc.constantFrom('England', 'ICB of GP Practice or Residence', 'Provider', 'Something new'),
    });
    const lineOf = (
      row: { day: number; month: number; description: string; measureName: string; value: string; breakdown: string },
      index: number,
    ) => {
      const date = `${String(row.day).padStart(2, '0')}/${String(row.month).padStart(2, '0')}/2024`;
      return [
        date,
        date,
        'Performance',
        row.breakdown,
        `P${index}`,
        quote(row.description),
        'NONE',
        'NONE',
        'MRS01',
        quote(row.measureName),
        row.value,
      ].join(',');
    };
    const badKind = fc.constantFrom('columns', 'date', 'value', 'quote');
    const file = fc.array(
      fc.oneof(
        { weight: 3, arbitrary: goodRow.map((row) => ({ good: row })) },
        { weight: 1, arbitrary: fc.tuple(goodRow, badKind).map(([row, kind]) => ({ bad: row, kind })) },
      ),
      { maxLength: 40 },
    );
    await fc.assert(
      fc.asyncProperty(file, fc.boolean(), async (rows, crlf) => {
        const lines = rows.map((entry, index) => {
          if ('good' in entry) return lineOf(entry.good, index);
          const line = lineOf(entry.bad, index);
          const fields = line.split(',');
          switch (entry.kind) {
            case 'columns':
              return `${line},extra`;
            case 'date':
              return `32/01/2024,${line.slice(line.indexOf(',') + 1)}`;
            case 'value':
              return `${line.slice(0, line.lastIndexOf(','))},twelve`;
            default:
              // An opening quote never closed, before a letter (so no later quote can close it cleanly).
              return `${fields.slice(0, 4).join(',')},"X${fields.slice(4).join(',').replace(/"/g, '')}`;
          }
        });
        const records = await parseMhsds([HEADER, ...lines].join(crlf ? '\r\n' : '\n'));
        const badLines = rows.flatMap((entry, index) => ('bad' in entry ? [index + 2] : []));
        const goodLines = rows.flatMap((entry, index) => ('good' in entry ? [index + 2] : []));
        const rejected = records.filter((record) => 'reason' in record);
        expect(rejected.map((record) => record.line)).toEqual(badLines);
        for (const record of rejected) expect('reason' in record && record.reason.length > 0).toBe(true);
        const imported = records.filter((record) => 'row' in record);
        expect(imported.map((record) => record.line)).toEqual(goodLines);
        imported.forEach((record, index) => {
          const source = rows[goodLines[index]! - 2] as { good: { value: string; description: string } };
          if (!('row' in record)) return;
          expect(record.row.suppressed).toBe(source.good.value === '*');
          expect(record.row.value).toBe(source.good.value === '*' ? null : Number(source.good.value));
          expect(record.row.primaryDescription).toBe(source.good.description.trim());
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('how final a published figure is', () => {
  it('ranks Provisional (and the old Primary) below Performance (and the old Refresh) below Final', () => {
    // NHS England, "Changing the submission windows for the Mental Health Services Data": provisional data
    // is submitted the month after activity, performance data is used to monitor performance, Final is
    // the year-end refresh; before April 2020 Primary then Refresh (final).
    expect(publishedStatusRank('Provisional')).toBe(0);
    expect(publishedStatusRank('Primary')).toBe(0);
    expect(publishedStatusRank('Performance')).toBe(1);
    expect(publishedStatusRank(' refresh ')).toBe(1);
    expect(publishedStatusRank('FINAL')).toBe(2);
    // Not a status MHSDS uses: treated as Performance, so it neither overrides Final nor yields to Provisional.
    expect(publishedStatusRank('Experimental')).toBe(1);
  });
});

describe('organisation codes in MHSDS files', () => {
  it('normalises the codes of organisation breakdowns and leaves England as published', () => {
    expect(normalisedPrimaryLevel('Provider', ' rx4 ')).toBe('RX4');
    expect(normalisedPrimaryLevel('ICB of GP Practice or Residence', 'qhm')).toBe('QHM');
    expect(normalisedPrimaryLevel('Sub ICB of Residence', '00l')).toBe('00L');
    expect(normalisedPrimaryLevel('England', 'England')).toBe('England');
  });
});
