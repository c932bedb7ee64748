/**
 * Admissions, discharges and length of stay (issue #17 item 2), from anonymous stays: a ward, when
 * the person was admitted and, once they have left, when they were discharged. No identity: a stay
 * is known to WardPulse by an opaque key its source chose.
 *
 * Length of stay follows the NHS count of nights (NHS Data Model and Dictionary, hospital provider
 * spell duration; docs/measures.md): the discharge date minus the admission date, on London's
 * calendar, so a person admitted and discharged on one day stayed 0 nights and a stay across a
 * clock change is not an hour short or long. Leave is not taken off (a person on leave still holds
 * their bed, as KH03 counts it). A stay in progress has a current length of stay: today's date
 * minus its admission date.
 *
 * Long stays are those of 60 or more and 90 or more nights ("60+ days", as NHS England's long
 * length-of-stay figures for adult acute mental health count them). Medians and 90th percentiles
 * interpolate between the ordered stays (the usual spreadsheet PERCENTILE.INC), so a median of an
 * even number of stays is the mean of the middle two.
 */
import { z } from 'zod';
import { addDays, daysBetween, londonDateOf, londonMidnight, londonPeriod } from './calendar.js';

export interface Stay {
  wardId: string;
  /** ISO 8601 instant. */
  admittedAt: string;
  /** ISO 8601 instant, or null while the person is still in. */
  dischargedAt: string | null;
}

/** The thresholds of the long-stay counts, in nights. */
export const LONG_STAY_NIGHTS = [60, 90] as const;

/** Nights from admission to `until` (both instants): London calendar dates apart. */
export function stayNights(admittedAt: string, until: string | number): number {
  const end = typeof until === 'number' ? until : Date.parse(until);
  return daysBetween(londonDateOf(Date.parse(admittedAt)), londonDateOf(end));
}

/** The value below which `fraction` of the sorted values lie, interpolated (PERCENTILE.INC); null for none. */
export function interpolatedPercentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = fraction * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (rank - below) * (sorted[above]! - sorted[below]!);
}

export interface LengthOfStayFigures {
  /** Stays counted. */
  stays: number;
  meanNights: number | null;
  medianNights: number | null;
  p90Nights: number | null;
  /** Stays of 60 or more nights. */
  nights60Plus: number;
  /** Stays of 90 or more nights. */
  nights90Plus: number;
}

export function lengthOfStayFigures(nights: readonly number[]): LengthOfStayFigures {
  // A typed array sorts numerically, natively: a region's daily trend sorts a thousand periods of stays.
  const sorted = Array.from(Float64Array.from(nights).sort());
  return {
    stays: sorted.length,
    meanNights: sorted.length === 0 ? null : sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    medianNights: interpolatedPercentile(sorted, 0.5),
    p90Nights: interpolatedPercentile(sorted, 0.9),
    nights60Plus: sorted.filter((value) => value >= LONG_STAY_NIGHTS[0]).length,
    nights90Plus: sorted.filter((value) => value >= LONG_STAY_NIGHTS[1]).length,
  };
}

/**
 * Length of stay of the stays discharged in a period of London dates `[from, to)` (a month's
 * discharges, as published figures count them): however long ago they were admitted.
 */
export function dischargedStayFigures(stays: readonly Stay[], from: string, to: string): LengthOfStayFigures {
  return lengthOfStayFigures(
    stays
      .filter((stay) => {
        if (stay.dischargedAt === null) return false;
        const date = londonDateOf(Date.parse(stay.dischargedAt));
        return date >= from && date < to;
      })
      .map((stay) => stayNights(stay.admittedAt, stay.dischargedAt!)),
  );
}

/** Whether a stay was in progress at an instant: admitted by then and not yet discharged. */
export function inProgressAt(stay: Stay, instant: number): boolean {
  return Date.parse(stay.admittedAt) <= instant && (stay.dischargedAt === null || Date.parse(stay.dischargedAt) > instant);
}

/** Current length of stay of the people in at `instant`. */
export function currentStayFigures(stays: readonly Stay[], instant: number): LengthOfStayFigures {
  return lengthOfStayFigures(
    stays.filter((stay) => inProgressAt(stay, instant)).map((stay) => stayNights(stay.admittedAt, instant)),
  );
}

export interface DayFlow {
  date: string;
  admissions: number;
  discharges: number;
}

/** Admissions and discharges on each London date of `[from, to)`. */
export function flowByDay(stays: readonly Stay[], from: string, to: string): DayFlow[] {
  const days = new Map<string, DayFlow>();
  for (let offset = 0; offset < daysBetween(from, to); offset++) {
    const date = addDays(from, offset);
    days.set(date, { date, admissions: 0, discharges: 0 });
  }
  for (const stay of stays) {
    const admitted = days.get(londonDateOf(Date.parse(stay.admittedAt)));
    if (admitted) admitted.admissions++;
    if (stay.dischargedAt === null) continue;
    const discharged = days.get(londonDateOf(Date.parse(stay.dischargedAt)));
    if (discharged) discharged.discharges++;
  }
  return [...days.values()];
}

const nights = z.number().nullable();

export const lengthOfStayFiguresSchema = z.object({
  stays: z.int(),
  meanNights: nights,
  medianNights: nights,
  p90Nights: nights.describe('90th percentile (PERCENTILE.INC)'),
  nights60Plus: z.int().describe('Stays of 60 or more nights'),
  nights90Plus: z.int().describe('Stays of 90 or more nights'),
});

/** `GET /api/v1/flow`'s query. */
export const flowQuerySchema = z.strictObject({
  scope: z.string().describe('A scope, e.g. trust:RX4 or ward:RX4-W01'),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM')
    .optional()
    .describe('London calendar month; the current one when absent'),
});

/** What `GET /api/v1/flow` returns: one scope's admissions, discharges and length of stay for a month. */
export const flowResponseSchema = z.object({
  scope: z.string(),
  month: z.string().describe('YYYY-MM, London calendar'),
  admissions: z.int(),
  discharges: z.int(),
  discharged: lengthOfStayFiguresSchema.describe("Length of stay of the month's discharges, however long before it they began"),
  current: lengthOfStayFiguresSchema.describe(
    'Current length of stay of the people in at `at` (the month end, or now in the current month)',
  ),
  at: z.string().describe('The instant `current` is taken at'),
  days: z.array(z.object({ date: z.string(), admissions: z.int(), discharges: z.int() })),
});
export type FlowResponse = z.infer<typeof flowResponseSchema>;

/**
 * One scope's month from its wards' stays: `[start, end)` of the month on London's calendar;
 * current stays at the month's end, or at `now` while it is still running.
 */
export function monthFlow(scope: string, month: string, stays: readonly Stay[], now: number): FlowResponse {
  const period = londonPeriod('month', londonMidnight(`${month}-01`));
  const [from, to] = [period.startDate, period.endDate];
  const at = Math.min(now, period.end - 1);
  const days = flowByDay(stays, from, to).filter((day) => day.date <= londonDateOf(at));
  return {
    scope,
    month,
    admissions: days.reduce((sum, day) => sum + day.admissions, 0),
    discharges: days.reduce((sum, day) => sum + day.discharges, 0),
    discharged: dischargedStayFigures(stays, from, to),
    current: currentStayFigures(stays, at),
    at: new Date(at).toISOString(),
    days,
  };
}
