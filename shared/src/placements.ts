/**
 * Out-of-area placements (OAPs), domain.md and the MHSDS OAP measures.
 *
 * A source sends lifecycle events of a placement — `started`, `updated`, `ended` — each with
 * its own event id and time. No patient identity: a placement id chosen by the sending trust
 * (a pseudonymous reference, never an NHS number) and the placement's facts.
 *
 * Applying is order-independent and idempotent: `mergePlacementEvent` is commutative over
 * events of one placement (start and end come from their own events; details are
 * last-writer-wins on event time, ties broken by event id), so any arrival order gives the
 * same record. A placement has one start and at most one end (ingest rejects a second one).
 */
import { z } from 'zod';
import { addDays, londonDateOf, londonMidnight, londonPeriod } from './calendar.js';
import { eventIdSchema } from './bed-state.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { odsCodeSchema, wardIdSchema } from './org.js';
import { isLaterFact } from './last-writer-wins.js';
import { sourceTimeViolations, storableText } from './text.js';

/** Bed types in the national OAP scope (domain.md): adult acute, older adult acute, PICU. */
export const PLACEMENT_BED_TYPES = ['adult-acute', 'older-adult-acute', 'picu'] as const;
export type PlacementBedType = (typeof PLACEMENT_BED_TYPES)[number];
export const PLACEMENT_BED_TYPE_LABELS: Record<PlacementBedType, string> = {
  'adult-acute': 'Adult acute',
  'older-adult-acute': 'Older adult acute',
  picu: 'PICU',
};

/** Why a person was placed out of area. Inappropriate: no local bed was available. */
export const INAPPROPRIATE_REASONS = ['no-bed-available', 'other'] as const;
export const APPROPRIATE_REASONS = [
  'safeguarding',
  'offender-pathway',
  'patient-choice',
  'staff-member-or-family',
  'other',
] as const;
export const PLACEMENT_REASONS = [
  'no-bed-available',
  'safeguarding',
  'offender-pathway',
  'patient-choice',
  'staff-member-or-family',
  'other',
] as const;
export type PlacementReason = (typeof PLACEMENT_REASONS)[number];

export const PROVIDER_SECTORS = ['nhs', 'independent'] as const;
export type ProviderSector = (typeof PROVIDER_SECTORS)[number];

export const PLACEMENT_EVENTS = ['started', 'updated', 'ended'] as const;
export type PlacementEventKind = (typeof PLACEMENT_EVENTS)[number];

/** The national analysis threshold: 57% of OAPs were more than 100 km from home (domain.md). */
export const FAR_FROM_HOME_KM = 100;

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' });

export const placementDetailsSchema = z.strictObject({
  bedType: z.enum(PLACEMENT_BED_TYPES),
  appropriate: z.boolean().describe('False for an inappropriate OAP: placed because no local bed was available'),
  reason: z.enum(PLACEMENT_REASONS),
  receivingProvider: z.strictObject({
    name: storableText(200).refine((name) => name.trim().length > 0, 'must not be empty'),
    ods: z
      .string()
      .regex(/^[A-Z0-9]{3,5}$/, 'must be an ODS organisation code such as RV5 or NT4')
      .optional(),
    sector: z.enum(PROVIDER_SECTORS),
  }),
  distanceKm: z.number('must be a number of kilometres'),
  dailyCost: z.number('must be an amount in pounds').describe('Cost per bed day in GBP'),
});
export type PlacementDetails = z.infer<typeof placementDetailsSchema>;

export const placementEventSchema = z
  .strictObject({
    eventId: eventIdSchema,
    placementId: wardIdSchema.describe('Pseudonymous id chosen by the sending trust; never a patient identifier'),
    sendingTrust: odsCodeSchema,
    event: z.enum(PLACEMENT_EVENTS),
    occurredAt: isoDateTime.describe('When it happened: the start for `started`, the end for `ended`'),
    details: placementDetailsSchema.optional().describe('Required on `started`; on `updated` it replaces the details'),
  })
  .superRefine((event, ctx) => {
    if (event.event !== 'ended' && !event.details) {
      ctx.addIssue({ code: 'custom', path: ['details'], message: `is required when event is "${event.event}"` });
    }
  });
export type PlacementEvent = z.infer<typeof placementEventSchema>;

/** The merged state of one placement, as live state keeps and sends it. */
export const placementRecordSchema = z.object({
  placementId: z.string(),
  sendingTrust: z.string(),
  startedAt: z.string().nullable().describe('Null while only a later event has arrived'),
  startEventId: z.string().nullable(),
  endedAt: z.string().nullable(),
  endEventId: z.string().nullable(),
  details: placementDetailsSchema.nullable(),
  detailsAt: z.string().nullable().describe('Time of the event the details come from'),
  detailsEventId: z.string().nullable(),
});
export type PlacementRecord = z.infer<typeof placementRecordSchema>;

