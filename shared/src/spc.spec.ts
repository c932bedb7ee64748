import { describe, expect, it } from 'vitest';
import { assuranceOf, specialCauseKind, variationOf, xmrChart, type SpcRule, type XmrChart } from './spc.js';

/** Indexes of the points a rule flags. */
function flagged(chart: XmrChart, rule: SpcRule): number[] {
  return chart.points.filter((point) => point.rules.includes(rule)).map((point) => point.index);
}

const alternating = (count: number, low: number, high: number) =>
  Array.from({ length: count }, (_, i) => (i % 2 === 0 ? low : high));

describe('xmrChart: mean, moving range and limits', () => {
  it('works a small series by hand', () => {
    // Mean 55 / 5 = 11; moving ranges 2, 1, 2, 4 → mean 9 / 4 = 2.25.
    const chart = xmrChart([10, 12, 11, 13, 9])!;
    expect(chart.mean).toBe(11);
    expect(chart.movingRangeMean).toBe(2.25);
    // 11 ± 2.66 × 2.25 = 11 ± 5.985
    expect(chart.upperProcessLimit).toBeCloseTo(16.985, 10);
    expect(chart.lowerProcessLimit).toBeCloseTo(5.015, 10);
    // Two thirds of the way to each limit: 11 ± 3.99
    expect(chart.upperTwoSigma).toBeCloseTo(14.99, 10);
    expect(chart.lowerTwoSigma).toBeCloseTo(7.01, 10);
    expect(chart.points.map((point) => point.movingRange)).toEqual([null, 2, 1, 2, 4]);
    expect(chart.points.every((point) => point.rules.length === 0 && point.direction === null)).toBe(true);
    expect(variationOf(chart, 'higher')).toEqual({ kind: 'common-cause', direction: null });
  });

  it('skips periods without a value and keeps each point at its place in the input', () => {
    const chart = xmrChart([10, null, 12, 11, null, 13, 9])!;
    expect(chart.mean).toBe(11);
    expect(chart.movingRangeMean).toBe(2.25);
    expect(chart.points.map((point) => point.index)).toEqual([0, 2, 3, 5, 6]);
  });

  it('has no chart for fewer than two values', () => {
    expect(xmrChart([])).toBeNull();
    expect(xmrChart([4, null])).toBeNull();
  });

  it('has zero-width limits for a constant series, and flags nothing', () => {
    const chart = xmrChart([0, 0, 0, 0, 0, 0, 0, 0])!;
    expect(chart.upperProcessLimit).toBe(0);
    // Every point is on the mean: no run, no trend, nothing beyond a limit.
    expect(chart.points.every((point) => point.rules.length === 0)).toBe(true);
  });

  it('does not let floating-point error put a constant series above its own mean', () => {
    // 31 × 93.86792452830188 / 31 is 93.86792452830193 in floating point.
    const chart = xmrChart(Array<number>(31).fill(93.86792452830188))!;
    expect(chart.mean).not.toBe(93.86792452830188);
    expect(chart.points.every((point) => point.rules.length === 0)).toBe(true);
    expect(variationOf(chart, 'lower').kind).toBe('common-cause');
  });
});

