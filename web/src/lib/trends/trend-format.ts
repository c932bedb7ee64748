/**
 * How trend values and periods read: percent metrics arrive as fractions (0.85) and are shown and
 * exported as percentages (85%), money as pounds, periods as London calendar dates.
 */
import { londonMidnight, type TrendGrain, type TrendUnit } from '@wardpulse/shared';

export const UNIT_SYMBOLS: Record<TrendUnit, string> = { percent: '%', count: 'count', gbp: '£', days: 'days' };

/** A value in the unit people read: fractions become percentages (rounded to kill float noise: 0.853 → 85.3). */
export function toDisplay(value: number, unit: TrendUnit): number {
  return unit === 'percent' ? Math.round(value * 100 * 1e6) / 1e6 : value;
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const percentFormat = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const poundFormat = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

/** A display value in words: "85.3%", "£1,250", "12 days", "4". */
export function formatValue(display: number | null, unit: TrendUnit): string {
  if (display === null || !Number.isFinite(display)) return 'No data';
  if (unit === 'percent') return `${percentFormat.format(display)}%`;
  if (unit === 'gbp') return poundFormat.format(display);
  if (unit === 'days') return `${numberFormat.format(display)} ${display === 1 ? 'day' : 'days'}`;
  return numberFormat.format(display);
}

/** An axis tick: shorter than a value ("85%", "£1,250", "12"). */
export function formatTick(display: number, unit: TrendUnit): string {
  if (unit === 'percent') return `${numberFormat.format(display)}%`;
  if (unit === 'gbp') return poundFormat.format(display);
  return numberFormat.format(display);
}

/** The y axis title: "Bed occupancy including leave (%)". */
export function axisTitle(label: string, unit: TrendUnit): string {
  return `${label} (${UNIT_SYMBOLS[unit]})`;
}

/** The instant a period starts: London midnight for `YYYY-MM-DD`, the instant itself for hours. */
export function periodInstant(t: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? londonMidnight(t) : Date.parse(t);
}

const LONDON = 'Europe/London';
const hourFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, day: 'numeric', month: 'short', year: 'numeric' });
const monthFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, month: 'long', year: 'numeric' });

const shortMonthFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, month: 'short' });
const yearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, year: 'numeric' });

/**
 * A period for people: "14 Mar 2025, 13:00", "14 Mar 2025", "Week of 10 Mar 2025", "March 2025",
 * "Jan–Mar 2025" (quarters by their months: KH03 numbers them by financial year, which is easy to misread).
 */
export function formatPeriod(instant: number, grain: TrendGrain): string {
  if (grain === 'hour') return hourFormat.format(instant);
  if (grain === 'month') return monthFormat.format(instant);
  if (grain === 'week') return `Week of ${dayFormat.format(instant)}`;
  if (grain === 'quarter') {
    // The quarter's third month starts about 62 days in; the middle of it is safely inside.
    const third = instant + 75 * 86_400_000;
    return `${shortMonthFormat.format(instant)}–${shortMonthFormat.format(third)} ${yearFormat.format(instant)}`;
  }
  return dayFormat.format(instant);
}

/** A date field's value for a sentence: "1 Jan 2025". */
export function formatDate(date: string): string {
  return dayFormat.format(londonMidnight(date));
}
