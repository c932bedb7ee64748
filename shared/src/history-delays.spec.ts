import { describe, expect, it } from 'vitest';
import type { DischargeDelaysSnapshot } from './discharge-delays.js';
import { DEFAULT_FRESHNESS_LIMITS } from './freshness.js';
import { foldHistory, historyPeriods, type HistoryFact, type HistoryScope } from './history.js';

// Two wards of RX4. W01: 2 delays from 30 Oct 10:00, 3 from 1 Nov 15:00, 1 from 2 Nov 09:00.
// W02: 1 delay from 1 Nov 08:00, reported again (same one) at 09:00 out of order after its 10:00 empty list.
const list = (wardId: string, observedAt: string, eventId: string, count: number): HistoryFact => {
  const payload: DischargeDelaysSnapshot = {
    eventId,
    wardId,
    observedAt,
    delays: Array.from({ length: count }, (_, i) => ({ ref: `D${i + 1}`, reason: '18', delayedSince: '2026-10-20' })),
  };
  return { kind: 'dischargeDelays', trustOds: 'RX4', at: Date.parse(observedAt), payload };
};
const FACTS: HistoryFact[] = [
  list('RX4-W01', '2026-10-30T10:00:00Z', 'a', 2),
  list('RX4-W02', '2026-11-01T08:00:00Z', 'b', 1),
  list('RX4-W01', '2026-11-01T15:00:00Z', 'c', 3),
  list('RX4-W02', '2026-11-01T10:00:00Z', 'd', 0),
  list('RX4-W01', '2026-11-02T09:00:00Z', 'e', 1),
].sort((x, y) => x.at - y.at);
const NOW = Date.parse('2026-11-03T12:00:00Z');

function byDay(
  metric: 'delayedDischarges' | 'delayedBedDays',
  scope: HistoryScope = { scope: 'trust:RX4', trusts: new Set(['RX4']) },
) {
  const periods = historyPeriods('day', '2026-10-30', '2026-11-03');
  const points = foldHistory(FACTS, [scope], periods, {
    now: NOW,
    wardType: () => 'adult-acute',
    limits: DEFAULT_FRESHNESS_LIMITS,
  });
  return periods.map((period) => points.find((point) => point.metric === metric && point.start === period.start)?.value ?? null);
}

describe('delayed discharges in history', () => {
  it('counts the lists at each day’s end (census)', () => {
    // 30 Oct: W01 2. 31 Oct: 2. 1 Nov: W01 3 + W02 0 = 3. 2 Nov: 1. 3 Nov (so far): 1.
    expect(byDay('delayedDischarges')).toEqual([2, 2, 3, 1, 1]);
  });

  it('counts a bed day per delay open at each midnight that ends a night, across the month boundary', () => {
    // Night of 30 Oct (midnight 31 Oct): 2. Night of 31 Oct (midnight 1 Nov, before any 1 Nov list): 2.
    // Night of 1 Nov (midnight 2 Nov): W01 3 + W02 0 (its 10:00 list is the night's latest) = 3.
    // Night of 2 Nov: 1. Night of 3 Nov has not ended at 12:00: 0.
    expect(byDay('delayedBedDays')).toEqual([2, 2, 3, 1, 0]);
  });

  it("counts a ward's, a site's or a service line's own wards only", () => {
    const ward = (ids: string[], extra: Partial<HistoryScope> = {}): HistoryScope => ({
      scope: 'x',
      trusts: new Set(['RX4']),
      wards: new Set(ids),
      ...extra,
    });
    // W01 alone: its lists at each day's end 2, 2, 3, 1, 1; bed days 2, 2, 3, 1, 0 (W02 never had a delay at a midnight).
    expect(byDay('delayedDischarges', ward(['RX4-W01']))).toEqual([2, 2, 3, 1, 1]);
    // W02 alone: none listed before 1 Nov (no list, so no figure), 0 at the end of 1 Nov (its 10:00 empty list) and after.
    expect(byDay('delayedDischarges', ward(['RX4-W02']))).toEqual([null, null, 0, 0, 0]);
    expect(byDay('delayedBedDays', ward(['RX4-W02']))).toEqual([null, null, 0, 0, 0]);
    // A specialised collaborative with W02 as its service line: W02's lists, not RX4's whole (its
    // trust-level returns would come from wholeTrusts; delays are a ward's own).
    expect(byDay('delayedDischarges', ward(['RX4-W02'], { wholeTrusts: new Set() }))).toEqual([null, null, 0, 0, 0]);
    // A ward of another trust's: nothing.
    expect(byDay('delayedDischarges', ward(['RX3-W01']))).toEqual([null, null, null, null, null]);
  });
});
