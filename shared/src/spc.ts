/**
 * Statistical process control in the style of NHS England's "Making Data Count": an XmR chart
 * (individual values and their moving ranges), its four special-cause rules, and the two icons that
 * summarise it — variation (is something changing, and is that good?) and assurance (will the
 * process reliably meet its target?). Pure functions: the trends page draws what these return.
 *
 * Choices the guidance leaves open, made here once:
 * - Periods without a value (null) are skipped: moving ranges join the values either side of a gap.
 * - A point exactly on the mean breaks a run (it is neither above nor below).
 * - Equal consecutive values break a trend (neither increasing nor decreasing).
 * - "Beyond" a limit or a two-sigma line is strictly beyond it.
 * - Comparisons allow for floating-point error (a constant series' mean is not always exactly its
 *   value), so rounding never makes a point "above" the mean or "beyond" a zero-width limit.
 * - Where a point is special cause by its position (limit, two-of-three, run) its direction is the
 *   side of the mean it is on; a point flagged only by a trend takes the trend's direction.
 */

/** Limits are the mean ± 2.66 × mean moving range (3 sigma, sigma estimated as MR̄ / 1.128). */
export const SPC_LIMIT_FACTOR = 2.66;
/** Two thirds of the way from the mean to a limit: the "two sigma" line of the two-of-three rule. */
export const SPC_TWO_SIGMA_FACTOR = (SPC_LIMIT_FACTOR * 2) / 3;
export const SPC_RUN_LENGTH = 7;
export const SPC_TREND_LENGTH = 6;
/** Making Data Count advises at least 15 points before limits are relied on (20 is better). */
export const SPC_MIN_POINTS = 15;

export type SpcRule = 'beyond-limit' | 'run' | 'trend' | 'two-of-three';
export type SpcDirection = 'high' | 'low';
export type Betterness = 'higher' | 'lower' | 'neither';

export const SPC_RULE_LABELS: Record<SpcRule, string> = {
  'beyond-limit': 'a point beyond a process limit',
  run: `a run of ${SPC_RUN_LENGTH} points on one side of the mean`,
  trend: `a trend of ${SPC_TREND_LENGTH} points increasing or decreasing`,
  'two-of-three': 'two of three points close to a limit',
};

export interface SpcPoint {
  /** Position in the input, gaps included. */
  index: number;
  value: number;
  /** |value − previous value|; null for the first value. */
  movingRange: number | null;
  /** The rules that flag this point; empty for common-cause variation. */
  rules: SpcRule[];
  /** High or low special cause; null when no rule flags the point. */
  direction: SpcDirection | null;
}

