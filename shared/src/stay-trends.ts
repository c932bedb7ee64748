/**
 * Length-of-stay trends (issue #17 item 2): each period's admissions, discharges and length of stay
 * of a scope, computed on request from its wards' anonymous stays (no roll-up: stays are corrected
 * and back-filled by their feeds, and one pass over them is quick; docs/measures.md).
 *
 * For each period `[start, end)` of London midnights (history.ts historyPeriods):
 * - admissions and discharges: stays admitted, and discharged, within it;
 * - mean, median and 90th percentile length of stay, and the 60+ and 90+ night counts, of the stays
 *   discharged within it, however long before it they began (dischargedStayFigures);
 * - current median length of stay of the people in at its end (or now, in the period running), as
 *   currentStayFigures counts it: nights from the admission date to the period's last date.
 * A period that no stay of the scope touches (none in progress in it, none admitted or discharged
 * in it) has no figures at all: null, not zero, so a ward that does not send stays is not shown as
 * admitting nobody. In a period with stays but no discharges, the lengths are null and the counts 0.
 */
import { londonDayNumber } from './calendar.js';
import type { HistoryPeriod } from './history.js';
import { lengthOfStayFigures, type LengthOfStayFigures, type Stay } from './length-of-stay.js';
import type { StayTrendMetric } from './trends.js';

export interface StayPeriodFigures {
  admissions: number;
  discharges: number;
  /** Length of stay of the period's discharges. */
  discharged: LengthOfStayFigures;
  /** Length of stay so far of the people in at the period's end. */
  current: LengthOfStayFigures;
}

/** How each stay metric reads a period's figures. */
export const STAY_TREND_VALUES: Record<StayTrendMetric, (figures: StayPeriodFigures) => number | null> = {
  stayAdmissions: (figures) => figures.admissions,
  stayDischarges: (figures) => figures.discharges,
  meanLengthOfStay: (figures) => figures.discharged.meanNights,
  medianLengthOfStay: (figures) => figures.discharged.medianNights,
  p90LengthOfStay: (figures) => figures.discharged.p90Nights,
  dischargedStays60Plus: (figures) => figures.discharged.nights60Plus,
  dischargedStays90Plus: (figures) => figures.discharged.nights90Plus,
  currentMedianLengthOfStay: (figures) => figures.current.medianNights,
};

/** The index of the period holding `instant` in contiguous periods: -1 before them, `length` after. */
function periodIndex(periods: readonly HistoryPeriod[], instant: number): number {
  if (periods.length === 0 || instant < periods[0]!.start) return -1;
  if (instant >= periods.at(-1)!.end) return periods.length;
  let low = 0;
  let high = periods.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (periods[middle]!.start <= instant) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Each period's figures from the stays of a scope's wards (contiguous periods, in order; `now` ends
 * the one running). Each stay is visited for the periods it spans only.
 */
export function stayPeriodFigures(
  stays: readonly Stay[],
  periods: readonly HistoryPeriod[],
  now: number,
): (StayPeriodFigures | null)[] {
  const count = periods.length;
  const touched = new Array<boolean>(count).fill(false);
  const admissions = new Array<number>(count).fill(0);
  const dischargedNights = periods.map((): number[] => []);
  const currentNights = periods.map((): number[] => []);
  // The instant each period's inpatients are counted at (as monthFlow takes a month's), and its date.
  const censusAt = periods.map((period) => Math.min(now, period.end - 1));
  const censusDay = censusAt.map(londonDayNumber);
  // Nights are London day numbers apart: stayNights without a time-zone calculation per stay and period.
  for (const stay of stays) {
    const admitted = Date.parse(stay.admittedAt);
    const admittedDay = londonDayNumber(admitted);
    const discharged = stay.dischargedAt === null ? Infinity : Date.parse(stay.dischargedAt);
    const first = periodIndex(periods, admitted);
    const dischargedIn = stay.dischargedAt === null ? count : periodIndex(periods, discharged);
    const last = Math.min(count - 1, dischargedIn);
    if (first >= count || last < 0) continue;
    if (first >= 0) admissions[first]!++;
    if (dischargedIn >= 0 && dischargedIn < count)
      dischargedNights[dischargedIn]!.push(londonDayNumber(discharged) - admittedDay);
    for (let index = Math.max(first, 0); index <= last; index++) {
      touched[index] = true;
      const at = censusAt[index]!;
      if (admitted <= at && discharged > at) currentNights[index]!.push(censusDay[index]! - admittedDay);
    }
  }
  return periods.map((_, index) =>
    touched[index]
      ? {
          admissions: admissions[index]!,
          discharges: dischargedNights[index]!.length,
          discharged: lengthOfStayFigures(dischargedNights[index]!),
          current: lengthOfStayFigures(currentNights[index]!),
        }
      : null,
  );
}

/** One stay metric's points over the periods: `{ t: period label, v }`, null where no stay touches a period. */
export function stayTrendPoints(
  metric: StayTrendMetric,
  stays: readonly Stay[],
  periods: readonly HistoryPeriod[],
  now: number,
): { t: string; v: number | null }[] {
  const read = STAY_TREND_VALUES[metric];
  return stayPeriodFigures(stays, periods, now).map((figures, index) => ({
    t: periods[index]!.label,
    v: figures === null ? null : read(figures),
  }));
}
