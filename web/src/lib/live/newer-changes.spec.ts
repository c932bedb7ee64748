import type { EscalationState, LiveChange, PlacementRecord } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { applyLiveChanges } from '@wardpulse/shared';
import { testAlert } from '../alerts/alert-fixtures.js';
import { AlertWatch } from '../alerts/alert-watch.js';
import { isOlderPlacement, newerChanges } from './newer-changes.js';
import { testChange, testSnapshot, testState, testWard, testWardLive } from './test-fixtures.js';

describe('newerChanges', () => {
  const wards = [testWardLive(testWard('RX4-W01'), testState('2025-06-01T10:00:00Z')), testWardLive(testWard('RX4-W02'), null)];

  it('keeps newer and equally new observations', () => {
    const changes = [testChange('RX4-W01', '2025-06-01T10:05:00Z'), testChange('RX4-W01', '2025-06-01T10:05:00Z')];
    expect(newerChanges({ wards }, changes)).toEqual(changes);
  });

  it('drops an observation older than the one held', () => {
    expect(newerChanges({ wards }, [testChange('RX4-W01', '2025-06-01T09:59:59Z')])).toEqual([]);
  });

  it('compares instants across UTC offsets', () => {
    // 10:30+01:00 is 09:30Z: older than the 10:00Z held.
    expect(newerChanges({ wards }, [testChange('RX4-W01', '2025-06-01T10:30:00+01:00')])).toEqual([]);
  });

  it('accepts the first observation of a ward with no data yet', () => {
    const change = testChange('RX4-W02', '2020-01-01T00:00:00Z');
    expect(newerChanges({ wards }, [change])).toEqual([change]);
  });

  it('orders two changes to one ward within a batch', () => {
    const newer = testChange('RX4-W01', '2025-06-01T10:10:00Z');
    const older = testChange('RX4-W01', '2025-06-01T10:05:00Z');
    expect(newerChanges({ wards }, [newer, older])).toEqual([newer]);
  });

  it('passes changes for wards it does not know (applyLiveChanges ignores them)', () => {
    const change = testChange('RV5-W01', '2025-06-01T10:00:00Z');
    expect(newerChanges({ wards }, [change])).toEqual([change]);
  });
});

describe('newerChanges for trust-level records', () => {
  const placement = (overrides: Partial<PlacementRecord> = {}): PlacementRecord => ({
    placementId: 'P1',
    sendingTrust: 'RX4',
    startedAt: '2025-06-01T10:00:00Z',
    startEventId: 'e1',
    endedAt: null,
    endEventId: null,
    details: null,
    detailsAt: '2025-06-01T10:00:00Z',
    detailsEventId: 'e1',
    ...overrides,
  });
  const escalation = (assessedAt: string): EscalationState => ({
    scope: 'trust:RX4',
    level: 2,
    previousLevel: 1,
    indicators: [],
    changedAt: assessedAt,
    assessedAt,
  });
  const held = {
    wards: [],
    escalation: escalation('2025-06-01T10:00:00Z'),
    trusts: [
      {
        ods: 'RX4',
        name: 'RX4',
        placements: [placement({ endedAt: '2025-06-02T10:00:00Z', endEventId: 'e2' })],
        waitingLists: [],
        videoDays: [],
        escalation: null,
      },
    ],
  };

  it('drops a replayed placement record that lacks the end already held', () => {
    const replay: LiveChange = { kind: 'placement', trustOds: 'RX4', placement: placement() };
    expect(newerChanges(held, [replay])).toEqual([]);
  });

  it('keeps a placement record with later details, and one for a placement not yet held', () => {
    const later: LiveChange = {
      kind: 'placement',
      trustOds: 'RX4',
      placement: placement({
        endedAt: '2025-06-02T10:00:00Z',
        endEventId: 'e2',
        detailsAt: '2025-06-01T12:00:00Z',
        detailsEventId: 'e3',
      }),
    };
    const other: LiveChange = { kind: 'placement', trustOds: 'RX4', placement: placement({ placementId: 'P2' }) };
    expect(newerChanges(held, [later, other])).toEqual([later, other]);
  });

  it('orders escalation states by assessment time', () => {
    const older: LiveChange = { kind: 'escalation', escalation: escalation('2025-06-01T09:00:00Z') };
    const newer: LiveChange = { kind: 'escalation', escalation: escalation('2025-06-01T11:00:00Z') };
    expect(newerChanges(held, [older, newer])).toEqual([newer]);
  });
});

