import { describe, expect, it } from 'vitest';
import { bedFigures } from './bed-occupancy.js';
import {
  applyLiveChanges,
  liveSnapshotSchema,
  liveTotals,
  wardStateChange,
  type LiveChange,
  type LiveSnapshot,
  type WardBedState,
  type WardLive,
} from './live.js';
import { DEFAULT_FRESHNESS_LIMITS, type FreshnessLimits } from './freshness.js';
import { wardsNotReporting } from './live.js';
import type { Ward } from './org.js';

// States below are observed at 10:00 UTC; the snapshot is read ten minutes later, well within the
// 12 h limit (domain.md, "Freshness"), unless a test says otherwise.
const NOW = Date.parse('2026-11-25T10:10:00Z');
const LIMITS: FreshnessLimits = DEFAULT_FRESHNESS_LIMITS;

function ward(id: string, commissionedBeds = 20, type: Ward['type'] = 'adult-acute'): Ward {
  return { id, trustOds: 'RX4', siteId: 'RX4-S1', name: `${id} Ward`, type, sex: 'male', commissionedBeds };
}

function state(counts: Partial<WardBedState>): WardBedState {
  return {
    commissioned: 20,
    closed: 0,
    closedReason: null,
    source: { kind: 'feed', name: null },
    override: false,
    occupied: 18,
    onLeave: 1,
    pendingAdmissions: 0,
    clinicallyReadyForDischarge: 0,
    observedAt: '2026-11-25T10:00:00Z',
    eventId: 'evt-1',
    ...counts,
  };
}

function live(w: Ward, s: WardBedState | null): WardLive {
  return { ward: w, state: s, figures: s ? bedFigures(s) : null };
}

function snapshot(wards: WardLive[]): LiveSnapshot {
  return {
    scope: 'trust:RX4',
    name: 'CNTW',
    wards,
    totals: liveTotals(wards, NOW, LIMITS),
    notReporting: wardsNotReporting(wards, NOW, LIMITS),
    freshness: LIMITS,
    trusts: [],
    escalation: null,
    s136Suites: [],
    crisisServices: [],
    alerts: [],
  };
}

describe('liveTotals', () => {
  it('sums the wards that have reported and skips those without state', () => {
    const totals = liveTotals(
      [
        live(ward('RX4-W01'), state({ commissioned: 20, occupied: 18, onLeave: 1 })),
        live(ward('RX4-W02'), null),
        live(ward('RX4-W03'), state({ commissioned: 10, closed: 2, occupied: 7, onLeave: 0 })),
      ],
      NOW,
      LIMITS,
    );
    expect(totals.wardsReporting).toBe(2);
    expect(totals.commissioned).toBe(30); // the unreported ward's commissioned beds are not counted
    expect(totals.open).toBe(28);
    expect(totals.occupied).toBe(25);
    expect(totals.vacant).toBe(1 + 1); // (20 − 18 − 1) + (8 − 7 − 0)
    expect(totals.occupancyIncludingLeave).toBe(26 / 28);
  });

  it('has no occupancy when no ward has reported', () => {
    const totals = liveTotals([live(ward('RX4-W01'), null)], NOW, LIMITS);
    expect(totals.wardsReporting).toBe(0);
    expect(totals.occupancyExcludingLeave).toBeNull();
  });
});