describe('xmrChart: special-cause rules', () => {
  it('flags a point beyond a process limit', () => {
    // Ten points alternating 8/12, then 30. Mean 130 / 11 = 11.818; moving ranges 4 × 9 and 18 → 5.4;
    // upper limit 11.818 + 2.66 × 5.4 = 26.18, so 30 is beyond it.
    const chart = xmrChart([...alternating(10, 8, 12), 30])!;
    expect(chart.mean).toBeCloseTo(130 / 11, 10);
    expect(chart.movingRangeMean).toBeCloseTo(5.4, 10);
    expect(chart.upperProcessLimit).toBeCloseTo(130 / 11 + 2.66 * 5.4, 10);
    expect(flagged(chart, 'beyond-limit')).toEqual([10]);
    expect(chart.points[10]!.direction).toBe('high');
    expect(chart.points.slice(0, 10).every((point) => point.rules.length === 0)).toBe(true);
  });

  it('flags a run of 7 on one side of the mean, not a run of 6', () => {
    // Nine +1s and nine −1s: mean 0. Indexes 3–9 are seven above; 10–15 six below.
    const values = [-1, 1, -1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, 1, -1];
    const chart = xmrChart(values)!;
    expect(chart.mean).toBe(0);
    // Six moving ranges of 2 among 17: limits ±2.66 × 12/17 = ±1.88, nothing beyond them.
    expect(chart.movingRangeMean).toBeCloseTo(12 / 17, 10);
    expect(flagged(chart, 'run')).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(chart.points.filter((point) => point.rules.length > 0).map((point) => point.index)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(chart.points[3]!.direction).toBe('high');
    // The latest point is common cause.
    expect(variationOf(chart, 'lower').kind).toBe('common-cause');
  });

  it('lets a point on the mean break a run', () => {
    // Mean 0: four above, one on the mean, four above: no run of 7.
    const values = [-3, 1, 1, 1, 1, 0, 1, 1, 1, 1, -3, 1, -3, 1, -1];
    const chart = xmrChart(values)!;
    expect(chart.mean).toBe(0);
    expect(flagged(chart, 'run')).toEqual([]);
  });

  it('flags a trend of 6 increasing points, not one of 5', () => {
    // Mean 67 / 13 = 5.15; moving ranges 4, 4, 4, 3, 1, .5, .5, .5, .5, 4, 4, 4 → 2.5; limits −1.5 to 11.8 and
    // two-sigma lines 0.72 and 9.59: only the trend at indexes 4–9 (4, 5, 5.5, 6, 6.5, 7) is special.
    const chart = xmrChart([3, 7, 3, 7, 4, 5, 5.5, 6, 6.5, 7, 3, 7, 3])!;
    expect(chart.movingRangeMean).toBe(2.5);
    expect(flagged(chart, 'trend')).toEqual([4, 5, 6, 7, 8, 9]);
    expect(chart.points.filter((point) => point.rules.length > 0).length).toBe(6);
    // 4 and 5 sit below the mean but belong to a rising trend: special cause high.
    expect(chart.points.slice(4, 10).every((point) => point.direction === 'high')).toBe(true);

    const five = xmrChart([3, 7, 3, 7, 4, 5, 5.5, 6, 6.5, 3, 7, 3])!;
    expect(flagged(five, 'trend')).toEqual([]);
  });

  it('flags a decreasing trend as low, and equal values break a trend', () => {
    const chart = xmrChart([10, 2, 10, 2, 9, 8, 7, 6, 5, 4, 10, 2])!;
    expect(flagged(chart, 'trend')).toEqual([4, 5, 6, 7, 8, 9]);
    expect(chart.points[4]!.direction).toBe('low');

    const flat = xmrChart([10, 2, 10, 2, 9, 8, 7, 7, 6, 5, 10, 2])!;
    expect(flagged(flat, 'trend')).toEqual([]);
  });

  it('flags two of three points beyond two sigma on the same side', () => {
    // Sixteen points alternating ±0.5, then 3, 0, 3, −0.5, 0.5. Mean 6 / 21 = 0.286; moving ranges sum
    // 15 + 2.5 + 3 + 3 + 3.5 + 1 = 28 over 20 → 1.4; two-sigma line 0.286 + 1.773 × 1.4 = 2.77 and upper
    // limit 4.01: the two 3s are close to the limit but not beyond it.
    const chart = xmrChart([...alternating(16, -0.5, 0.5), 3, 0, 3, -0.5, 0.5])!;
    expect(chart.movingRangeMean).toBeCloseTo(1.4, 10);
    expect(chart.upperTwoSigma).toBeCloseTo(6 / 21 + (2.66 * 2 * 1.4) / 3, 10);
    expect(flagged(chart, 'beyond-limit')).toEqual([]);
    expect(flagged(chart, 'two-of-three')).toEqual([16, 18]);
    expect(chart.points[16]!.direction).toBe('high');
    expect(chart.points[17]!.rules).toEqual([]);
  });

  it('does not count two points close to opposite limits', () => {
    const chart = xmrChart([...alternating(16, -0.5, 0.5), 3, -2.5, 0.5, -0.5])!;
    expect(flagged(chart, 'two-of-three')).toEqual([]);
  });
});

describe('variation icon', () => {
  const spike = xmrChart([...alternating(10, 8, 12), 30])!;
  const dip = xmrChart([...alternating(10, 28, 32), 10])!;

  it('reads the latest point against which direction is better', () => {
    expect(variationOf(spike, 'higher')).toEqual({ kind: 'improvement', direction: 'high' });
    expect(variationOf(spike, 'lower')).toEqual({ kind: 'concern', direction: 'high' });
    expect(variationOf(spike, 'neither')).toEqual({ kind: 'neither', direction: 'high' });
    expect(variationOf(dip, 'higher')).toEqual({ kind: 'concern', direction: 'low' });
    expect(variationOf(dip, 'lower')).toEqual({ kind: 'improvement', direction: 'low' });
  });

  it('names special cause by direction and betterness', () => {
    expect(specialCauseKind('high', 'higher')).toBe('improvement');
    expect(specialCauseKind('low', 'higher')).toBe('concern');
    expect(specialCauseKind('high', 'lower')).toBe('concern');
    expect(specialCauseKind('low', 'lower')).toBe('improvement');
    expect(specialCauseKind('low', 'neither')).toBe('neither');
  });
});

describe('assurance icon', () => {
  // Limits 5.015 to 16.985 (worked above).
  const chart = xmrChart([10, 12, 11, 13, 9])!;

  it('passes consistently when the whole process is on the right side of the target', () => {
    expect(assuranceOf(chart, 5, 'higher')).toBe('consistently-passing');
    expect(assuranceOf(chart, 17, 'lower')).toBe('consistently-passing');
  });

  it('fails consistently when the whole process is on the wrong side', () => {
    expect(assuranceOf(chart, 17, 'higher')).toBe('consistently-failing');
    expect(assuranceOf(chart, 5, 'lower')).toBe('consistently-failing');
  });

  it('hits and misses when the target lies between the limits', () => {
    expect(assuranceOf(chart, 10, 'higher')).toBe('hit-and-miss');
    expect(assuranceOf(chart, 16.9, 'lower')).toBe('hit-and-miss');
  });

  it('passes the zero-OAP ambition only when the process sits at zero', () => {
    expect(assuranceOf(xmrChart([0, 0, 0, 0])!, 0, 'lower')).toBe('consistently-passing');
    expect(assuranceOf(xmrChart([0, 1, 0, 0])!, 0, 'lower')).toBe('hit-and-miss');
  });

  it('has no assurance where no direction is better', () => {
    expect(assuranceOf(chart, 10, 'neither')).toBeNull();
  });
});
