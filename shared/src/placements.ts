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
import { odsCodeSchema, wardIdSchema, type WardType } from './org.js';
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

/** The national OAP bed type a ward's beds count as (older adult functional and organic wards are older adult acute); null outside the national scope. */
export function placementBedTypeOf(wardType: WardType): PlacementBedType | null {
  switch (wardType) {
    case 'adult-acute':
      return 'adult-acute';
    case 'older-adult-functional':
    case 'older-adult-organic':
      return 'older-adult-acute';
    case 'picu':
      return 'picu';
    default:
      return null;
  }
}

/**
 * Why a person was placed out of area: the Data Dictionary's REFERRED OUT OF AREA REASON (ADULT
 * ACUTE MENTAL HEALTH) — 10 unavailability of a bed at the referring organisation, 11 safeguarding,
 * 12 offending restrictions, 13 staff member or family/friend within the referring organisation,
 * 14 patient choice — and "other" for what a trust records outside them.
 *
 * Inappropriate means placed because no local bed was available, and nothing else (domain.md; the
 * published OAP measures count reason 10 only): "other" is never inappropriate.
 */
export const INAPPROPRIATE_REASONS = ['no-bed-available'] as const;
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

/**
 * Whether a placement counts in the published measures OAP01a–OAP04a (and the inappropriate bed
 * days and cost): its reason is "no bed available". Read from the reason, not the `appropriate`
 * flag, so a record logged before "other" stopped being accepted as inappropriate is not counted.
 */
export function isInappropriatePlacement(details: Pick<PlacementDetails, 'reason'> | null): boolean {
  return details?.reason === 'no-bed-available';
}

export const PROVIDER_SECTORS = ['nhs', 'independent'] as const;
export type ProviderSector = (typeof PROVIDER_SECTORS)[number];

export const PLACEMENT_EVENTS = ['started', 'updated', 'ended'] as const;
export type PlacementEventKind = (typeof PLACEMENT_EVENTS)[number];

/** The national analysis threshold: 57% of OAPs were more than 100 km from home (domain.md). */
export const FAR_FROM_HOME_KM = 100;

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' });

export const placementDetailsSchema = z.strictObject({
  bedType: z.enum(PLACEMENT_BED_TYPES),
  appropriate: z
    .boolean()
    .describe('False for an inappropriate OAP, placed because no local bed was available (reason must then be no-bed-available)'),
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

/** One daily cost and the time it applies from: the details event that set it. */
export const placementDailyCostSchema = z.object({
  from: z.string().describe('Time of the details event (the start or an update) that set this cost'),
  eventId: z.string(),
  dailyCost: z.number(),
});
export type PlacementDailyCost = z.infer<typeof placementDailyCostSchema>;

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
  dailyCosts: z
    .array(placementDailyCostSchema)
    .optional()
    .describe(
      'Every daily cost the placement has had, oldest first: a bed day costs the one in force at the midnight that counts it, so a new rate never reprices past days (absent on records kept before rates were tracked: the current cost then applies)',
    ),
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
    dailyCosts: [],
  };
}

