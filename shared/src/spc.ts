/**
 * Statistical process control in the style of NHS England's "Making Data Count": an XmR chart
 * (individual values and their moving ranges), its four special-cause rules, and the two icons that
 * summarise it — variation (is something changing, and is that good?) and assurance (will the
 * process reliably meet its target?). Pure functions: the trends page draws what these return.
 *
 * The calculation follows NHSRplotthedots (github.com/nhs-r-community/NHSRplotthedots, v0.2), the
 * NHS-R community's implementation of the Making Data Count rules; docs/measures.md ("Statistical
 * process control") names the function behind each rule. In short:
 * - A chart is split into stretches at change points (`ptd_rebase`); each stretch has its own mean
 *   and limits, and the rules look only within a stretch (`ptd_calculate_point_type` groups by
 *   rebase group).
 * - A stretch's limits come from its baseline: all its values, its first N values
 *   (`fix_after_n_points`), or those within a chosen range. Mean of the baseline; moving ranges
 *   between its consecutive values; a moving range of 3.267 × their mean or more is screened out as
 *   an outlier and the mean taken again (`screen_outliers = TRUE`, the package's default); limits =
 *   mean ± 2.66 × mean moving range (`ptd_spc_standard`).
 * - Special cause, in this order of precedence for the point's direction (`ptd_special_cause_type`):
 *   a point beyond a limit; a trend of 7 rising or 7 falling points; two of three points beyond the
 *   two-sigma line but inside the limits, all three on the same side of the mean; a run of 7 points
 *   on one side of the mean. A trend's points take the trend's direction (rising is high), every
 *   other rule's the side of the mean the point is on.
 *
 * Choices the package leaves open (it expects no gaps), made here once:
 * - Periods without a value (null) are skipped: moving ranges join the values either side of a gap.
 * - Comparisons allow for floating-point error (a constant series' mean is not always exactly its
 *   value), so rounding never makes a point "above" the mean or "beyond" a zero-width limit.
 * - A stretch needs two values for a moving range: a change point that would leave fewer than two
 *   on either side is not used, and the chart says so (`ignoredChangeAt`).
 * - A baseline with fewer than two values in a stretch does not fix that stretch's limits.
 * - Where every moving range is zero there is nothing to screen (the package would divide by zero).
 */

/** Limits are the mean ± 2.66 × mean moving range (3 sigma, sigma estimated as MR̄ / 1.128). */
export const SPC_LIMIT_FACTOR = 2.66;
/** Two thirds of the way from the mean to a limit: the "two sigma" line of the two-of-three rule. */
export const SPC_TWO_SIGMA_FACTOR = (SPC_LIMIT_FACTOR * 2) / 3;
/** A moving range of this many mean moving ranges or more is an outlier, left out of the limits (D4 of the mR chart). */
export const SPC_MOVING_RANGE_SCREEN_FACTOR = 3.267;
export const SPC_RUN_LENGTH = 7;
export const SPC_TREND_LENGTH = 7;
/** Making Data Count advises at least 15 points before limits are relied on (20 is better). */
export const SPC_MIN_POINTS = 15;
/** NHSRplotthedots refuses to fix limits on fewer than 12 points (`ptd_spc_options`). */
export const SPC_MIN_BASELINE_POINTS = 12;

/** The rules, in NHSRplotthedots' order of precedence (the first that flags a point names its direction). */
export const SPC_RULES = ['beyond-limit', 'trend', 'two-of-three', 'run'] as const;
export type SpcRule = (typeof SPC_RULES)[number];
export type SpcDirection = 'high' | 'low';
export type Betterness = 'higher' | 'lower' | 'neither';

export const SPC_RULE_LABELS: Record<SpcRule, string> = {
  'beyond-limit': 'a point beyond a process limit',
  trend: `a trend of ${SPC_TREND_LENGTH} points increasing or decreasing`,
  'two-of-three': 'two of three points close to a limit, on one side of the mean',
  run: `a run of ${SPC_RUN_LENGTH} points on one side of the mean`,
};

export interface SpcPoint {
  /** Position in the input, gaps included. */
  index: number;
  value: number;
  /** |value − previous value| within the stretch; null for a stretch's first value. */
  movingRange: number | null;
  /** Position in `stretches` of the stretch the point belongs to. */
  stretch: number;
  /** The rules that flag this point, in order of precedence; empty for common-cause variation. */
  rules: SpcRule[];
  /** High or low special cause; null when no rule flags the point. */
  direction: SpcDirection | null;
}

export interface XmrLimits {
  mean: number;
  movingRangeMean: number;
  upperProcessLimit: number;
  lowerProcessLimit: number;
  upperTwoSigma: number;
  lowerTwoSigma: number;
}

