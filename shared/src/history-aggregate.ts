/**
 * Weeks, months and quarters made from their days' roll-ups, so that a longer period is exactly its
 * days added up (domain.md, "Time"; KH03 collects available and occupied bed days over the quarter):
 *
 * - a daily census is the **average of the daily censuses**: the days' numerators added up over their
 *   denominators — occupied bed days ÷ available bed days for occupancy, the count's days ÷ the days
 *   it was reported for counts (vacant beds, referrals waiting). Never the last night alone. The mean
 *   adds up the days' integrals the same way; the peak is the highest day's peak;
 * - a sum adds up the days; a ratio of sums (video share) adds up both sides;
 * - an end-of-period census (active placements, waiting lists) is the last day's.
 *
 * Days with no value (nothing of the scope reporting at that midnight) are left out, not counted as
 * zero. Roll-ups written before the parts were kept (an old daily row no longer rebuildable from raw
 * facts) have no parts: if any day of a period lacks them, its days count equally instead (the mean
 * of the daily values), which is the same for counts and close for occupancy.
 */
import type { PeriodFigure } from './history.js';
import { ratioValue, type Ratio } from './history-census.js';
import { TREND_METRICS, type TrendMetric } from './trends.js';

/** A day's stored figure: the parts may be missing on rows from before they were kept. */
export type DayFigure = PeriodFigure;

function addedUp(days: readonly DayFigure[], value: (day: DayFigure) => number | null, parts: (day: DayFigure) => Ratio | null) {
  const known = days.filter((day) => value(day) !== null && Number.isFinite(value(day)));
  if (known.length === 0) return { value: null, parts: null };
  if (known.every((day) => parts(day) !== null)) {
    const total = known.reduce((sum, day) => ({ num: sum.num + parts(day)!.num, den: sum.den + parts(day)!.den }), {
      num: 0,
      den: 0,
    });
    return { value: ratioValue(total), parts: total };
  }
  const total = { num: known.reduce((sum, day) => sum + value(day)!, 0), den: known.length };
  return { value: ratioValue(total), parts: total };
}

/** A metric's figure for a week, month or quarter from its days (in time order); null when no day has one. */
export function aggregateDays(metric: TrendMetric, days: readonly DayFigure[]): PeriodFigure | null {
  const aggregate = TREND_METRICS[metric].aggregate;
  let figure: PeriodFigure;
  if (aggregate === 'dailyCensus') {
    const census = addedUp(
      days,
      (day) => day.value,
      (day) => day.valueParts,
    );
    const mean = addedUp(
      days,
      (day) => day.mean,
      (day) => day.meanParts,
    );
    // A day's peak is at least its census; rows without a peak offer their census.
    const peaks = days.map((day) => day.peak ?? day.value).filter((value): value is number => value !== null);
    figure = {
      value: census.value,
      valueParts: census.parts,
      mean: mean.value,
      meanParts: mean.parts,
      peak: peaks.length > 0 ? Math.max(...peaks) : null,
    };
  } else if (aggregate === 'ratio') {
    const ratio = addedUp(
      days,
      (day) => day.value,
      (day) => day.valueParts,
    );
    figure = { value: ratio.value, valueParts: ratio.parts, mean: null, meanParts: null, peak: null };
  } else {
    const values = days.map((day) => day.value).filter((value): value is number => value !== null);
    if (values.length === 0) return null;
    const value = aggregate === 'sum' ? values.reduce((sum, day) => sum + day, 0) : values.at(-1)!;
    figure = { value, valueParts: null, mean: null, meanParts: null, peak: null };
  }
  return figure.value === null && figure.mean === null && figure.peak === null ? null : figure;
}
