import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FRESHNESS_LIMITS,
  DEFAULT_NOT_REPORTING_AFTER_MS,
  formatLimit,
  freshnessLimitsSchema,
  isReporting,
  isStale,
  notReportingAfterMs,
  notReportingFrom,
  STALE_AFTER_MS,
  type FreshnessLimits,
} from './freshness.js';

// domain.md, "Freshness": a ward whose last report is older than a configurable limit is not reporting.
const NOW = Date.parse('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;
const at = (ms: number) => ({ observedAt: new Date(ms).toISOString() });
/** 12 h for every type, 4 h for PICU (the per-type override). */
const LIMITS: FreshnessLimits = { notReportingAfterMs: 12 * HOUR, byWardType: { picu: 4 * HOUR } };

describe('isReporting', () => {
  it('keeps a report of exactly the limit counting and drops one a second older (12 h default)', () => {
    expect(DEFAULT_NOT_REPORTING_AFTER_MS).toBe(12 * HOUR);
    // 12:00 − 12 h = 00:00: exactly at the limit, still reporting.
    expect(isReporting(at(NOW - 12 * HOUR), 'adult-acute', NOW, DEFAULT_FRESHNESS_LIMITS)).toBe(true);
    // 23:59:59 the day before: 12 h 1 s old, not reporting.
    expect(isReporting(at(NOW - 12 * HOUR - 1000), 'adult-acute', NOW, DEFAULT_FRESHNESS_LIMITS)).toBe(false);
  });

  it('applies a ward type its own limit and every other type the default', () => {
    // A report at 07:00 is 5 h old at 12:00: past PICU's 4 h, within adult acute's 12 h.
    expect(isReporting(at(NOW - 5 * HOUR), 'picu', NOW, LIMITS)).toBe(false);
    expect(isReporting(at(NOW - 5 * HOUR), 'adult-acute', NOW, LIMITS)).toBe(true);
    expect(notReportingAfterMs('picu', LIMITS)).toBe(4 * HOUR);
    expect(notReportingAfterMs('camhs', LIMITS)).toBe(12 * HOUR);
  });

  it('counts a ward that never reported, or whose report cannot be dated, as not reporting', () => {
    expect(isReporting(null, 'adult-acute', NOW, LIMITS)).toBe(false);
    expect(isReporting({ observedAt: 'yesterday' }, 'adult-acute', NOW, LIMITS)).toBe(false);
  });

  it('counts a report slightly in the future (a fast source clock) as reporting', () => {
    expect(isReporting(at(NOW + 60_000), 'adult-acute', NOW, LIMITS)).toBe(true);
  });

  it('compares instants whatever offset the source wrote', () => {
    // 2026-03-09T23:30:00-01:00 is 00:30 UTC on the 10th: 11.5 h before 12:00 UTC, reporting.
    expect(isReporting({ observedAt: '2026-03-09T23:30:00-01:00' }, 'adult-acute', NOW, LIMITS)).toBe(true);
    // 2026-03-10T00:30:00+01:00 is 23:30 UTC on the 9th: 12.5 h before, not reporting.
    expect(isReporting({ observedAt: '2026-03-10T00:30:00+01:00' }, 'adult-acute', NOW, LIMITS)).toBe(false);
  });
});

describe('notReportingFrom', () => {
  it('is the report time plus the limit of the ward type', () => {
    // Reported 09:15 UTC; PICU limit 4 h → stops reporting at 13:15 UTC.
    expect(notReportingFrom({ observedAt: '2026-03-10T09:15:00Z' }, 'picu', LIMITS)).toBe(Date.parse('2026-03-10T13:15:00Z'));
    expect(notReportingFrom(null, 'picu', LIMITS)).toBeNull();
    expect(notReportingFrom({ observedAt: 'soon' }, 'picu', LIMITS)).toBeNull();
  });
});

describe('isStale (the tile warning, shorter than the limit)', () => {
  it('keeps an observation of exactly 15 minutes fresh and marks anything older stale', () => {
    expect(STALE_AFTER_MS).toBe(15 * 60_000);
    expect(isStale(new Date(NOW - STALE_AFTER_MS).toISOString(), NOW)).toBe(false);
    expect(isStale(new Date(NOW - STALE_AFTER_MS - 1000).toISOString(), NOW)).toBe(true);
    expect(isStale('yesterday', NOW)).toBe(true);
  });

  it('is a warning only: a stale ward of 20 minutes still reports', () => {
    const twentyMinutes = at(NOW - 20 * 60_000);
    expect(isStale(twentyMinutes.observedAt, NOW)).toBe(true);
    expect(isReporting(twentyMinutes, 'adult-acute', NOW, DEFAULT_FRESHNESS_LIMITS)).toBe(true);
  });
});

describe('freshnessLimitsSchema', () => {
  it('accepts the default and per-type limits, refuses a non-positive limit or an unknown type', () => {
    expect(freshnessLimitsSchema.safeParse(DEFAULT_FRESHNESS_LIMITS).success).toBe(true);
    expect(freshnessLimitsSchema.safeParse(LIMITS).success).toBe(true);
    expect(freshnessLimitsSchema.safeParse({ notReportingAfterMs: 0, byWardType: {} }).success).toBe(false);
    expect(freshnessLimitsSchema.safeParse({ notReportingAfterMs: HOUR, byWardType: { ward: HOUR } }).success).toBe(false);
  });
});

describe('formatLimit', () => {
  it('reads as hours and minutes', () => {
    expect(formatLimit(12 * HOUR)).toBe('12 h');
    expect(formatLimit(90 * 60_000)).toBe('1 h 30 min');
    expect(formatLimit(45 * 60_000)).toBe('45 min');
    expect(formatLimit(30_000)).toBe('30 s');
  });
});
