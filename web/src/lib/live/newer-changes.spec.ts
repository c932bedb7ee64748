import type { EscalationState, LiveChange, PlacementRecord, TrustFiguresRecord, VideoDayRecord } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { applyLiveChanges } from '@wardpulse/shared';
import { testAlert } from '../alerts/alert-fixtures.js';
import { AlertWatch } from '../alerts/alert-watch.js';
import { isOlderPlacement, newerChanges, pruneTrustRecords } from './newer-changes.js';
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

describe('newerChanges for ward stays', () => {
  const reading = (readAt: string, admitted: string[]) => ({
    kind: 'wardStays' as const,
    wardId: 'RX4-W01',
    record: { wardId: 'RX4-W01', readAt, inpatientsAdmittedAt: admitted, admittedAt: [], dischargedAt: [] },
  });
  it('drops a reading older than the one held and keeps a later one or the first', () => {
    const held = { wards: [testWardLive(testWard('RX4-W01'), null)], wardStays: [reading('2025-06-01T10:00:00Z', []).record] };
    const older = reading('2025-06-01T09:59:00Z', ['2025-05-01T10:00:00Z']);
    const later = reading('2025-06-01T10:01:00Z', ['2025-05-01T10:00:00Z']);
    expect(newerChanges(held, [older, later])).toEqual([later]);
    expect(newerChanges({ wards: held.wards }, [older])).toEqual([older]);
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
  const figures = (observedAt: string, eventId: string): TrustFiguresRecord => ({
    eventId,
    trustOds: 'RX4',
    observedAt,
    referralsWaiting: {
      emergencyDepartment: 1,
      communityOrHome: 0,
      section136Suite: 0,
      policeCustody: 0,
      acuteWard: 0,
      other: 0,
    },
    countingSince: '2025-06-01T09:00:00Z',
    completedDischarges: 0,
    section136Breaches: 0,
    patientsFromOutside: 0,
    source: { kind: 'feed', name: 'flow' },
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
        trustFigures: figures('2025-06-01T10:00:00Z', 'f2'),
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

  it('orders trust figures by observation time, ties by event id, and keeps a replay of the one held', () => {
    const change = (observedAt: string, eventId: string): LiveChange => ({
      kind: 'trustFigures',
      trustOds: 'RX4',
      trustFigures: figures(observedAt, eventId),
    });
    expect(newerChanges(held, [change('2025-06-01T09:59:00Z', 'f9')])).toEqual([]);
    expect(newerChanges(held, [change('2025-06-01T10:00:00Z', 'f1')])).toEqual([]);
    const replay = change('2025-06-01T10:00:00Z', 'f2');
    const later = change('2025-06-01T10:05:00Z', 'f3');
    expect(newerChanges(held, [replay, later])).toEqual([replay, later]);
  });

  it('orders escalation states by assessment time', () => {
    const older: LiveChange = { kind: 'escalation', escalation: escalation('2025-06-01T09:00:00Z') };
    const newer: LiveChange = { kind: 'escalation', escalation: escalation('2025-06-01T11:00:00Z') };
    expect(newerChanges(held, [older, newer])).toEqual([newer]);
  });
});

describe('newerChanges for Section 136 suites', () => {
  const state = (observedAt: string, eventId: string) => ({
    status: 'available' as const,
    eventId,
    suiteId: 'RX4-136-1',
    observedAt,
  });
  const held = {
    wards: [],
    s136Suites: [
      {
        suite: {
          id: 'RX4-136-1',
          trustOds: 'RX4',
          siteId: 'RX4-S1',
          name: 'Suite 1',
          ageGroup: 'adult' as const,
          commissioned: true,
        },
        state: state('2025-06-01T10:00:00Z', 's2'),
      },
    ],
  };
  const change = (observedAt: string, eventId: string): LiveChange => ({
    kind: 's136Suite',
    trustOds: 'RX4',
    suiteId: 'RX4-136-1',
    state: state(observedAt, eventId),
  });

  it('drops an older state, keeps a replay of the held one and a later one', () => {
    expect(newerChanges(held, [change('2025-06-01T09:00:00Z', 's9')])).toEqual([]);
    const replay = change('2025-06-01T10:00:00Z', 's2');
    const later = change('2025-06-01T10:01:00Z', 's3');
    expect(newerChanges(held, [replay, later])).toEqual([replay, later]);
  });
});

describe('newerChanges for alternatives to admission', () => {
  const report = (observedAt: string, eventId: string) => ({
    eventId,
    serviceId: 'RX4-CR-1',
    observedAt,
    capacity: 6,
    inUse: 4,
    closed: 0,
  });
  const held = {
    wards: [],
    crisisServices: [
      {
        service: {
          id: 'RX4-CR-1',
          trustOds: 'RX4',
          siteId: 'RX4-S1',
          name: 'Crisis house',
          kind: 'crisis-house' as const,
          ageGroup: 'adult' as const,
          commissionedCapacity: 6,
        },
        report: report('2025-06-01T10:00:00Z', 'c2'),
      },
    ],
  };
  const change = (observedAt: string, eventId: string): LiveChange => ({
    kind: 'crisisCapacity',
    trustOds: 'RX4',
    serviceId: 'RX4-CR-1',
    report: report(observedAt, eventId),
  });

  it('drops an older report, keeps a replay of the held one and a later one', () => {
    expect(newerChanges(held, [change('2025-06-01T09:00:00Z', 'c9')])).toEqual([]);
    const replay = change('2025-06-01T10:00:00Z', 'c2');
    const later = change('2025-06-01T10:01:00Z', 'c3');
    expect(newerChanges(held, [replay, later])).toEqual([replay, later]);
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
      applyLiveChanges(snapshot, accepted, Date.parse('2026-03-05T14:30:00Z'));
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

describe('pruneTrustRecords', () => {
  // Wednesday 3 December 2025, London (GMT): this week began on Monday 1 December, this month on the 1st.
  const now = Date.parse('2025-12-03T12:00:00Z');
  const placement = (placementId: string, endedAt: string | null): PlacementRecord => ({
    placementId,
    sendingTrust: 'RX4',
    startedAt: '2025-09-01T10:00:00Z',
    startEventId: `start-${placementId}`,
    endedAt,
    endEventId: endedAt ? `end-${placementId}` : null,
    details: null,
    detailsAt: null,
    detailsEventId: null,
  });
  const day = (date: string): VideoDayRecord => ({
    eventId: `video-${date}`,
    trustOds: 'RX4',
    date,
    observedAt: `${date}T18:00:00Z`,
    counts: { '01': 3 },
  });

  it('drops placements ended before this month and video days before this week or month, in place', () => {
    const placements = [
      placement('active', null),
      placement('ended-last-month', '2025-11-30T23:59:00Z'),
      placement('ended-this-month', '2025-12-01T00:00:00Z'),
    ];
    const videoDays = [day('2025-11-28'), day('2025-11-30'), day('2025-12-01'), day('2025-12-03')];
    const trusts = [{ placements, videoDays }];
    expect(pruneTrustRecords(trusts, now)).toBe(3);
    expect(trusts[0]!.placements).toBe(placements);
    expect(placements.map((p) => p.placementId)).toEqual(['active', 'ended-this-month']);
    expect(videoDays.map((d) => d.date)).toEqual(['2025-12-01', '2025-12-03']);
  });

  it('keeps the days of this week that fall in the previous month', () => {
    // Tuesday 1 July 2025 (BST): this week began on Monday 30 June.
    const videoDays = [day('2025-06-29'), day('2025-06-30'), day('2025-07-01')];
    expect(pruneTrustRecords([{ placements: [], videoDays }], Date.parse('2025-07-01T08:00:00Z'))).toBe(1);
    expect(videoDays.map((d) => d.date)).toEqual(['2025-06-30', '2025-07-01']);
  });

  it('uses the London month: a placement ended at 23:30 UTC on the last day of May ended in June in London', () => {
    const placements = [placement('late', '2025-05-31T23:30:00Z'), placement('earlier', '2025-05-31T22:30:00Z')];
    pruneTrustRecords([{ placements, videoDays: [] }], Date.parse('2025-06-10T12:00:00Z'));
    expect(placements.map((p) => p.placementId)).toEqual(['late']);
  });

  it('holds as many records after weeks of running as a fresh snapshot would', () => {
    const placements: PlacementRecord[] = [];
    let day0 = Date.parse('2025-01-01T12:00:00Z');
    for (let dayIndex = 0; dayIndex < 365; dayIndex += 1, day0 += 86_400_000) {
      placements.push(placement(`p${dayIndex}`, new Date(day0).toISOString()));
      pruneTrustRecords([{ placements, videoDays: [] }], day0);
    }
    // Only December's (ended this month) are left: at most 31, never a year's worth.
    expect(placements.length).toBeLessThanOrEqual(31);
  });
});