export function emptyPlacement(placementId: string, sendingTrust: string): PlacementRecord {
  return {
    placementId,
    sendingTrust,
    startedAt: null,
    startEventId: null,
    endedAt: null,
    endEventId: null,
    details: null,
    detailsAt: null,
    detailsEventId: null,
  };
}

/** Folds one event into a placement's record. Commutative and idempotent over one placement's events. */
export function mergePlacementEvent(record: PlacementRecord | null, event: PlacementEvent): PlacementRecord {
  const merged = { ...(record ?? emptyPlacement(event.placementId, event.sendingTrust)) };
  // Of two starts (or ends) — which ingest refuses, but a replay could hold — the earlier event id wins.
  if (event.event === 'started' && (merged.startEventId === null || event.eventId < merged.startEventId)) {
    merged.startedAt = event.occurredAt;
    merged.startEventId = event.eventId;
  }
  if (event.event === 'ended' && (merged.endEventId === null || event.eventId < merged.endEventId)) {
    merged.endedAt = event.occurredAt;
    merged.endEventId = event.eventId;
  }
  if (
    event.details &&
    isLaterFact(
      { at: event.occurredAt, eventId: event.eventId },
      merged.detailsAt === null || merged.detailsEventId === null
        ? null
        : { at: merged.detailsAt, eventId: merged.detailsEventId },
    )
  ) {
    merged.details = event.details;
    merged.detailsAt = event.occurredAt;
    merged.detailsEventId = event.eventId;
  }
  return merged;
}