describe('liveTotals and wardsNotReporting past the limit (domain.md, "Freshness")', () => {
  // 22:00 UTC: the 10:00 reports are exactly 12 h old; at 22:00:01 they are past the limit.
  const atLimit = Date.parse('2026-11-25T22:00:00Z');
  const wards = [
    live(ward('RX4-W01'), state({ commissioned: 20, occupied: 18, onLeave: 1 })),
    live(ward('RX4-W02'), state({ commissioned: 16, occupied: 10, onLeave: 0, observedAt: '2026-11-25T21:00:00Z' })),
    live(ward('RX4-W03'), null),
  ];

  it('leaves a ward silent past its limit out of the sums and the ratios', () => {
    // At 22:00 both reports count: commissioned 20 + 16 = 36, occupied 18 + 10 = 28, on leave 1,
    // vacant (20 − 18 − 1) + (16 − 10 − 0) = 1 + 6 = 7, occupancy incl. leave (28 + 1) ÷ 36.
    const both = liveTotals(wards, atLimit, LIMITS);
    expect(both).toMatchObject({ wardsReporting: 2, commissioned: 36, occupied: 28, vacant: 7 });
    expect(both.occupancyIncludingLeave).toBe(29 / 36);
    // A second later W01 is 12 h 1 s old: only W02 counts — 16 commissioned, 10 occupied, 6 vacant, 10 ÷ 16.
    const later = liveTotals(wards, atLimit + 1000, LIMITS);
    expect(later).toMatchObject({ wardsReporting: 1, commissioned: 16, occupied: 10, onLeave: 0, vacant: 6 });
    expect(later.occupancyIncludingLeave).toBe(10 / 16);
  });

  it('names the wards not reporting: never reported, or past the limit', () => {
    expect(wardsNotReporting(wards, atLimit, LIMITS)).toEqual({ count: 1, wardIds: ['RX4-W03'] });
    expect(wardsNotReporting(wards, atLimit + 1000, LIMITS)).toEqual({ count: 2, wardIds: ['RX4-W01', 'RX4-W03'] });
  });

  it("uses each ward type's own limit", () => {
    // A PICU limit of 30 min: the PICU's 10:00 report is out at 10:31; the adult ward's is not.
    const limits: FreshnessLimits = { notReportingAfterMs: 12 * 3_600_000, byWardType: { picu: 30 * 60_000 } };
    const mixed = [live(ward('RX4-W01'), state({})), live(ward('RX4-P1', 10, 'picu'), state({ commissioned: 10, occupied: 6 }))];
    const at1031 = Date.parse('2026-11-25T10:31:00Z');
    expect(liveTotals(mixed, at1031, limits)).toMatchObject({ wardsReporting: 1, commissioned: 20 });
    expect(wardsNotReporting(mixed, at1031, limits).wardIds).toEqual(['RX4-P1']);
  });
});

describe('wardStateChange', () => {
  it('carries figures derived from the state', () => {
    const s = state({ commissioned: 12, closed: 1, occupied: 11, onLeave: 2 });
    expect(wardStateChange('RX4-W01', s)).toEqual({ kind: 'wardState', wardId: 'RX4-W01', state: s, figures: bedFigures(s) });
  });
});

