/**
 * An alternative to admission's capacity report: what a source (a feed, the simulator) saw of one
 * crisis house, crisis day service or home treatment team at one moment — its capacity today
 * (places, or caseload for a team), how much of it is in use and how much is closed.
 *
 * Validation as for Section 136 suites: `crisisCapacityReportSchema` is the shape (400), and
 * `crisisCapacityViolations` finds well-formed reports that cannot be true (422): a time in the
 * future, more closed than there is capacity, more places in use than are open. A home treatment
 * team may carry more people than its caseload capacity (teams do run over; it is counted as over
 * capacity, docs/measures.md), a house or day service cannot fill a place twice. The latest report
 * of a service wins by source time (last-writer-wins); a service whose latest report is older than
 * the not-reporting limit is left out of totals and offers no free place, like a ward (freshness.ts).
 */
import { z } from 'zod';
import { eventIdSchema, MAX_FUTURE_SKEW_MS } from './bed-state.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { isReportingWithin, type FreshnessLimits } from './freshness.js';
import { isLaterFact } from './last-writer-wins.js';
import {
  CRISIS_SERVICE_KINDS,
  crisisServiceIdSchema,
  crisisServiceSchema,
  type CrisisAgeGroup,
  type CrisisService,
  type CrisisServiceKind,
} from './org.js';
import { sourceTimeViolations } from './text.js';

const count = z.int('must be a whole number').nonnegative('must not be negative');

export const crisisCapacityReportSchema = z.strictObject({
  eventId: eventIdSchema,
  serviceId: crisisServiceIdSchema,
  observedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' }),
  capacity: count.describe(
    'Places (crisis house, day service) or caseload capacity (home treatment team) the service runs today; usually its commissioned capacity',
  ),
  inUse: count.describe('Places filled now (people staying or attending today), or people on the team caseload'),
  closed: count.describe('Places or caseload slots out of use now (staffing, estates, infection control)'),
});
export type CrisisCapacityReport = z.infer<typeof crisisCapacityReportSchema>;

/** Kinds whose capacity is places a person fills (one person, one place); a team's is a caseload. */
export function countsPlaces(kind: CrisisServiceKind): boolean {
  return kind !== 'home-treatment-team';
}

/** Reasons this report of `service` cannot be true. Empty when it can. */
export function crisisCapacityViolations(
  report: CrisisCapacityReport,
  service: CrisisService,
  nowMs: number,
  prefix: readonly PropertyKey[] = [],
): ErrorDetail[] {
  const at = (field: string) => formatPath([...prefix, field]);
  const violations: ErrorDetail[] = [];
  if (Date.parse(report.observedAt) > nowMs + MAX_FUTURE_SKEW_MS) {
    violations.push({ path: at('observedAt'), message: 'is more than 5 minutes in the future' });
  }
  violations.push(...sourceTimeViolations(report.observedAt, [...prefix, 'observedAt']));
  if (report.closed > report.capacity) {
    violations.push({ path: at('closed'), message: `is more than capacity (${report.capacity})` });
  } else if (countsPlaces(service.kind) && report.inUse > report.capacity - report.closed) {
    violations.push({
      path: at('inUse'),
      message: `is more than the open places (capacity ${report.capacity} less ${report.closed} closed): a place holds one person`,
    });
  }
  return violations;
}

/** Whether `candidate` replaces the service's current report (last-writer-wins on source time). */
export function isNewerCrisisCapacityReport(candidate: CrisisCapacityReport, current: CrisisCapacityReport | null): boolean {
  return isLaterFact(
    { at: candidate.observedAt, eventId: candidate.eventId },
    current ? { at: current.observedAt, eventId: current.eventId } : null,
  );
}

/**
 * Free capacity of one report (docs/measures.md): capacity − closed − in use, never below 0. A team
 * over its caseload has none free; its overrun is `overCapacity`, not a negative free count that
 * would cancel another service's free places in a sum.
 */
export function freeCrisisCapacity(report: Pick<CrisisCapacityReport, 'capacity' | 'inUse' | 'closed'>): number {
  return Math.max(0, report.capacity - report.closed - report.inUse);
}

/** People beyond the open capacity (a home treatment team over its caseload); 0 otherwise. */
export function crisisOverCapacity(report: Pick<CrisisCapacityReport, 'capacity' | 'inUse' | 'closed'>): number {
  return Math.max(0, report.inUse - (report.capacity - report.closed));
}