export interface XmrChart {
  mean: number;
  movingRangeMean: number;
  upperProcessLimit: number;
  lowerProcessLimit: number;
  upperTwoSigma: number;
  lowerTwoSigma: number;
  /** The input's values (nulls left out), in order, each with the rules that flag it. */
  points: SpcPoint[];
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * The XmR chart of a series of values in time order; null where there are fewer than two values
 * (no moving range, so no limits).
 */
export function xmrChart(values: readonly (number | null)[]): XmrChart | null {
  const present = values.flatMap((value, index) => (value === null || !Number.isFinite(value) ? [] : [{ index, value }]));
  if (present.length < 2) return null;
  const movingRanges = present.slice(1).map((point, i) => Math.abs(point.value - present[i]!.value));
  const mean = sum(present.map((point) => point.value)) / present.length;
  const movingRangeMean = sum(movingRanges) / movingRanges.length;
  const chart: XmrChart = {
    mean,
    movingRangeMean,
    upperProcessLimit: mean + SPC_LIMIT_FACTOR * movingRangeMean,
    lowerProcessLimit: mean - SPC_LIMIT_FACTOR * movingRangeMean,
    upperTwoSigma: mean + SPC_TWO_SIGMA_FACTOR * movingRangeMean,
    lowerTwoSigma: mean - SPC_TWO_SIGMA_FACTOR * movingRangeMean,
    points: present.map((point, i) => ({
      index: point.index,
      value: point.value,
      movingRange: i === 0 ? null : movingRanges[i - 1]!,
      rules: [],
      direction: null,
    })),
  };
  applyRules(chart);
  return chart;
}

/** Differences smaller than this, relative to the values' size, are floating-point error. */
const RELATIVE_TOLERANCE = 1e-9;

/** -1 below, 0 on (within `tolerance`), +1 above. */
function sideOf(value: number, centre: number, tolerance: number): -1 | 0 | 1 {
  return value > centre + tolerance ? 1 : value < centre - tolerance ? -1 : 0;
}

function flag(point: SpcPoint, rule: SpcRule): void {
  if (!point.rules.includes(rule)) point.rules.push(rule);
}

/** Flags every point that belongs to a stretch of `length` or more with the same non-zero key. */
function flagStretches(points: SpcPoint[], keyOf: (i: number) => number, length: number, rule: SpcRule): void {
  let start = 0;
  for (let i = 1; i <= points.length; i++) {
    if (i < points.length && keyOf(i) === keyOf(start) && keyOf(i) !== 0) continue;
    if (keyOf(start) !== 0 && i - start >= length) {
      for (let j = start; j < i; j++) flag(points[j]!, rule);
    }
    start = i;
  }
}

function applyRules(chart: XmrChart): void {
  const { points } = chart;
  const scale = Math.max(1, ...points.map((point) => Math.abs(point.value)));
  const tolerance = RELATIVE_TOLERANCE * scale;
  const side = (value: number, centre: number) => sideOf(value, centre, tolerance);

  for (const point of points) {
    if (side(point.value, chart.upperProcessLimit) > 0 || side(point.value, chart.lowerProcessLimit) < 0)
      flag(point, 'beyond-limit');
  }

  flagStretches(points, (i) => side(points[i]!.value, chart.mean), SPC_RUN_LENGTH, 'run');

  // A trend of N points is N − 1 steps in one direction; step i joins point i − 1 to point i.
  // A point shared by two trends (the turn of a V) takes the later trend's direction.
  const trendDirections: (SpcDirection | null)[] = points.map(() => null);
  const step = (i: number) => (i === 0 ? 0 : side(points[i]!.value, points[i - 1]!.value));
  let streakStart = 0;
  for (let i = 1; i < points.length; i++) {
    const direction = step(i);
    if (direction === 0) {
      streakStart = i;
      continue;
    }
    // A change of direction starts a new streak at the turning point.
    if (i - 1 > streakStart && step(i - 1) !== direction) streakStart = i - 1;
    if (i - streakStart + 1 < SPC_TREND_LENGTH) continue;
    for (let j = streakStart; j <= i; j++) {
      flag(points[j]!, 'trend');
      trendDirections[j] = direction > 0 ? 'high' : 'low';
    }
  }

  // Two of three consecutive points beyond the two-sigma line on the same side: flag those beyond it.
  const nearHigh = (p: SpcPoint) => side(p.value, chart.upperTwoSigma) > 0;
  const nearLow = (p: SpcPoint) => side(p.value, chart.lowerTwoSigma) < 0;
  for (let i = 0; i + 3 <= points.length; i++) {
    const window = points.slice(i, i + 3);
    for (const near of [nearHigh, nearLow]) {
      const close = window.filter(near);
      if (close.length >= 2) for (const point of close) flag(point, 'two-of-three');
    }
  }

  points.forEach((point, i) => {
    if (point.rules.length === 0) return;
    const position = side(point.value, chart.mean);
    const positional = point.rules.some((rule) => rule !== 'trend');
    point.direction = positional && position !== 0 ? (position > 0 ? 'high' : 'low') : trendDirections[i]!;
  });
}

export type VariationKind = 'common-cause' | 'improvement' | 'concern' | 'neither';

export interface Variation {
  kind: VariationKind;
  /** For special cause: whether the latest point is unusually high or low. */
  direction: SpcDirection | null;
}

/** Whether a special-cause direction is good news, bad news or neither, for a measure. */
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
 * The assurance icon against a target: where the target sits relative to the process limits.
 * A target inside the limits will sometimes be met and sometimes not. Null when no direction is
 * better (a target means nothing then).
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
