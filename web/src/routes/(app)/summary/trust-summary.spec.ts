import { describe, expect, it } from 'vitest';
import { DEFAULT_FRESHNESS_LIMITS, type WardLive } from '@wardpulse/shared';
import { checkOverdue, freshnessText, openAlertCounts, openAlertsText, summaryFreshness } from './trust-summary';

const NOW = Date.parse('2026-03-05T14:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

function ward(id: string, observedAt: string | null): WardLive {
  return {
    ward: { id, trustOds: 'RX4', siteId: 'RX4-S1', name: id, type: 'adult-acute', sex: 'mixed', commissionedBeds: 20 },
    state:
      observedAt === null
        ? null
        : {
            commissioned: 20,
            closed: 0,
            closedReason: null,
            occupied: 18,
            onLeave: 1,
            pendingAdmissions: 0,
            clinicallyReadyForDischarge: 0,
            observedAt,
            eventId: `e-${id}`,
            source: { kind: 'feed', name: null },
            override: false,
          },
    figures: null,
  };
}

const LIMITS = DEFAULT_FRESHNESS_LIMITS;

describe('summaryFreshness', () => {
  it('counts wards reporting and stale ones, names those not reporting, and finds the newest report', () => {
    const freshness = summaryFreshness([ward('a', minutesAgo(2)), ward('b', minutesAgo(16)), ward('c', null)], NOW, LIMITS);
    expect(freshness).toEqual({ wards: 3, reporting: 2, notReporting: ['c'], stale: 1, latestReportAt: minutesAgo(2) });
    expect(freshnessText(freshness)).toBe(
      '2 of 3 wards reporting (not reporting: c); 1 stale (quiet for longer than its feed should be)',
    );
  });

  it('counts a ward silent past the 12 h limit as not reporting, not as stale or the newest (domain.md, "Freshness")', () => {
    // 12 h = 720 min: a report 721 min old is out; one exactly 720 min old still counts (and is stale).
    const freshness = summaryFreshness([ward('a', minutesAgo(721)), ward('b', minutesAgo(720))], NOW, LIMITS);
    expect(freshness).toEqual({ wards: 2, reporting: 1, notReporting: ['a'], stale: 1, latestReportAt: minutesAgo(720) });
  });

  it('treats an undatable observation as not reporting, never as the newest', () => {
    const freshness = summaryFreshness([ward('a', 'not a time'), ward('b', minutesAgo(1))], NOW, LIMITS);
    expect(freshness.notReporting).toEqual(['a']);
    expect(freshness.latestReportAt).toBe(minutesAgo(1));
  });

  it('says when every ward reports, and copes with none', () => {
    expect(freshnessText(summaryFreshness([ward('a', minutesAgo(1))], NOW, LIMITS))).toBe('All 1 ward reporting');
    expect(summaryFreshness([], NOW, LIMITS)).toEqual({
      wards: 0,
      reporting: 0,
      notReporting: [],
      stale: 0,
      latestReportAt: null,
    });
  });
});

describe('open alerts in words', () => {
  it('counts open alerts by severity, worst first, and those nobody acknowledged', () => {
    const counts = openAlertCounts([
      { status: 'firing', severity: 'warning', acknowledgement: null },
      { status: 'recovering', severity: 'critical', acknowledgement: { by: 'user:1', byName: 'A', at: minutesAgo(1), note: '' } },
      { status: 'firing', severity: 'warning', acknowledgement: null },
      { status: 'resolved', severity: 'critical', acknowledgement: null },
    ] as Parameters<typeof openAlertCounts>[0]);
    expect(counts).toEqual({ open: 3, unacknowledged: 2, critical: 1, warning: 2, info: 0 });
    expect(openAlertsText(counts)).toBe('3 open alerts: 1 critical, 2 warning; 2 not acknowledged');
  });

  it('says so when there is none, or all are acknowledged', () => {
    expect(openAlertsText(openAlertCounts([]))).toBe('No open alerts');
    expect(openAlertsText({ open: 1, unacknowledged: 0, critical: 0, warning: 0, info: 1 })).toBe(
      '1 open alert: 1 info; all acknowledged',
    );
  });
});

describe('checkOverdue', () => {
  it('is overdue before the first check and after two missed intervals', () => {
    expect(checkOverdue(null, NOW, 15_000)).toBe(true);
    expect(checkOverdue(NOW - 30_000, NOW, 15_000)).toBe(false);
    expect(checkOverdue(NOW - 30_001, NOW, 15_000)).toBe(true);
  });
});
