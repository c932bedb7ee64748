/**
 * How a published statistic's period reads on a chart (#15 item 6). MHSDS publishes some measures
 * over a rolling window: MRS01b's row for "April 2024" covers 01/02/2024–30/04/2024 (domain.md,
 * `fixtures/mhsds`), so it is a three-month figure drawn at the window's end, not April's own.
 * Suppressed values (`*`, small numbers withheld) are gaps, never zero.
 */

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

/** The words a benchmark's label carries: its window and how many values were suppressed. */
export function publishedSeriesNotes(
  points: readonly { periodStart: string; periodEnd: string; suppressed: boolean }[],
): string[] {
  const notes: string[] = [];
  const period = publishedPeriodLabel(points);
  if (period) notes.push(period);
  const suppressed = points.filter((point) => point.suppressed).length;
  if (suppressed > 0) notes.push(`${suppressed} suppressed, not drawn`);
  return notes;
}