/** Source-time order of facts, ties by event id (the last-writer-wins order). */
function byTimeThenId(a: PlacementDailyCost, b: PlacementDailyCost): number {
  const difference = Date.parse(a.from) - Date.parse(b.from);
  if (difference !== 0) return difference;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/** Folds one event into a placement's record. Commutative and idempotent over one placement's events. */
export function mergePlacementEvent(record: PlacementRecord | null, event: PlacementEvent): PlacementRecord {
  const merged = { ...(record ?? emptyPlacement(event.placementId, event.sendingTrust)) };
  if (merged.dailyCosts === undefined) {
    // A record kept before rates were tracked: its current details are the earliest rate known.
    merged.dailyCosts =
      merged.details && merged.detailsAt && merged.detailsEventId
        ? [{ from: merged.detailsAt, eventId: merged.detailsEventId, dailyCost: merged.details.dailyCost }]
        : [];
  }
  // Of two starts (or ends) — which ingest refuses, but a replay could hold — the earlier event id wins.
  if (event.event === 'started' && (merged.startEventId === null || event.eventId < merged.startEventId)) {
    merged.startedAt = event.occurredAt;
    merged.startEventId = event.eventId;
  }
  if (event.event === 'ended' && (merged.endEventId === null || event.eventId < merged.endEventId)) {
    merged.endedAt = event.occurredAt;
    merged.endEventId = event.eventId;
  }
  if (event.details && !merged.dailyCosts.some((cost) => cost.eventId === event.eventId)) {
    // Every event's rate is kept (a set, sorted), so any arrival order gives the same timeline.
    merged.dailyCosts = [
      ...merged.dailyCosts,
      { from: event.occurredAt, eventId: event.eventId, dailyCost: event.details.dailyCost },
    ].sort(byTimeThenId);
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
        message: details.appropriate
          ? `"${details.reason}" is not a reason for an appropriate placement (one of: ${allowed.join(', ')})`
          : `an inappropriate placement is one made because no local bed was available, so its reason must be no-bed-available; "${details.reason}" is not inappropriate: send appropriate: true`,
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

/**
 * Live OAP figures for one trust or a roll-up, for the current London month. The published measures
 * count inappropriate placements only (domain.md, MHSDS): OAP01a started in the period, OAP02a bed
 * days in the period, OAP03a active at the period's end (here: now), OAP04a ended in the period.
 * The same counts over every placement, whatever its reason, stand beside them as "all OAPs": never
 * under those ids.
 */
export interface PlacementFigures {
  /** All OAPs active now, whatever the reason. */
  active: number;
  /** OAP03a, now: inappropriate OAPs active. */
  activeInappropriate: number;
  /** All OAPs started this month. */
  startedThisMonth: number;
  /** OAP01a: inappropriate OAPs started this month. */
  inappropriateStartedThisMonth: number;
  /** All OAPs ended this month. */
  endedThisMonth: number;
  /** OAP04a: inappropriate OAPs ended this month. */
  inappropriateEndedThisMonth: number;
  /** Bed days this month of all OAPs, clipped to the month and to now. */
  bedDaysThisMonth: number;
  /** OAP02a: bed days this month of inappropriate OAPs. */
  inappropriateBedDaysThisMonth: number;
  /** £ of all OAPs' bed days this month, each at the daily cost in force that day. */
  costThisMonth: number;
  /** £ of inappropriate OAPs' bed days this month. */
  inappropriateCostThisMonth: number;
  /** All OAPs active now, by bed type (the escalation rule counts the bed types it names). */
  activeByBedType: Record<PlacementBedType, number>;
  /** Active placements (all OAPs) more than 100 km from home. */
  activeOver100Km: number;
  /** activeOver100Km ÷ active; null when none is active. */
  shareOver100Km: number | null;
}

export function isActive(record: PlacementRecord, now: number): boolean {
  if (record.startedAt === null || Date.parse(record.startedAt) > now) return false;
  return record.endedAt === null || Date.parse(record.endedAt) > now;
}

/**
 * The daily cost in force at a moment: the rate of the last details sent before it (the earliest
 * known if none was). A record kept before rates were tracked has only its current cost.
 */
export function dailyCostAt(record: PlacementRecord, at: number): number {
  const costs = record.dailyCosts;
  if (!costs || costs.length === 0) return record.details?.dailyCost ?? 0;
  let cost = costs[0]!.dailyCost;
  for (const entry of costs) {
    if (Date.parse(entry.from) >= at) break;
    cost = entry.dailyCost;
  }
  return cost;
}

/** A placement's bed days within a period, and what they cost. */
export interface PlacementNights {
  bedDays: number;
  /** £: each bed day at the daily cost in force at the midnight that counts it. */
  cost: number;
}

/**
 * Bed days of one placement within [periodStart, periodEnd) up to `now`: the nights it was active
 * at midnight (the KH03 midnight census). Started 3 Nov 14:00, ended 5 Nov 10:00 = 2. Each night
 * costs the rate in force at its midnight, so a rate sent on 16 November (or from 00:00 on
 * 1 December) prices the nights from then on and leaves earlier ones, and past months, as they were.
 */
export function placementNights(
  record: PlacementRecord,
  periodStartDate: string,
  periodEndDate: string,
  now: number,
): PlacementNights {
  const nights: PlacementNights = { bedDays: 0, cost: 0 };
  if (record.startedAt === null) return nights;
  const start = Date.parse(record.startedAt);
  const end = record.endedAt === null ? Number.POSITIVE_INFINITY : Date.parse(record.endedAt);
  // The first midnight after the start ends the first night.
  let night = londonDateOf(start);
  if (night < periodStartDate) night = periodStartDate;
  for (; night < periodEndDate; night = addDays(night, 1)) {
    const midnight = londonMidnight(addDays(night, 1));
    if (midnight > now || midnight >= end) break;
    if (midnight > start) {
      nights.bedDays++;
      nights.cost += dailyCostAt(record, midnight);
    }
  }
  return nights;
}

/** Bed days of one placement within a period (placementNights without the cost). */
export function placementBedDays(record: PlacementRecord, periodStartDate: string, periodEndDate: string, now: number): number {
  return placementNights(record, periodStartDate, periodEndDate, now).bedDays;
}

/** What placements did within a period: flows, each over all OAPs and over inappropriate ones. */
export interface PlacementPeriodFigures {
  started: number;
  inappropriateStarted: number;
  ended: number;
  inappropriateEnded: number;
  bedDays: number;
  inappropriateBedDays: number;
  /** £, each bed day at the cost in force at its midnight. */
  cost: number;
  inappropriateCost: number;
}

/**
 * Starts, ends, bed days and cost of placements within [period.start, period.end) — London days
 * or months — up to `now`. One definition for the live month (placementFigures) and for history.
 */
export function placementPeriodFigures(
  records: readonly PlacementRecord[],
  period: { start: number; end: number },
  now: number,
): PlacementPeriodFigures {
  const startDate = londonDateOf(period.start);
  const endDate = londonDateOf(period.end);
  const within = (at: string | null) =>
    at !== null && Date.parse(at) >= period.start && Date.parse(at) < period.end && Date.parse(at) <= now;
  const figures: PlacementPeriodFigures = {
    started: 0,
    inappropriateStarted: 0,
    ended: 0,
    inappropriateEnded: 0,
    bedDays: 0,
    inappropriateBedDays: 0,
    cost: 0,
    inappropriateCost: 0,
  };
  for (const record of records) {
    const inappropriate = isInappropriatePlacement(record.details);
    const nights = placementNights(record, startDate, endDate, now);
    if (within(record.startedAt)) figures.started++;
    if (within(record.endedAt)) figures.ended++;
    figures.bedDays += nights.bedDays;
    figures.cost += nights.cost;
    if (!inappropriate) continue;
    if (within(record.startedAt)) figures.inappropriateStarted++;
    if (within(record.endedAt)) figures.inappropriateEnded++;
    figures.inappropriateBedDays += nights.bedDays;
    figures.inappropriateCost += nights.cost;
  }
  return figures;
}

export function placementFigures(records: readonly PlacementRecord[], now: number): PlacementFigures {
  const month = placementPeriodFigures(records, londonPeriod('month', now), now);
  let active = 0;
  let activeInappropriate = 0;
  let activeOver100Km = 0;
  const activeByBedType = noneByBedType();
  for (const record of records) {
    if (!isActive(record, now)) continue;
    active++;
    if (record.details) activeByBedType[record.details.bedType]++;
    if (isInappropriatePlacement(record.details)) activeInappropriate++;
    if (record.details && record.details.distanceKm > FAR_FROM_HOME_KM) activeOver100Km++;
  }
  return {
    active,
    activeInappropriate,
    startedThisMonth: month.started,
    inappropriateStartedThisMonth: month.inappropriateStarted,
    endedThisMonth: month.ended,
    inappropriateEndedThisMonth: month.inappropriateEnded,
    bedDaysThisMonth: month.bedDays,
    inappropriateBedDaysThisMonth: month.inappropriateBedDays,
    costThisMonth: month.cost,
    inappropriateCostThisMonth: month.inappropriateCost,
    activeByBedType,
    activeOver100Km,
    shareOver100Km: active === 0 ? null : activeOver100Km / active,
  };
}

function noneByBedType(): Record<PlacementBedType, number> {
  return Object.fromEntries(PLACEMENT_BED_TYPES.map((type) => [type, 0])) as Record<PlacementBedType, number>;
}

const SUMMED_FIGURES = [
  'active',
  'activeInappropriate',
  'startedThisMonth',
  'inappropriateStartedThisMonth',
  'endedThisMonth',
  'inappropriateEndedThisMonth',
  'bedDaysThisMonth',
  'inappropriateBedDaysThisMonth',
  'costThisMonth',
  'inappropriateCostThisMonth',
  'activeOver100Km',
] as const satisfies readonly Exclude<keyof PlacementFigures, 'shareOver100Km' | 'activeByBedType'>[];

/**
 * Sums trusts' figures for a collaborative; the share is taken from the sums. Each placement has
 * one sending trust, so a collaborative counts every placement its members sent — one to a fellow
 * member's ward too: the sending provider decides what is out of area (docs/measures.md).
 */
export function sumPlacementFigures(parts: readonly PlacementFigures[]): PlacementFigures {
  const total = placementFigures([], 0);
  for (const part of parts) {
    for (const key of SUMMED_FIGURES) total[key] += part[key];
    for (const type of PLACEMENT_BED_TYPES) total.activeByBedType[type] += part.activeByBedType[type];
  }
  total.shareOver100Km = total.active === 0 ? null : total.activeOver100Km / total.active;
  return total;
}

/** Placements a live view still needs: active, or started or ended since `sinceMs` (the month start). */
export function isLivePlacement(record: PlacementRecord, sinceMs: number): boolean {
  if (record.endedAt === null) return true;
  return Date.parse(record.endedAt) >= sinceMs;
}