/** A run of points between change points, with the limits its baseline sets. */
export interface XmrStretch extends XmrLimits {
  /** Positions in `points` of its first and last point. */
  first: number;
  last: number;
  /** Positions in `points` of the first and last value that set the limits, and how many they are. */
  baseline: { first: number; last: number; count: number };
  /** True where the limits come from part of the stretch (a baseline), not all of it. */
  fixed: boolean;
  /** Moving ranges left out of the limits as outliers. */
  screenedMovingRanges: number;
}

export interface XmrChart extends XmrLimits {
  /** In time order; the top-level limits are the latest stretch's (icons are read at the latest point). */
  stretches: XmrStretch[];
  /** The input's values (nulls left out), in order, each with the rules that flag it. */
  points: SpcPoint[];
  /** Change points asked for (input positions) that could not start a stretch. */
  ignoredChangeAt: number[];
}

export interface XmrOptions {
  /**
   * Fixes limits on a baseline: each stretch's first `points` values (NHSRplotthedots
   * `fix_after_n_points`), or each stretch's values whose input positions lie in `from`..`to`.
   */
  baseline?: { points: number } | { from: number; to: number } | null;
  /** Input positions that start a new stretch, whose mean and limits are recalculated (`rebase`). */
  changeAt?: readonly number[];
  /** Screen moving-range outliers out of the limits; NHSRplotthedots' default, so true unless false. */
  screenOutliers?: boolean;
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const meanOf = (values: readonly number[]) => sum(values) / values.length;

/** Differences smaller than this, relative to the values' size, are floating-point error. */
const RELATIVE_TOLERANCE = 1e-9;

/** -1 below, 0 on (within `tolerance`), +1 above. */
function sideOf(value: number, centre: number, tolerance: number): -1 | 0 | 1 {
  return value > centre + tolerance ? 1 : value < centre - tolerance ? -1 : 0;
}

/** Mean, mean moving range and the lines drawn from them, for a stretch's baseline values. */
function limitsOf(values: readonly number[], screenOutliers: boolean): XmrLimits & { screened: number } {
  const mean = meanOf(values);
  const movingRanges = values.slice(1).map((value, i) => Math.abs(value - values[i]!));
  let movingRangeMean = meanOf(movingRanges);
  let screened = 0;
  // ptd_spc_standard keeps moving ranges strictly below 3.267 × their mean. With every range zero
  // there is nothing to screen (and nothing would be kept).
  if (screenOutliers && movingRangeMean > 0) {
    const kept = movingRanges.filter((range) => range < SPC_MOVING_RANGE_SCREEN_FACTOR * movingRangeMean);
    screened = movingRanges.length - kept.length;
    movingRangeMean = meanOf(kept);
  }
  return {
    mean,
    movingRangeMean,
    upperProcessLimit: mean + SPC_LIMIT_FACTOR * movingRangeMean,
    lowerProcessLimit: mean - SPC_LIMIT_FACTOR * movingRangeMean,
    upperTwoSigma: mean + SPC_TWO_SIGMA_FACTOR * movingRangeMean,
    lowerTwoSigma: mean - SPC_TWO_SIGMA_FACTOR * movingRangeMean,
    screened,
  };
}

/**
 * Where stretches start (positions in the present values): the first value, then each change point's
 * first value on or after it, where that leaves at least two values on each side.
 */
function stretchStarts(
  present: readonly { index: number }[],
  changeAt: readonly number[],
): { starts: number[]; ignored: number[] } {
  const starts = [0];
  const ignored: number[] = [];
  for (const index of [...new Set(changeAt)].sort((a, b) => a - b)) {
    const start = present.findIndex((point) => point.index >= index);
    const previous = starts.at(-1)!;
    if (start === -1 || start - previous < 2 || present.length - start < 2) ignored.push(index);
    else starts.push(start);
  }
  return { starts, ignored };
}

/** The baseline's positions within a stretch whose values have input positions `indexes`. */
function baselineOf(indexes: readonly number[], baseline: XmrOptions['baseline']): { first: number; last: number } {
  const all = { first: 0, last: indexes.length - 1 };
  if (!baseline) return all;
  if ('points' in baseline) return { first: 0, last: Math.min(indexes.length, Math.max(2, baseline.points)) - 1 };
  const inside = indexes.flatMap((index, i) => (index >= baseline.from && index <= baseline.to ? [i] : []));
  return inside.length < 2 ? all : { first: inside[0]!, last: inside.at(-1)! };
}

/**
 * The XmR chart of a series of values in time order; null where there are fewer than two values
 * (no moving range, so no limits).
 */
export function xmrChart(values: readonly (number | null)[], options: XmrOptions = {}): XmrChart | null {
  const present = values.flatMap((value, index) => (value === null || !Number.isFinite(value) ? [] : [{ index, value }]));
  if (present.length < 2) return null;
  const screenOutliers = options.screenOutliers ?? true;
  const { starts, ignored } = stretchStarts(present, options.changeAt ?? []);
  const scale = Math.max(1, ...present.map((point) => Math.abs(point.value)));
  const tolerance = RELATIVE_TOLERANCE * scale;

  const points: SpcPoint[] = [];
  const stretches: XmrStretch[] = starts.map((first, s) => {
    const last = (starts[s + 1] ?? present.length) - 1;
    const members = present.slice(first, last + 1);
    const baseline = baselineOf(
      members.map((point) => point.index),
      options.baseline,
    );
    const count = baseline.last - baseline.first + 1;
    const { screened, ...limits } = limitsOf(
      members.slice(baseline.first, baseline.last + 1).map((point) => point.value),
      screenOutliers,
    );
    const stretchPoints = members.map((point, i) => ({
      index: point.index,
      value: point.value,
      movingRange: i === 0 ? null : Math.abs(point.value - members[i - 1]!.value),
      stretch: s,
      rules: [] as SpcRule[],
      direction: null,
    }));
    applyRules(stretchPoints, limits, tolerance);
    points.push(...stretchPoints);
    return {
      ...limits,
      first,
      last,
      baseline: { first: first + baseline.first, last: first + baseline.last, count },
      fixed: count < members.length,
      screenedMovingRanges: screened,
    };
  });
  const latest = stretches.at(-1)!;
  return {
    mean: latest.mean,
    movingRangeMean: latest.movingRangeMean,
    upperProcessLimit: latest.upperProcessLimit,
    lowerProcessLimit: latest.lowerProcessLimit,
    upperTwoSigma: latest.upperTwoSigma,
    lowerTwoSigma: latest.lowerTwoSigma,
    stretches,
    points,
    ignoredChangeAt: ignored,
  };
}

/** Marks, in `flags`, every point of a stretch of `length` or more consecutive equal non-zero keys. */
function markStretches(keys: readonly number[], length: number, flags: boolean[]): void {
  let start = 0;
  for (let i = 1; i <= keys.length; i++) {
    if (i < keys.length && keys[i] === keys[start]) continue;
    if (keys[start] !== 0 && i - start >= length) for (let j = start; j < i; j++) flags[j] = true;
    start = i;
  }
}

/** The four rules over one stretch's points, against its limits (ptd_special_cause_type). */
function applyRules(points: SpcPoint[], limits: XmrLimits, tolerance: number): void {
  const side = (value: number, centre: number) => sideOf(value, centre, tolerance);
  const n = points.length;
  const values = points.map((point) => point.value);
  const relativeToMean = values.map((value) => side(value, limits.mean));
  const beyond = values.map((value) => side(value, limits.upperProcessLimit) > 0 || side(value, limits.lowerProcessLimit) < 0);
  // Beyond the two-sigma line but not beyond the limit (ptd_spc_standard's close_to_limits).
  const close = values.map(
    (value, i) => !beyond[i] && (side(value, limits.upperTwoSigma) > 0 || side(value, limits.lowerTwoSigma) < 0),
  );

  // Run: 7 or more consecutive points on one side; a point on the mean breaks it.
  const run = values.map(() => false);
  markStretches(relativeToMean, SPC_RUN_LENGTH, run);

  // Trend: 7 or more points each above (or each below) the one before; an equal value breaks it.
  // step[i] joins point i − 1 to point i; a trend of 7 points is 6 steps of one sign.
  const step = values.map((value, i) => (i === 0 ? 0 : side(value, values[i - 1]!)));
  const trend = values.map(() => false);
  for (let end = SPC_TREND_LENGTH - 1; end < n; end++) {
    const steps = step.slice(end - SPC_TREND_LENGTH + 2, end + 1);
    if (steps[0] !== 0 && steps.every((s) => s === steps[0]))
      for (let j = end - SPC_TREND_LENGTH + 1; j <= end; j++) trend[j] = true;
  }
  // A trend point's direction is the step to its right when the next point is in a trend too (so the
  // turn of a V takes the later trend), else the step to its left.
  const trendDirection = (i: number): number => (i + 1 < n && trend[i + 1] ? step[i + 1]! : step[i]!);

  // Two of three: in three consecutive points, all on one side of the mean, two or more are close to
  // a limit; those close ones are special cause.
  const twoOfThree = values.map(() => false);
  for (let i = 0; i + 3 <= n; i++) {
    const window = [i, i + 1, i + 2];
    const sameSide = relativeToMean[i] !== 0 && window.every((j) => relativeToMean[j] === relativeToMean[i]);
    if (sameSide && window.filter((j) => close[j]).length >= 2) for (const j of window) if (close[j]) twoOfThree[j] = true;
  }

  const flagged: Record<SpcRule, boolean[]> = { 'beyond-limit': beyond, trend, 'two-of-three': twoOfThree, run };
  points.forEach((point, i) => {
    point.rules = SPC_RULES.filter((rule) => flagged[rule][i]);
    const deciding = point.rules[0];
    if (!deciding) return;
    const sign = deciding === 'trend' ? trendDirection(i) : relativeToMean[i]!;
    point.direction = sign > 0 ? 'high' : 'low';
  });
}

/** One period of a series for SPC: the London date it starts on, and its value. */
export interface SpcPeriod {
  date: string;
  value: number | null;
}

/** A baseline by count (each stretch's first N values) or by London dates (inclusive). */
export type SpcBaseline = { points: number } | { from: string; to: string };

export interface SpcOptions {
  baseline?: SpcBaseline | null;
  /** London dates: the first period starting on or after each begins a new stretch. */
  changePoints?: readonly string[];
  screenOutliers?: boolean;
}

export interface SpcChart extends XmrChart {
  /** Change points asked for that could not start a stretch (nothing after them, or too few values either side). */
  ignoredChangePoints: string[];
}

/**
 * The XmR chart of periods in time order, with a baseline and change points given as dates, as the
 * trends page keeps them in its URL.
 */
export function spcChart(periods: readonly SpcPeriod[], options: SpcOptions = {}): SpcChart | null {
  const { baseline, changePoints = [] } = options;
  const firstOnOrAfter = (date: string) => {
    const found = periods.findIndex((period) => period.date >= date);
    return found === -1 ? periods.length : found;
  };
  const lastOnOrBefore = (date: string) => periods.findLastIndex((period) => period.date <= date);
  const changeAt = changePoints.map(firstOnOrAfter);
  const chart = xmrChart(
    periods.map((period) => period.value),
    {
      baseline:
        !baseline || 'points' in baseline ? baseline : { from: firstOnOrAfter(baseline.from), to: lastOnOrBefore(baseline.to) },
      changeAt,
      ...(options.screenOutliers === undefined ? {} : { screenOutliers: options.screenOutliers }),
    },
  );
  if (!chart) return null;
  const ignored = new Set(chart.ignoredChangeAt);
  return { ...chart, ignoredChangePoints: changePoints.filter((_, i) => ignored.has(changeAt[i]!)) };
}

export type VariationKind = 'common-cause' | 'improvement' | 'concern' | 'neither';

export interface Variation {
  kind: VariationKind;
  /** For special cause: whether the latest point is unusually high or low. */
  direction: SpcDirection | null;
}

/** Whether a special-cause direction is good news, bad news or neither, for a measure (ptd_point_type). */
export function specialCauseKind(direction: SpcDirection, better: Betterness): Exclude<VariationKind, 'common-cause'> {
  if (better === 'neither') return 'neither';
  return (direction === 'high') === (better === 'higher') ? 'improvement' : 'concern';
}

/** The variation icon: what the most recent point says (Making Data Count reads icons at the latest point). */
export function variationOf(chart: XmrChart, better: Betterness): Variation {
  const latest = chart.points.at(-1);
  if (!latest?.direction) return { kind: 'common-cause', direction: null };
  return { kind: specialCauseKind(latest.direction, better), direction: latest.direction };
}

export type Assurance = 'consistently-passing' | 'hit-and-miss' | 'consistently-failing';

/**
 * The assurance icon against a target: where the target sits relative to the latest stretch's
 * process limits. A target inside the limits will sometimes be met and sometimes not. Null when no
 * direction is better (a target means nothing then).
 */
export function assuranceOf(chart: XmrChart, target: number, better: Betterness): Assurance | null {
  if (better === 'neither') return null;
  if (better === 'higher') {
    if (chart.lowerProcessLimit >= target) return 'consistently-passing';
    if (chart.upperProcessLimit < target) return 'consistently-failing';
    return 'hit-and-miss';
  }
  if (chart.upperProcessLimit <= target) return 'consistently-passing';
  if (chart.lowerProcessLimit > target) return 'consistently-failing';
  return 'hit-and-miss';
}

export const VARIATION_LABELS: Record<VariationKind, string> = {
  'common-cause': 'Common cause variation: no significant change',
  improvement: 'Special cause variation: improvement',
  concern: 'Special cause variation: concern',
  neither: 'Special cause variation: neither improvement nor concern',
};

export const ASSURANCE_LABELS: Record<Assurance, string> = {
  'consistently-passing': 'The process will consistently pass the target',
  'hit-and-miss': 'The process will hit and miss the target (subject to random variation)',
  'consistently-failing': 'The process will consistently fail the target',
};