/** The not-reporting limit for alternatives to admission: the default one-shift limit (freshness.ts). */
export function crisisNotReportingAfterMs(limits: FreshnessLimits): number {
  return limits.notReportingAfterMs;
}

/** A service as readers see it: the service and its latest report (null until one arrives). */
export const crisisServiceLiveSchema = z.object({
  service: crisisServiceSchema,
  report: crisisCapacityReportSchema.nullable().describe("Null until the service's first report arrives"),
});
export type CrisisServiceLive = z.infer<typeof crisisServiceLiveSchema>;

/** Services paired with their latest reports (a report for a service no longer in the organisation is dropped). */
export function crisisServicesLive(
  services: readonly CrisisService[],
  reports: ReadonlyMap<string, CrisisCapacityReport>,
): CrisisServiceLive[] {
  return services.map((service) => ({ service, report: reports.get(service.id) ?? null }));
}

/** Whether a service's latest report counts at `now` (within the not-reporting limit). */
export function isCrisisServiceReporting(live: CrisisServiceLive, now: number, limits: FreshnessLimits): boolean {
  return isReportingWithin(live.report, crisisNotReportingAfterMs(limits), now);
}

export interface CrisisKindFigures {
  kind: CrisisServiceKind;
  /** Services of this kind in scope, reporting or not. */
  services: number;
  /** Those whose latest report counts now: the only ones the sums below count. */
  reporting: number;
  capacity: number;
  closed: number;
  inUse: number;
  /** Sum of each reporting service's free capacity. */
  free: number;
  /** Sum of each reporting service's overrun (home treatment teams over caseload). */
  overCapacity: number;
}

export interface CrisisFigures {
  /** One entry per kind present in scope, in CRISIS_SERVICE_KINDS order. */
  byKind: CrisisKindFigures[];
  /** Services left out of the sums: never reported, or the latest report older than the limit. */
  notReporting: { count: number; serviceIds: string[] };
}

/** Figures over a scope's alternatives to admission at `now`. */
export function crisisFigures(services: readonly CrisisServiceLive[], now: number, limits: FreshnessLimits): CrisisFigures {
  const byKind = new Map<CrisisServiceKind, CrisisKindFigures>();
  const notReporting: string[] = [];
  for (const live of services) {
    const kind = live.service.kind;
    let figures = byKind.get(kind);
    if (!figures) {
      figures = { kind, services: 0, reporting: 0, capacity: 0, closed: 0, inUse: 0, free: 0, overCapacity: 0 };
      byKind.set(kind, figures);
    }
    figures.services++;
    if (!live.report || !isCrisisServiceReporting(live, now, limits)) {
      notReporting.push(live.service.id);
      continue;
    }
    figures.reporting++;
    figures.capacity += live.report.capacity;
    figures.closed += live.report.closed;
    figures.inUse += live.report.inUse;
    figures.free += freeCrisisCapacity(live.report);
    figures.overCapacity += crisisOverCapacity(live.report);
  }
  return {
    byKind: CRISIS_SERVICE_KINDS.flatMap((kind) => byKind.get(kind) ?? []),
    notReporting: { count: notReporting.length, serviceIds: notReporting },
  };
}

export interface FreeAlternative {
  service: CrisisService;
  free: number;
  /** Source time of the report the free capacity comes from. */
  observedAt: string;
}

/**
 * Reporting services with free capacity now (optionally of one age group): most free first, then the
 * freshest report (the one to phone first), then by id so the order is stable.
 */
export function freeAlternatives(
  services: readonly CrisisServiceLive[],
  now: number,
  limits: FreshnessLimits,
  ageGroup?: CrisisAgeGroup,
): FreeAlternative[] {
  return services
    .flatMap((live) =>
      live.report &&
      (ageGroup === undefined || live.service.ageGroup === ageGroup) &&
      isCrisisServiceReporting(live, now, limits) &&
      freeCrisisCapacity(live.report) > 0
        ? [{ service: live.service, free: freeCrisisCapacity(live.report), observedAt: live.report.observedAt }]
        : [],
    )
    .sort(
      (a, b) =>
        b.free - a.free || Date.parse(b.observedAt) - Date.parse(a.observedAt) || a.service.id.localeCompare(b.service.id),
    );
}
