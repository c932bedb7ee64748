/**
 * Freshness of a ward's figures, defined once for server, jobs and web (domain.md, "Freshness": a
 * ward whose last report is older than a configurable limit is not reporting).
 *
 * Two levels, for two different questions:
 * - **Stale** (STALE_AFTER_MS, 15 minutes): "should I trust this number at a glance?" A ward quiet for
 *   longer than its expected report interval is marked on its tile and its numbers greyed, but its
 *   figures still count: a bed manager keying updates every half hour is late, not absent.
 * - **Not reporting** (FreshnessLimits, 12 hours by default, per ward type if configured): "is this
 *   ward telling us anything at all?" Its last figures are left out of totals, occupancy, the bed
 *   finder, escalation inputs and alert conditions, and it is counted and named as not reporting. A
 *   ward that has never reported is not reporting too.
 *
 * Why 12 hours by default: wards run two long shifts a day (about 07:30–20:00 and 19:30–08:00), and
 * the bed state is gone through at every handover. A figure older than 12 hours was set before the
 * current shift began; it describes patients and staff who may have changed, so counting its vacant
 * bed would send someone to phone for a bed that was filled overnight. A shorter default would drop
 * wards keyed by hand at the regional sitrep times (10:00, 14:00, 18:00) between rounds during the
 * day. Overnight (18:00 to 10:00 is 16 hours) such a ward does drop out, which is what the figures
 * are then: last evening's.
 */
import { z } from 'zod';
import { WARD_TYPES, type WardType } from './org.js';

/** How often a ward's feed is expected to report; quieter than this and its tile says "Stale". */
export const STALE_AFTER_MS = 15 * 60_000;

/** The shipped "not reporting" limit: one nursing shift (see the module comment). */
export const DEFAULT_NOT_REPORTING_AFTER_MS = 12 * 60 * 60_000;

const limitMs = z.int().positive();

export const freshnessLimitsSchema = z.object({
  notReportingAfterMs: limitMs.describe(
    'A ward whose last report is older than this (ms) is not reporting and left out of totals (WARDPULSE_NOT_REPORTING_AFTER)',
  ),
  byWardType: z
    .partialRecord(z.enum(WARD_TYPES), limitMs)
    .describe('Limits (ms) for ward types that differ from the default (WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE)'),
});
export type FreshnessLimits = z.infer<typeof freshnessLimitsSchema>;

export const DEFAULT_FRESHNESS_LIMITS: FreshnessLimits = { notReportingAfterMs: DEFAULT_NOT_REPORTING_AFTER_MS, byWardType: {} };

/** The limit that applies to a ward of this type. */
export function notReportingAfterMs(wardType: WardType, limits: FreshnessLimits): number {
  return limits.byWardType[wardType] ?? limits.notReportingAfterMs;
}

/**
 * When a report stops counting (ms since epoch): its time plus `limitMs`. Null for no report, or one
 * whose time cannot be read (it is not reporting now and never was). Wards and alternatives to
 * admission (crisis-capacity.ts) share it.
 */
export function reportCountsUntil(state: { observedAt: string } | null, limitMs: number): number | null {
  if (state === null) return null;
  const observedMs = Date.parse(state.observedAt);
  return Number.isNaN(observedMs) ? null : observedMs + limitMs;
}

/**
 * When a ward whose latest report is `state` stops reporting (ms since epoch): its report's time plus
 * its type's limit. Null for a ward with no report, or one whose time cannot be read.
 */
export function notReportingFrom(
  state: { observedAt: string } | null,
  wardType: WardType,
  limits: FreshnessLimits,
): number | null {
  return reportCountsUntil(state, notReportingAfterMs(wardType, limits));
}

/**
 * True when a report is at most `limitMs` old at `now` (exactly at the limit still counts; a report
 * slightly in the future counts). No report, or one that cannot be dated, does not count:
 * WardPulse never counts figures it cannot date.
 */
export function isReportingWithin(state: { observedAt: string } | null, limitMs: number, now: number): boolean {
  const until = reportCountsUntil(state, limitMs);
  return until !== null && now <= until;
}

/** True when a ward's latest report is recent enough to count (isReportingWithin its type's limit). */
export function isReporting(
  state: { observedAt: string } | null,
  wardType: WardType,
  now: number,
  limits: FreshnessLimits,
): boolean {
  return isReportingWithin(state, notReportingAfterMs(wardType, limits), now);
}

/**
 * True when an observation made at `observedAt` (ISO 8601) is older than the expected report interval
 * (the tile's "Stale" warning; it still counts). An unreadable time is stale.
 */
export function isStale(observedAt: string, nowMs: number): boolean {
  const observedMs = Date.parse(observedAt);
  if (Number.isNaN(observedMs)) return true;
  return nowMs - observedMs > STALE_AFTER_MS;
}

/** A limit as people read it: "12 h", "1 h 30 min", "45 min", "30 s". */
export function formatLimit(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${minutes} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