/** Whether two records say the same thing (applying an event that changes nothing is a no-op). */
export function samePlacement(a: PlacementRecord, b: PlacementRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Largest plausible distance within the UK (km) and daily cost (£): beyond them it is a data error. */
export const MAX_PLACEMENT_DISTANCE_KM = 2000;
export const MAX_PLACEMENT_DAILY_COST = 10_000;

/**
 * Reasons a well-formed placement event is impossible (HTTP 422), given the placement's record
 * so far (from the event log). Empty when it can be accepted.
 */
export function placementViolations(
  event: PlacementEvent,
  known: PlacementRecord | null,
  nowMs: number,
  prefix: readonly PropertyKey[] = [],
): ErrorDetail[] {
  const at = (...path: PropertyKey[]) => formatPath([...prefix, ...path]);
  const violations: ErrorDetail[] = [];
  const details = event.details;
  if (details) {
    if (!(details.distanceKm >= 0 && details.distanceKm <= MAX_PLACEMENT_DISTANCE_KM)) {
      violations.push({ path: at('details', 'distanceKm'), message: `must be between 0 and ${MAX_PLACEMENT_DISTANCE_KM} km` });
    }
    if (!(details.dailyCost >= 0 && details.dailyCost <= MAX_PLACEMENT_DAILY_COST)) {
      violations.push({ path: at('details', 'dailyCost'), message: `must be between £0 and £${MAX_PLACEMENT_DAILY_COST} a day` });
    }
    const allowed: readonly string[] = details.appropriate ? APPROPRIATE_REASONS : INAPPROPRIATE_REASONS;
    if (!allowed.includes(details.reason)) {
      violations.push({
        path: at('details', 'reason'),
        message: `"${details.reason}" is not a reason for ${details.appropriate ? 'an appropriate' : 'an inappropriate'} placement (one of: ${allowed.join(', ')})`,
      });
    }
  }
  if (Date.parse(event.occurredAt) > nowMs + 5 * 60 * 1000) {
    violations.push({ path: at('occurredAt'), message: 'is more than 5 minutes in the future' });
  }
  violations.push(...sourceTimeViolations(event.occurredAt, [...prefix, 'occurredAt']));
  if (known && known.sendingTrust !== event.sendingTrust) {
    violations.push({
      path: at('sendingTrust'),
      message: `placement ${event.placementId} was sent by ${known.sendingTrust}, not ${event.sendingTrust}`,
    });
  }
  const time = Date.parse(event.occurredAt);
  if (event.event === 'started' && known?.startEventId && known.startEventId !== event.eventId) {
    violations.push({
      path: at('event'),
      message: `placement ${event.placementId} already started at ${known.startedAt}; send "updated" to change its details`,
    });
  } else if (event.event === 'ended' && known?.endEventId && known.endEventId !== event.eventId) {
    violations.push({ path: at('event'), message: `placement ${event.placementId} already ended at ${known.endedAt}` });
  } else if (event.event === 'ended' && known?.startedAt && time < Date.parse(known.startedAt)) {
    violations.push({
      path: at('occurredAt'),
      message: `the end (${event.occurredAt}) is before the placement's start (${known.startedAt})`,
    });
  } else if (event.event === 'started' && known?.endedAt && time > Date.parse(known.endedAt)) {
    violations.push({
      path: at('occurredAt'),
      message: `the start (${event.occurredAt}) is after the placement's end (${known.endedAt})`,
    });
  }
  return violations;
}

/** Live OAP figures for one trust or a roll-up (OAP01a–OAP04a for the current month, and more). */
export interface PlacementFigures {
  /** OAP03a-like: active now. */
  active: number;
  activeInappropriate: number;
  /** OAP01a: started this month. */
  startedThisMonth: number;
  /** OAP04a: ended this month. */
  endedThisMonth: number;
  /** OAP02a: bed days this month, clipped to the month and to now. */
  bedDaysThisMonth: number;
  /** Bed days this month × each placement's daily cost (£). */
  costThisMonth: number;
  /** Active placements more than 100 km from home. */
  activeOver100Km: number;
  /** activeOver100Km ÷ active; null when none is active. */
  shareOver100Km: number | null;
}

export function isActive(record: PlacementRecord, now: number): boolean {
  if (record.startedAt === null || Date.parse(record.startedAt) > now) return false;
  return record.endedAt === null || Date.parse(record.endedAt) > now;
}

/**
 * Bed days of one placement within [periodStart, periodEnd) up to `now`: the nights it was
 * active at midnight (the KH03 midnight census). Started 3 Nov 14:00, ended 5 Nov 10:00 = 2.
 */
export function placementBedDays(record: PlacementRecord, periodStartDate: string, periodEndDate: string, now: number): number {
  if (record.startedAt === null) return 0;
  const start = Date.parse(record.startedAt);
  const end = record.endedAt === null ? Number.POSITIVE_INFINITY : Date.parse(record.endedAt);
  // The first midnight after the start ends the first night.
  let night = londonDateOf(start);
  if (night < periodStartDate) night = periodStartDate;
  let days = 0;
  for (; night < periodEndDate; night = addDays(night, 1)) {
    const midnight = londonMidnight(addDays(night, 1));
    if (midnight > now || midnight >= end) break;
    if (midnight > start) days++;
  }
  return days;
}

export function placementFigures(records: readonly PlacementRecord[], now: number): PlacementFigures {
  const month = londonPeriod('month', now);
  const inMonth = (at: string | null) => at !== null && Date.parse(at) >= month.start && Date.parse(at) < month.end;
  const figures: PlacementFigures = {
    active: 0,
    activeInappropriate: 0,
    startedThisMonth: 0,
    endedThisMonth: 0,
    bedDaysThisMonth: 0,
    costThisMonth: 0,
    activeOver100Km: 0,
    shareOver100Km: null,
  };
  for (const record of records) {
    if (isActive(record, now)) {
      figures.active++;
      if (record.details && !record.details.appropriate) figures.activeInappropriate++;
      if (record.details && record.details.distanceKm > FAR_FROM_HOME_KM) figures.activeOver100Km++;
    }
    if (inMonth(record.startedAt) && Date.parse(record.startedAt!) <= now) figures.startedThisMonth++;
    if (inMonth(record.endedAt) && Date.parse(record.endedAt!) <= now) figures.endedThisMonth++;
    const bedDays = placementBedDays(record, month.startDate, month.endDate, now);
    figures.bedDaysThisMonth += bedDays;
    figures.costThisMonth += bedDays * (record.details?.dailyCost ?? 0);
  }
  figures.shareOver100Km = figures.active === 0 ? null : figures.activeOver100Km / figures.active;
  return figures;
}

/** Sums trusts' figures for a collaborative; the share is taken from the sums. */
export function sumPlacementFigures(parts: readonly PlacementFigures[]): PlacementFigures {
  const total = parts.reduce<PlacementFigures>(
    (sum, part) => ({
      active: sum.active + part.active,
      activeInappropriate: sum.activeInappropriate + part.activeInappropriate,
      startedThisMonth: sum.startedThisMonth + part.startedThisMonth,
      endedThisMonth: sum.endedThisMonth + part.endedThisMonth,
      bedDaysThisMonth: sum.bedDaysThisMonth + part.bedDaysThisMonth,
      costThisMonth: sum.costThisMonth + part.costThisMonth,
      activeOver100Km: sum.activeOver100Km + part.activeOver100Km,
      shareOver100Km: null,
    }),
    placementFigures([], 0),
  );
  total.shareOver100Km = total.active === 0 ? null : total.activeOver100Km / total.active;
  return total;
}

/** Placements a live view still needs: active, or started or ended since `sinceMs` (the month start). */
export function isLivePlacement(record: PlacementRecord, sinceMs: number): boolean {
  if (record.endedAt === null) return true;
  return Date.parse(record.endedAt) >= sinceMs;
}
