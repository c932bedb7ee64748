import { describe, expect, it } from 'vitest';
import { csvText, exportFileName, trendCsv } from './trend-csv.js';
import { occupancyResponse } from './trend-fixtures.js';

const lines = (csv: string) => csv.trimEnd().split('\r\n');

describe('trend CSV', () => {
  it('names the metric and unit, then one column per scope, then a row per period with plain numbers', () => {
    expect(lines(trendCsv(occupancyResponse()))).toEqual([
      'Bed occupancy including leave (%),,',
      'period,"Cumbria, Northumberland, Tyne and Wear NHS FT (trust:RX4)","Tees, Esk and Wear Valleys NHS FT (trust:RX3)"',
      '2025-03-29,90,80',
      // 0.853 × 100 is 85.30000000000001 in floating point: exported as 85.3.
      '2025-03-30,85.3,81',
      '2025-03-31,,102',
    ]);
  });

  it('adds benchmark columns after the scopes, and periods only a benchmark has', () => {
    const csv = trendCsv(
      occupancyResponse({
        benchmarks: [{ label: 'England', source: 'KH03', points: [{ t: '2025-03-01', v: 0.92 }] }],
      }),
    );
    const [, header, first, second] = lines(csv);
    expect(header).toMatch(/,Benchmark: England \(KH03\)$/);
    expect(first).toBe('2025-03-01,,,92');
    expect(second).toBe('2025-03-29,90,80,');
  });

  it('writes counts and money as they are', () => {
    const csv = trendCsv(
      occupancyResponse({
        metric: { id: 'oapCost', label: 'OAP cost', unit: 'gbp', better: 'lower', reference: null },
        series: [{ scope: 'trust:RX4', name: 'RX4', points: [{ t: '2025-03-01', v: 1250.5 }] }],
      }),
    );
    expect(lines(csv)).toEqual(['OAP cost (£),', 'period,RX4 (trust:RX4)', '2025-03-01,1250.5']);
  });

  it('quotes what must be quoted and defuses spreadsheet formulas', () => {
    expect(csvText('plain')).toBe('plain');
    expect(csvText('a, b')).toBe('"a, b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('names the file after the metric, range and grain', () => {
    expect(exportFileName(occupancyResponse(), 'csv')).toBe('wardpulse-occupancyIncludingLeave-2025-03-29-to-2025-03-31-day.csv');
  });

  it('says which daily value and KH03 sector it holds when they are not the census of all wards', () => {
    const response = occupancyResponse({ grain: 'week', statistic: 'peak', sector: 'learning-disabilities' });
    expect(lines(trendCsv(response))[0]).toBe(
      '"Bed occupancy including leave (%) — peak of the week, Learning disabilities (KH03)",,',
    );
    expect(exportFileName(response, 'csv')).toBe(
      'wardpulse-occupancyIncludingLeave-2025-03-29-to-2025-03-31-week-peak-learning-disabilities.csv',
    );
  });
});
