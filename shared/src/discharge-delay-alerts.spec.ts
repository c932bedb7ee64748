import { describe, expect, it } from 'vitest';
import { evaluateCondition, formatAlertValue } from './alert-rules.js';
import { sumBedCounts } from './bed-occupancy.js';
import {
  dischargeDelayFigures,
  emptyDelayFigures,
  mergeDischargeDelays,
  type DischargeDelaysSnapshot,
} from './discharge-delays.js';
import type { LiveSummary } from './live.js';
import { placementFigures } from './placements.js';
import { referralFigures } from './referrals.js';
import { sumTrustFigures } from './trust-figures.js';
import { videoFigures } from './video-consultations.js';

const now = Date.parse('2026-11-05T12:00:00Z');

function summaryWith(delays: LiveSummary['dischargeDelays']): LiveSummary {
  return {
    scope: 'trust:RX4',
    at: new Date(now).toISOString(),
    escalation: null,
    beds: sumBedCounts([]),
    notReporting: { count: 0, wardIds: [] },
    placements: placementFigures([], now),
    waitingLists: [],
    video: videoFigures([], now),
    trustFigures: sumTrustFigures([]),
    dischargeDelays: delays,
    stays: null,
    referrals: referralFigures([], now),
    trusts: [],
  };
}

// One ward: D1 since 1 Oct (35 days on 5 Nov), D2 since 3 Nov (2 days); lists reported each morning
// from 1 Nov, so the nights of 1–4 Nov ended by 5 Nov 12:00 count 1 + 1 + 2 + 2 = 6 bed days.
const list = (date: string, refs: [string, string][]): DischargeDelaysSnapshot => ({
  eventId: `e-${date}`,
  wardId: 'RX4-W01',
  observedAt: `${date}T08:00:00Z`,
  delays: refs.map(([ref, since]) => ({ ref, reason: '18', delayedSince: since })),
});
const record = [
  list('2026-11-01', [['D1', '2026-10-01']]),
  list('2026-11-02', [['D1', '2026-10-01']]),
  list('2026-11-03', [
    ['D1', '2026-10-01'],
    ['D2', '2026-11-03'],
  ]),
  list('2026-11-05', [
    ['D1', '2026-10-01'],
    ['D2', '2026-11-03'],
  ]),
].reduce<ReturnType<typeof mergeDischargeDelays>>((current, next) => mergeDischargeDelays(current, next) ?? current, null)!;
const figures = dischargeDelayFigures([record], now);

describe('delayed-discharge alert conditions', () => {
  it('checks the hand-worked figures first', () => {
    expect(figures.longestDays).toBe(35);
    expect(figures.delayedBedDaysThisMonth).toBe(6);
  });

  it('"delayed over N days" holds while the longest delay is over N', () => {
    expect(evaluateCondition({ kind: 'delayed-over', days: 28 }, summaryWith(figures))).toEqual({ kind: 'true', value: 35 });
    expect(evaluateCondition({ kind: 'delayed-over', days: 35 }, summaryWith(figures))).toEqual({ kind: 'false', value: 35 });
    expect(formatAlertValue({ kind: 'delayed-over', days: 28 }, 35)).toBe('longest delay 35 days');
  });

  it('"delayed bed days above N" compares this month’s midnight-census bed days', () => {
    expect(evaluateCondition({ kind: 'delayed-bed-days', above: 5 }, summaryWith(figures))).toEqual({ kind: 'true', value: 6 });
    expect(evaluateCondition({ kind: 'delayed-bed-days', above: 6 }, summaryWith(figures))).toEqual({ kind: 'false', value: 6 });
  });

  it('has no data when no ward of the scope reports a list', () => {
    expect(evaluateCondition({ kind: 'delayed-over', days: 1 }, summaryWith(emptyDelayFigures()))).toEqual({ kind: 'no-data' });
    expect(evaluateCondition({ kind: 'delayed-bed-days', above: 0 }, summaryWith(emptyDelayFigures()))).toEqual({
      kind: 'no-data',
    });
  });
});
