import { describe, expect, it } from 'vitest';
import { bedFigures } from './bed-occupancy.js';
import {
  applyLiveChanges,
  liveSnapshotSchema,
  liveTotals,
  wardStateChange,
  type LiveSnapshot,
  type WardBedState,
  type WardLive,
} from './live.js';
import type { Ward } from './org.js';

function ward(id: string, commissionedBeds = 20): Ward {
  return { id, trustOds: 'RX4', siteId: 'RX4-S1', name: `${id} Ward`, type: 'adult-acute', sex: 'male', commissionedBeds };
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
    totals: liveTotals(wards),
    trusts: [],
    escalation: null,
    s136Suites: [],
    alerts: [],
  };
}

describe('liveTotals', () => {
  it('sums the wards that have reported and skips those without state', () => {
    const totals = liveTotals([
      live(ward('RX4-W01'), state({ commissioned: 20, occupied: 18, onLeave: 1 })),
      live(ward('RX4-W02'), null),
      live(ward('RX4-W03'), state({ commissioned: 10, closed: 2, occupied: 7, onLeave: 0 })),
    ]);
    expect(totals.wardsReporting).toBe(2);
    expect(totals.commissioned).toBe(30); // the unreported ward's commissioned beds are not counted
    expect(totals.open).toBe(28);
    expect(totals.occupied).toBe(25);
    expect(totals.vacant).toBe(1 + 1); // (20 − 18 − 1) + (8 − 7 − 0)
    expect(totals.occupancyIncludingLeave).toBe(26 / 28);
  });

  it('has no occupancy when no ward has reported', () => {
    const totals = liveTotals([live(ward('RX4-W01'), null)]);
    expect(totals.wardsReporting).toBe(0);
    expect(totals.occupancyExcludingLeave).toBeNull();
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
    const changed = applyLiveChanges(snap, [wardStateChange('RX4-W02', next)]);

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
    applyLiveChanges(snap, [wardStateChange('RX4-W02', state({ commissioned: 10, occupied: 9, onLeave: 0 }))]);
    expect(snap.totals.wardsReporting).toBe(2);
    expect(snap.totals.commissioned).toBe(30);
  });

  it('ignores changes to wards outside the snapshot', () => {
    const snap = snapshot([live(ward('RX4-W01'), state({}))]);
    const before = structuredClone(snap);
    const changed = applyLiveChanges(snap, [wardStateChange('RV5-W01', state({ occupied: 3 }))]);
    expect(changed).toEqual([]);
    expect(snap).toEqual(before);
  });

  it('applies the known changes of a mixed delta, in order', () => {
    const snap = snapshot([live(ward('RX4-W01'), state({})), live(ward('RX4-W02'), state({}))]);
    const changed = applyLiveChanges(snap, [
      wardStateChange('RX4-W02', state({ occupied: 10 })),
      wardStateChange('unknown', state({ occupied: 1 })),
      wardStateChange('RX4-W01', state({ occupied: 12 })),
    ]);
    expect(changed).toEqual(['RX4-W02', 'RX4-W01']);
    expect(snap.totals.occupied).toBe(22);
  });

  it('changes nothing for an empty delta', () => {
    const snap = snapshot([live(ward('RX4-W01'), state({}))]);
    const before = structuredClone(snap);
    expect(applyLiveChanges(snap, [])).toEqual([]);
    expect(snap).toEqual(before);
  });
});
