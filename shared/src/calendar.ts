/**
 * Calendar periods in Europe/London (domain.md: days, weeks starting Monday and months are
 * London calendar periods, summer time included). Dates are `YYYY-MM-DD` strings of the London
 * calendar; instants are epoch milliseconds.
 */
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';

export const LONDON = 'Europe/London';

export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((text) => isCalendarDate(text), 'is not a real calendar date');

function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The London calendar date an instant falls on. */
export function londonDateOf(instant: number): string {
  const local = new TZDate(instant, LONDON);
  return `${pad(local.getFullYear(), 4)}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

const DAY_MS = 86_400_000;
/** Whether London is an hour ahead of UTC late in each UTC day (summer time), per UTC day number. */
const summerEvenings = new Map<number, boolean>();

/**
 * The London calendar date an instant falls on, as a day number (days since 1970-01-01; dates
 * `daysBetween` apart are day numbers that far apart): what `londonDateOf` gives, without a time
 * zone calculation per instant, for counting many stays. London's date is the UTC date except from
 * 23:00 UTC in summer time, when it is the next; the clocks change at 01:00 UTC, so one answer per
 * UTC day (taken at 23:30 UTC) holds for its whole last hour.
 */
export function londonDayNumber(instant: number): number {
  const utcDay = Math.floor(instant / DAY_MS);
  if (instant - utcDay * DAY_MS < 23 * 3_600_000) return utcDay;
  let summer = summerEvenings.get(utcDay);
  if (summer === undefined) {
    const lateEvening = utcDay * DAY_MS + 23.5 * 3_600_000;
    summer = londonDateOf(lateEvening) !== new Date(lateEvening).toISOString().slice(0, 10);
    summerEvenings.set(utcDay, summer);
  }
  return summer ? utcDay + 1 : utcDay;
}

/** The instant London's clocks show 00:00 on `date` (23 or 25 hours after the previous one on clock-change days). */
export function londonMidnight(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(year, month - 1, day, 0, 0, 0, 0, LONDON).getTime();
}

/** Calendar arithmetic on dates: no time zone is involved in counting days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const moved = new Date(Date.UTC(year, month - 1, day + days));
  return `${pad(moved.getUTCFullYear(), 4)}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}`;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type PeriodKind = 'day' | 'week' | 'month';

/** A London calendar period: dates `[startDate, endDate)` and the instants they begin at. */
export interface CalendarPeriod {
  kind: PeriodKind;
  startDate: string;
  /** First date after the period. */
  endDate: string;
  start: number;
  end: number;
}

/** The day, week (Monday start) or month containing `instant`, on London's calendar. */
export function londonPeriod(kind: PeriodKind, instant: number): CalendarPeriod {
  const today = londonDateOf(instant);
  let startDate: string;
  let endDate: string;
  if (kind === 'day') {
    startDate = today;
    endDate = addDays(today, 1);
  } else if (kind === 'week') {
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
    startDate = addDays(today, -((weekday + 6) % 7));
    endDate = addDays(startDate, 7);
  } else {
    startDate = `${today.slice(0, 8)}01`;
    const [year, month] = today.split('-').map(Number) as [number, number];
    endDate = month === 12 ? `${year + 1}-01-01` : `${pad(year, 4)}-${pad(month + 1)}-01`;
  }
  return { kind, startDate, endDate, start: londonMidnight(startDate), end: londonMidnight(endDate) };
}
