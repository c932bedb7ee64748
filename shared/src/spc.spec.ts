/**
 * SPC against series worked by hand (the working is in each row's comment) and against the published
 * results of NHSRplotthedots (its test snapshot tests/testthat/_snaps/ptd_spc_standard.md and its
 * "Deviations from Excel defaults" vignette), which this module follows.
 */
import { describe, expect, it } from 'vitest';
import { assuranceOf, specialCauseKind, spcChart, variationOf, xmrChart, type XmrChart, type XmrOptions } from './spc.js';

const alternating = (count: number, low: number, high: number) =>
  Array.from({ length: count }, (_, i) => (i % 2 === 0 ? low : high));

/** Each flagged point as `index:rule+rule:direction`, so a table row lists every special cause. */
function flags(chart: XmrChart): string[] {
  return chart.points.filter((point) => point.rules.length > 0).map((p) => `${p.index}:${p.rules.join('+')}:${p.direction}`);
}

const range = (from: number, to: number, label: string) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${from + i}:${label}`);

// set.seed(123); rnorm(20) in R: the series of NHSRplotthedots' ptd_spc_standard test.
const RNORM_123 = [
  -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
  1.2240818, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.7013559, -0.47279141,
];
const RNORM_123_OUTLIER = RNORM_123.map((value, i) => (i === 14 ? 10 : value));
// The deviations vignette's series: one outlying 10 among 1s and 2s.
const VIGNETTE = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1];

interface LimitsRow {
  name: string;
  values: (number | null)[];
  options?: XmrOptions;
  mean: number;
  lower: number;
  upper: number;
  /** Decimal places the expected figures are given to (published figures are rounded). */
  digits: number;
  screened?: number;
  flags?: string[];
}

describe('xmrChart: mean, moving range and limits', () => {
  it.each<LimitsRow>([
    {
      // Mean 55 / 5 = 11; moving ranges 2, 1, 2, 4 → 9 / 4 = 2.25 (none ≥ 3.267 × 2.25 = 7.35);
      // 11 ± 2.66 × 2.25 = 11 ± 5.985.
      name: 'a small series worked by hand',
      values: [10, 12, 11, 13, 9],
      mean: 11,
      lower: 5.015,
      upper: 16.985,
      digits: 10,
      screened: 0,
      flags: [],
    },
    {
      // Gaps are skipped: the same five values, so the same chart.
      name: 'the same series with gaps',
      values: [10, null, 12, 11, null, 13, 9],
      mean: 11,
      lower: 5.015,
      upper: 16.985,
      digits: 10,
      flags: [],
    },
    {
      // Published: mean_col 0.1416238, lpl -3.01138, upl 3.294627 (snapshot r1); all common cause.
      name: 'NHSRplotthedots ptd_spc_standard snapshot r1',
      values: RNORM_123,
      mean: 0.1416238,
      lower: -3.01138,
      upper: 3.294627,
      digits: 5,
      screened: 0,
      flags: [],
    },
    {
      // Published (y[15] = 10, outliers screened, the default): mean 0.6694159, lpl -2.383666, upl 3.722497.
      // The two moving ranges into and out of the 10 are screened out.
      name: 'NHSRplotthedots snapshot r2: an outlier, screened',
      values: RNORM_123_OUTLIER,
      mean: 0.6694159,
      lower: -2.383666,
      upper: 3.722497,
      digits: 5,
      screened: 2,
      flags: ['14:beyond-limit:high'],
    },
    {
      // Published (screen_outliers = FALSE): lpl -4.596625, upl 5.935457.
      name: 'NHSRplotthedots snapshot r3: the outlier not screened',
      values: RNORM_123_OUTLIER,
      options: { screenOutliers: false },
      mean: 0.6694159,
      lower: -4.596625,
      upper: 5.935457,
      digits: 5,
      screened: 0,
      flags: ['14:beyond-limit:high'],
    },
    {
      // Published: "UPL = 4.6, Mean = 1.94, LPL = -0.72" and one special cause point (the 10).
      // By hand: mean 35 / 18; moving ranges 1, 1, 1, 8, 9 and twelve 1s → 32 / 17 = 1.88; 8 and 9 are
      // ≥ 3.267 × 1.88 = 6.15, so screened: 15 / 15 = 1 and limits 1.94 ± 2.66.
      name: 'NHSRplotthedots deviations vignette: screened (the package default)',
      values: VIGNETTE,
      mean: 1.94,
      lower: -0.72,
      upper: 4.6,
      digits: 2,
      screened: 2,
      flags: ['4:beyond-limit:high'],
    },
    {
      // Published: "UPL = 6.95, Mean = 1.94, LPL = -3.06", the Making Data Count Excel tool's figures.
      // By hand: 1.944 ± 2.66 × 32 / 17.
      name: 'NHSRplotthedots deviations vignette: not screened (as the Excel tool)',
      values: VIGNETTE,
      options: { screenOutliers: false },
      mean: 1.94,
      lower: -3.06,
      upper: 6.95,
      digits: 2,
      screened: 0,
      flags: ['4:beyond-limit:high'],
    },
    {
      // Every moving range is zero: nothing to screen, zero-width limits, every point on the mean.
      name: 'a constant series',
      values: [0, 0, 0, 0, 0, 0, 0, 0],
      mean: 0,
      lower: 0,
      upper: 0,
      digits: 10,
      screened: 0,
      flags: [],
    },
  ])('$name', ({ values, options, mean, lower, upper, digits, screened, flags: expected }) => {
    const chart = xmrChart(values, options)!;
    expect(chart.mean).toBeCloseTo(mean, digits);
    expect(chart.lowerProcessLimit).toBeCloseTo(lower, digits);
    expect(chart.upperProcessLimit).toBeCloseTo(upper, digits);
    if (screened !== undefined) expect(chart.stretches[0]!.screenedMovingRanges).toBe(screened);
    if (expected) expect(flags(chart)).toEqual(expected);
  });

  it('draws the two-sigma lines two thirds of the way to each limit, and gives each point its moving range', () => {
    const chart = xmrChart([10, 12, 11, 13, 9])!;
    // 11 ± 2.66 × 2 / 3 × 2.25 = 11 ± 3.99
    expect(chart.upperTwoSigma).toBeCloseTo(14.99, 10);
    expect(chart.lowerTwoSigma).toBeCloseTo(7.01, 10);
    expect(chart.points.map((point) => point.movingRange)).toEqual([null, 2, 1, 2, 4]);
    expect(xmrChart([10, null, 12, 11, null, 13, 9])!.points.map((point) => point.index)).toEqual([0, 2, 3, 5, 6]);
  });

  it('has no chart for fewer than two values', () => {
    expect(xmrChart([])).toBeNull();
    expect(xmrChart([4, null])).toBeNull();
  });

  it('does not let floating-point error put a constant series above its own mean', () => {
    // 31 × 93.86792452830188 / 31 is 93.86792452830193 in floating point.
    const chart = xmrChart(Array<number>(31).fill(93.86792452830188))!;
    expect(chart.mean).not.toBe(93.86792452830188);
    expect(flags(chart)).toEqual([]);
    expect(variationOf(chart, 'lower').kind).toBe('common-cause');
  });
});

interface RulesRow {
  name: string;
  values: number[];
  options?: XmrOptions;
  flags: string[];
}

describe('xmrChart: special-cause rules', () => {
  it.each<RulesRow>([
    {
      // Mean 130 / 11 = 11.82; moving ranges nine 4s and an 18 → 5.4; 18 ≥ 3.267 × 5.4 = 17.6 is screened,
      // so 4 and the upper limit 11.82 + 2.66 × 4 = 22.46: 30 is beyond it.
      name: 'a point beyond the upper limit',
      values: [...alternating(10, 8, 12), 30],
      flags: ['10:beyond-limit:high'],
    },
    {
      // Mean 0; six moving ranges of 2 among 17 → 0.71, limits ±1.88, two-sigma ±1.25: no ±1 is close.
      // Indexes 3–9 are seven above the mean; 10–15 only six below.
      name: 'a run of 7 on one side of the mean, not a run of 6',
      values: [-1, 1, -1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, 1, -1],
      flags: range(3, 9, 'run:high'),
    },
    {
      // Mean 0; moving ranges sum 24 over 14 → 1.71, two-sigma ±3.04 (−3 is not beyond it). Four above,
      // one on the mean, four above: a point on the mean breaks a run.
      name: 'a point on the mean breaks a run',
      values: [-3, 1, 1, 1, 1, 0, 1, 1, 1, 1, -3, 1, -3, 1, -1],
      flags: [],
    },
    {
      // Mean 71.5 / 14 = 5.11; moving ranges 4, 4, 4, 3, six 0.5s, 4, 4, 4 → 30 / 13 = 2.31; limits
      // −1.03 to 11.25, two-sigma 1.01 to 9.20. Indexes 4–10 rise seven times in a row (4 … 7): a trend,
      // high although 4, 4.5 and 5 are below the mean.
      name: 'a trend of 7 rising points, high on both sides of the mean',
      values: [3, 7, 3, 7, 4, 4.5, 5, 5.5, 6, 6.5, 7, 3, 7, 3],
      flags: range(4, 10, 'trend:high'),
    },
    {
      // The same without the 7: six rising points (4 … 6.5) are not a trend.
      name: 'six rising points are not a trend',
      values: [3, 7, 3, 7, 4, 4.5, 5, 5.5, 6, 6.5, 3, 7, 3],
      flags: [],
    },
    {
      // Mean 78 / 13 = 6; limits −5.53 to 17.53. 9, 8 … 3 falls seven times in a row.
      name: 'a trend of 7 falling points is low',
      values: [10, 2, 10, 2, 9, 8, 7, 6, 5, 4, 3, 10, 2],
      flags: range(4, 10, 'trend:low'),
    },
    {
      // 9, 8, 7, 7, 6, 5, 4: the repeated 7 is neither rising nor falling, so no seven in a row.
      name: 'an equal value breaks a trend',
      values: [10, 2, 10, 2, 9, 8, 7, 7, 6, 5, 4, 10, 2],
      flags: [],
    },
    {
      // Mean 150 / 21 = 7.14; moving ranges sum 42 over 20 → 2.1; limits 1.56 to 12.73. 10 … 4 falls
      // (indexes 4–10), 4 … 10 rises (10–16); 7–13 are also seven below the mean. The turn (index 10)
      // takes the later trend's direction (ptd_special_cause_type: "use right side"), and the trend, not
      // the run, decides the direction of points that are both.
      name: 'a V of two trends: the turn takes the later trend',
      values: [5, 9, 5, 9, 10, 9, 8, 7, 6, 5, 4, 5, 6, 7, 8, 9, 10, 5, 9, 5, 9],
      flags: [
        ...range(4, 6, 'trend:low'),
        ...range(7, 9, 'trend+run:low'),
        ...range(10, 13, 'trend+run:high'),
        ...range(14, 16, 'trend:high'),
      ],
    },
    {
      // Mean 208 / 19 = 10.95; limits −2.94 to 24.84. 1 … 7, 18 (indexes 6–13) rise: a trend, high, though
      // 6–12 are also a run of seven below the mean (a run alone would be low).
      name: 'a rising trend below the mean is high, not low',
      values: [12, 18, 12, 18, 12, 18, 1, 2, 3, 4, 5, 6, 7, 18, 12, 18, 12, 18, 12],
      flags: [...range(6, 12, 'trend+run:high'), '13:trend:high'],
    },
    {
      // Mean 6.5 / 21 = 0.31; moving ranges fifteen 1s, 2.5, 2.5, 2.5, 3.5, 1 → 27 / 20 = 1.35; two-sigma
      // 0.31 + 1.773 × 1.35 = 2.70, upper limit 3.90. 3, 0.5, 3 are all above the mean and two of them
      // beyond two sigma, inside the limit: those two are special cause.
      name: 'two of three close to the upper limit, all three above the mean',
      values: [...alternating(16, -0.5, 0.5), 3, 0.5, 3, -0.5, 0.5],
      flags: ['16:two-of-three:high', '18:two-of-three:high'],
    },
    {
      // Mean 6 / 21 = 0.29, two-sigma 2.77: the two 3s are close to the limit but the 0 between them is
      // below the mean, so the three are not on one side (NHSRplotthedots issue #143).
      name: 'two close points with the third on the other side of the mean are common cause',
      values: [...alternating(16, -0.5, 0.5), 3, 0, 3, -0.5, 0.5],
      flags: [],
    },
    {
      // NHSRplotthedots' own case (test-ptd_spc_standard.R): fourteen ±1s, then 5.5 and −5.5. Mean 0;
      // moving ranges thirteen 2s, 6.5 and 11; 11 ≥ 3.267 × 2.9 is screened → 32.5 / 14 = 2.32; two-sigma
      // ±4.12, limits ±6.18: both are close to a limit, on opposite sides, so common cause.
      name: 'two close points on opposite sides are common cause',
      values: [...alternating(14, 1, -1), 5.5, -5.5],
      flags: [],
    },
    {
      // Limits fixed on the first 12 (10/12 alternating): mean 11, moving range 2, upper limit 16.32,
      // two-sigma 14.55. 16 is close, 17 beyond the limit; in 16, 17, 12 only one point is close (a point
      // beyond the limit is not "close"), so 16 is common cause.
      name: 'a point beyond the limit does not count towards two of three',
      values: [...alternating(12, 10, 12), 16, 17, 12, 11.5],
      options: { baseline: { points: 12 } },
      flags: ['13:beyond-limit:high'],
    },
  ])('$name', ({ values, options, flags: expected }) => {
    expect(flags(xmrChart(values, options)!)).toEqual(expected);
  });
});

describe('xmrChart: baselines and change points', () => {
  const shifted = [...alternating(12, 10, 12), 16, 17, 16, 17];

  it('fixes the limits on the first N points and judges the later ones against them', () => {
    // Baseline: mean 11, eleven moving ranges of 2 → 2; limits 5.68 to 16.32, two-sigma 14.55. The 17s
    // are beyond the limit; the 16s close to it, two of three with a 17 between, all above the mean.
    const fixed = xmrChart(shifted, { baseline: { points: 12 } })!;
    expect(fixed.mean).toBe(11);
    expect(fixed.movingRangeMean).toBe(2);
    expect(fixed.upperProcessLimit).toBeCloseTo(16.32, 10);
    expect(fixed.stretches).toHaveLength(1);
    expect(fixed.stretches[0]).toMatchObject({ first: 0, last: 15, baseline: { first: 0, last: 11, count: 12 }, fixed: true });
    expect(flags(fixed)).toEqual([
      '12:two-of-three:high',
      '13:beyond-limit:high',
      '14:two-of-three:high',
      '15:beyond-limit:high',
    ]);

    // Unfixed, the shift drags the limits with it: mean 198 / 16 = 12.375, moving ranges 29 / 15 = 1.93,
    // upper limit 17.52: nothing is beyond it.
    const unfixed = xmrChart(shifted)!;
    expect(unfixed.mean).toBe(12.375);
    expect(unfixed.stretches[0]!.fixed).toBe(false);
    expect(flags(unfixed).filter((flag) => flag.includes('beyond-limit'))).toEqual([]);
  });

  it('recalculates mean and limits after a change point, each stretch on its own values', () => {
    const values = [10, 12, 10, 12, 10, 12, 20, 22, 20, 22, 20, 22];
    // One stretch: mean 16, moving ranges ten 2s and an 8 → 28 / 11 = 2.55; limits 9.23 to 22.77, two-sigma
    // 11.49 and 20.51: the 10s and the 22s are close to the limits, two of three on one side.
    const one = xmrChart(values)!;
    expect(one.mean).toBe(16);
    expect(flags(one)).toEqual([
      '0:two-of-three:low',
      '2:two-of-three:low',
      '4:two-of-three:low',
      '7:two-of-three:high',
      '9:two-of-three:high',
      '11:two-of-three:high',
    ]);
    // Changed at index 6: 11 ± 2.66 × 2 before, 21 ± 2.66 × 2 after; the first point after the change
    // has no moving range, and nothing is special cause.
    const two = xmrChart(values, { changeAt: [6] })!;
    expect(two.stretches.map((s) => [s.first, s.last, s.mean, s.movingRangeMean])).toEqual([
      [0, 5, 11, 2],
      [6, 11, 21, 2],
    ]);
    expect(two.stretches[1]!.lowerProcessLimit).toBeCloseTo(15.68, 10);
    expect(two.mean).toBe(21);
    expect(two.points[6]).toMatchObject({ movingRange: null, stretch: 1 });
    expect(flags(two)).toEqual([]);
  });

  it('looks for runs and trends only within a stretch', () => {
    const values = [5, 1, 5, 1, 5, 1, 1, 2, 3, 4, 5, 6, 7, 3, 7, 3, 7, 3, 7];
    // One stretch: 1 … 7 (indexes 6–12) is a trend.
    expect(flags(xmrChart(values)!)).toEqual(range(6, 12, 'trend:high'));
    // A change at index 10 splits it into 1 … 4 and 5, 6, 7: neither is seven points.
    expect(flags(xmrChart(values, { changeAt: [10] })!)).toEqual([]);
  });

  it('fixes each stretch on its own first N points, as fix_after_n_points does per rebase group', () => {
    const values = [...alternating(12, 10, 12), 30, ...alternating(12, 20, 22), 40];
    const chart = xmrChart(values, { baseline: { points: 12 }, changeAt: [13] })!;
    expect(chart.stretches.map((s) => [s.mean, s.baseline.count, s.fixed])).toEqual([
      [11, 12, true],
      [21, 12, true],
    ]);
    expect(flags(chart)).toEqual(['12:beyond-limit:high', '25:beyond-limit:high']);
  });

  it('does not use a change point that would leave fewer than two values either side', () => {
    // Asked: 0 (the first value), 3, 4 (one value after 3), 5 (one value left), 9 (after the end).
    const chart = xmrChart([1, 2, 1, 2, 1, 2], { changeAt: [0, 5, 9, 3, 4] })!;
    expect(chart.stretches.map((s) => [s.first, s.last])).toEqual([
      [0, 2],
      [3, 5],
    ]);
    expect(chart.ignoredChangeAt).toEqual([0, 4, 5, 9]);
  });
});

describe('spcChart: baselines and change points by date', () => {
  const days = Array.from({ length: 16 }, (_, i) => `2025-01-${String(i + 1).padStart(2, '0')}`);
  const values = [...alternating(12, 10, 12), 16, 17, 16, 17];
  const periods = days.map((date, i) => ({ date, value: values[i]! }));

  it('fixes limits on the values within a date range', () => {
    const chart = spcChart(periods, { baseline: { from: '2024-12-25', to: '2025-01-12' } })!;
    expect(chart.stretches[0]!.baseline).toEqual({ first: 0, last: 11, count: 12 });
    expect(chart.mean).toBe(11);
    expect(flags(chart)).toEqual(flags(xmrChart(values, { baseline: { points: 12 } })!));
  });

  it('starts a new stretch at the first period on or after a change date', () => {
    // Monthly periods start on the 1st: a change on 15 March starts the April stretch.
    const months = ['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01'];
    const chart = spcChart(
      months.map((date, i) => ({ date, value: [1, 2, 1, 8, 9, 8][i]! })),
      { changePoints: ['2025-03-15', '2026-01-01'] },
    )!;
    expect(chart.stretches.map((s) => [s.first, s.mean])).toEqual([
      [0, 4 / 3],
      [3, 25 / 3],
    ]);
    expect(chart.ignoredChangePoints).toEqual(['2026-01-01']);
  });

  it('ignores a baseline range with fewer than two values', () => {
    const chart = spcChart(periods, { baseline: { from: '2025-01-16', to: '2025-02-01' } })!;
    expect(chart.stretches[0]).toMatchObject({ fixed: false, baseline: { count: 16 } });
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
    expect(variationOf(xmrChart([10, 12, 11, 13, 9])!, 'higher')).toEqual({ kind: 'common-cause', direction: null });
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

  it('reads the latest stretch after a change point', () => {
    // Before the change 1.5 ± 2.66 × 1, after it 20.5 ± 2.66: a target of 10 is failed only before.
    const changed = xmrChart([1, 2, 1, 2, 20, 21, 20, 21], { changeAt: [4] })!;
    expect(assuranceOf(changed, 10, 'higher')).toBe('consistently-passing');
  });

  it('has no assurance where no direction is better', () => {
    expect(assuranceOf(chart, 10, 'neither')).toBeNull();
  });
});