describe('applyLiveChanges', () => {
  it('updates the ward, recomputes the totals and returns the changed ward ids', () => {
    const snap = snapshot([
      live(ward('RX4-W01'), state({ occupied: 18, onLeave: 1 })),
      live(ward('RX4-W02'), state({ occupied: 15, onLeave: 0 })),
    ]);
    const next = state({ occupied: 20, onLeave: 2, observedAt: '2026-11-25T10:05:00Z', eventId: 'evt-2' });
    const changed = applyLiveChanges(snap, [wardStateChange('RX4-W02', next)], NOW);

    expect(changed).toEqual(['RX4-W02']);
    expect(snap.wards[1]?.state).toEqual(next);
    expect(snap.wards[1]?.figures).toEqual(bedFigures(next));
    expect(snap.wards[0]?.state?.occupied).toBe(18); // untouched
    expect(snap.totals.occupied).toBe(18 + 20);
    expect(snap.totals.onLeave).toBe(1 + 2);
    expect(snap.totals.occupancyIncludingLeave).toBe((18 + 1 + 20 + 2) / 40);
    expect(liveSnapshotSchema.safeParse(snap).success).toBe(true);
  });

  it('gives a first state to a ward that had none, and counts it in the totals', () => {
    const snap = snapshot([live(ward('RX4-W01'), state({})), live(ward('RX4-W02'), null)]);
    expect(snap.totals.wardsReporting).toBe(1);
    applyLiveChanges(snap, [wardStateChange('RX4-W02', state({ commissioned: 10, occupied: 9, onLeave: 0 }))], NOW);
    expect(snap.totals.wardsReporting).toBe(2);
    expect(snap.totals.commissioned).toBe(30);
  });

  it('ignores changes to wards outside the snapshot', () => {
    const snap = snapshot([live(ward('RX4-W01'), state({}))]);
    const before = structuredClone(snap);
    const changed = applyLiveChanges(snap, [wardStateChange('RV5-W01', state({ occupied: 3 }))], NOW);
    expect(changed).toEqual([]);
    expect(snap).toEqual(before);
  });

  it('applies the known changes of a mixed delta, in order', () => {
    const snap = snapshot([live(ward('RX4-W01'), state({})), live(ward('RX4-W02'), state({}))]);
    const changed = applyLiveChanges(
      snap,
      [
        wardStateChange('RX4-W02', state({ occupied: 10 })),
        wardStateChange('unknown', state({ occupied: 1 })),
        wardStateChange('RX4-W01', state({ occupied: 12 })),
      ],
      NOW,
    );
    expect(changed).toEqual(['RX4-W02', 'RX4-W01']);
    expect(snap.totals.occupied).toBe(22);
  });

  it('takes a ward out of the totals when told it stopped reporting, without a new fact', () => {
    // Two wards reported at 10:00 (20 beds, 18 + 1 on leave) and 21:00 (16 beds, 10 occupied).
    const snap = snapshot([
      live(ward('RX4-W01'), state({})),
      live(
        ward('RX4-W02'),
        state({ commissioned: 16, occupied: 10, onLeave: 0, eventId: 'evt-2', observedAt: '2026-11-25T21:00:00Z' }),
      ),
    ]);
    expect(snap.totals.commissioned).toBe(36);
    // At 22:00:30 the server says W01's 10:00 report (evt-1) passed its limit at 22:00.
    const change: LiveChange = {
      kind: 'wardNotReporting',
      wardId: 'RX4-W01',
      eventId: 'evt-1',
      observedAt: '2026-11-25T10:00:00Z',
      since: '2026-11-25T22:00:00Z',
    };
    expect(applyLiveChanges(snap, [change], Date.parse('2026-11-25T22:00:30Z'))).toEqual(['RX4-W01']);
    expect(snap.totals).toMatchObject({ wardsReporting: 1, commissioned: 16, occupied: 10, vacant: 6 });
    expect(snap.notReporting).toEqual({ count: 1, wardIds: ['RX4-W01'] });
    expect(liveSnapshotSchema.safeParse(snap).success).toBe(true);
    // A newer report brings it back.
    applyLiveChanges(
      snap,
      [wardStateChange('RX4-W01', state({ eventId: 'evt-3', observedAt: '2026-11-25T22:01:00Z' }))],
      Date.parse('2026-11-25T22:01:05Z'),
    );
    expect(snap.totals.wardsReporting).toBe(2);
    expect(snap.notReporting).toEqual({ count: 0, wardIds: [] });
  });

  it('ignores "stopped reporting" for a report the board has already replaced', () => {
    const snap = snapshot([live(ward('RX4-W01'), state({ eventId: 'evt-9', observedAt: '2026-11-25T10:05:00Z' }))]);
    const before = structuredClone(snap);
    const change: LiveChange = {
      kind: 'wardNotReporting',
      wardId: 'RX4-W01',
      eventId: 'evt-1',
      observedAt: '2026-11-25T09:00:00Z',
      since: '2026-11-25T21:00:00Z',
    };
    expect(applyLiveChanges(snap, [change], NOW)).toEqual([]);
    expect(snap).toEqual(before);
  });

  it('counts a late-arriving old report as not reporting', () => {
    const snap = snapshot([live(ward('RX4-W01'), state({}))]);
    // Applied at 10:10 on the 25th, observed two days earlier: past the 12 h limit on arrival.
    applyLiveChanges(snap, [wardStateChange('RX4-W01', state({ eventId: 'evt-old', observedAt: '2026-11-23T10:00:00Z' }))], NOW);
    expect(snap.totals.wardsReporting).toBe(0);
    expect(snap.notReporting.wardIds).toEqual(['RX4-W01']);
  });

  it('changes nothing for an empty delta', () => {
    const snap = snapshot([live(ward('RX4-W01'), state({}))]);
    const before = structuredClone(snap);
    expect(applyLiveChanges(snap, [], NOW)).toEqual([]);
    expect(snap).toEqual(before);
  });
});