describe('newerChanges for alerts', () => {
  const held = { wards: [], alerts: [testAlert({ id: 'a1', updatedAt: '2026-03-05T14:10:00Z' })] };
  const change = (overrides: Parameters<typeof testAlert>[0]): LiveChange => ({ kind: 'alert', alert: testAlert(overrides) });

  it('keeps the copy with the later updatedAt', () => {
    const older = change({ id: 'a1', status: 'recovering', updatedAt: '2026-03-05T14:05:00Z' });
    const same = change({ id: 'a1', updatedAt: '2026-03-05T14:10:00Z' });
    const newer = change({ id: 'a1', status: 'resolved', updatedAt: '2026-03-05T14:20:00Z' });
    expect(newerChanges(held, [older, same, newer])).toEqual([same, newer]);
  });

  it('orders two copies of one alert within a batch', () => {
    const newer = change({ id: 'a2', status: 'resolved', updatedAt: '2026-03-05T14:20:00Z' });
    const older = change({ id: 'a2', updatedAt: '2026-03-05T14:00:00Z' });
    expect(newerChanges(held, [newer, older])).toEqual([newer]);
  });

  it('does not let an older copy reopen an alert the board saw resolve', () => {
    const resolvedAlerts = new Map([['a3', '2026-03-05T14:30:00Z']]);
    const replay = change({ id: 'a3', updatedAt: '2026-03-05T14:00:00Z' });
    expect(newerChanges({ ...held, resolvedAlerts }, [replay])).toEqual([]);
    const unknown = change({ id: 'a4' });
    expect(newerChanges({ ...held, resolvedAlerts }, [unknown])).toEqual([unknown]);
  });
});

describe('alerts on a board (guard, then applyLiveChanges)', () => {
  it('keeps the later copy, drops a resolved alert, and never lets a late copy reopen it', () => {
    const snapshot = { ...testSnapshot('trust:RX4', []), alerts: [testAlert({ id: 'a1', updatedAt: '2026-03-05T14:00:00Z' })] };
    const watch = new AlertWatch();
    const apply = (...alerts: ReturnType<typeof testAlert>[]) => {
      const accepted = newerChanges(
        { ...snapshot, resolvedAlerts: watch.resolved },
        alerts.map((alert): LiveChange => ({ kind: 'alert', alert })),
      );
      applyLiveChanges(snapshot, accepted);
      watch.accepted(accepted);
    };
    apply(testAlert({ id: 'a1', status: 'recovering', updatedAt: '2026-03-05T14:05:00Z' }));
    apply(testAlert({ id: 'a1', status: 'firing', updatedAt: '2026-03-05T14:01:00Z' }));
    expect(snapshot.alerts.map((alert) => alert.status)).toEqual(['recovering']);
    apply(testAlert({ id: 'a1', status: 'resolved', updatedAt: '2026-03-05T14:20:00Z' }));
    expect(snapshot.alerts).toEqual([]);
    apply(testAlert({ id: 'a1', status: 'recovering', updatedAt: '2026-03-05T14:05:00Z' }));
    expect(snapshot.alerts).toEqual([]);
  });
});

describe('isOlderPlacement', () => {
  const base: PlacementRecord = {
    placementId: 'P1',
    sendingTrust: 'RX4',
    startedAt: null,
    startEventId: null,
    endedAt: null,
    endEventId: null,
    details: null,
    detailsAt: null,
    detailsEventId: null,
  };

  it('treats a record without the start held as older', () => {
    expect(isOlderPlacement(base, { ...base, startedAt: '2025-06-01T10:00:00Z', startEventId: 'e1' })).toBe(true);
    expect(isOlderPlacement({ ...base, startedAt: '2025-06-01T10:00:00Z', startEventId: 'e1' }, base)).toBe(false);
  });
});
