/**
 * How a published statistic's period reads on a chart (#15 item 6). MHSDS publishes some measures
 * over a rolling window: MRS01b's row for "April 2024" covers 01/02/2024–30/04/2024 (domain.md,
 * `fixtures/mhsds`), so it is a three-month figure drawn at the window's end, not April's own.
 * Suppressed values (`*`, small numbers withheld) are gaps, never zero.
 *
 * Rounding, as the published files show it (fixtures/mhsds, April 2024): England figures are exact
 * (MRS01b 10.64024, MRS01 19727); ICB and provider breakdowns give counts rounded to the nearest 5
 * (MRS01 315, 320, 165…) and percentages to whole numbers (MRS01b 8, 10, 14…). A chart of a local
 * series says so, so nobody reads a step of 5 or of one point as a change.
 */

/** Breakdowns whose published values are rounded (every one but England's). */
export function isRoundedBreakdown(breakdown: string): boolean {
  return breakdown !== 'England';
}

export const ROUNDING_NOTE = 'as published: counts to the nearest 5, percentages to whole numbers';

/** Whole calendar months from `start` to `end` (YYYY-MM-DD, inclusive), when the period is whole months; else null. */
export function wholeMonthsOf(start: string, end: string): number | null {
  const [sy, sm, sd] = start.split('-').map(Number) as [number, number, number];
  const [ey, em, ed] = end.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(ey, em, 0)).getUTCDate();
  if (sd !== 1 || ed !== lastDay) return null;
  const months = (ey - sy) * 12 + (em - sm) + 1;
  return months >= 1 ? months : null;
}

/** "rolling 3 months" for a window of several months, "" for one month or a period that is not whole months. */
export function publishedPeriodLabel(periods: readonly { periodStart: string; periodEnd: string }[]): string {
  const lengths = new Set(periods.map((period) => wholeMonthsOf(period.periodStart, period.periodEnd)));
  if (lengths.size !== 1) return '';
  const [months] = [...lengths];
  return months && months > 1 ? `rolling ${months} months` : '';
}

/** The words a benchmark's label carries: its window, its rounding and how many values were suppressed. */
export function publishedSeriesNotes(
  points: readonly { periodStart: string; periodEnd: string; suppressed: boolean }[],
  breakdown = 'England',
): string[] {
  const notes: string[] = [];
  const period = publishedPeriodLabel(points);
  if (period) notes.push(period);
  if (points.length > 0 && isRoundedBreakdown(breakdown)) notes.push(ROUNDING_NOTE);
  const suppressed = points.filter((point) => point.suppressed).length;
  if (suppressed > 0) notes.push(`${suppressed} suppressed, not drawn`);
  return notes;
}
