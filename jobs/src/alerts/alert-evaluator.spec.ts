import {
  bedFigures,
  DEFAULT_FRESHNESS_LIMITS,
  OrgIndex,
  type LiveSnapshot,
  type PlacementRecord,
  type WardBedState,
  type WardLive,
} from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { demoOrganisation } from '../demo/demo-organisations.js';
import { trustReassessmentJobs } from '../queues.js';
import { conditionContext, NEW_PLACEMENT_WINDOW_MS } from './alert-evaluator.js';

const org = new OrgIndex(demoOrganisation());
const NOW = Date.parse('2026-11-26T12:00:00Z');

function state(overrides: Partial<WardBedState> = {}): WardBedState {
  return {
    commissioned: 10,
    closed: 0,
    closedReason: null,
    source: { kind: 'feed', name: null },
    override: false,
    occupied: 8,
    onLeave: 0,
    pendingAdmissions: 0,
    clinicallyReadyForDischarge: 0,
    observedAt: '2026-11-26T11:50:00Z',
    eventId: 'e1',
    ...overrides,
  };
}

function snapshotOf(states: Record<string, WardBedState>, placements: PlacementRecord[] = []): LiveSnapshot {
  const wards: WardLive[] = (org.wardsIn({ kind: 'collaborative', id: 'nenc' }) ?? []).map((ward) => {
    const wardState = states[ward.id] ?? null;
    return { ward, state: wardState, figures: wardState ? bedFigures(wardState) : null };
  });
  return {
    scope: 'collaborative:nenc',
    name: 'NENC',
    wards,
    totals: {} as LiveSnapshot['totals'],
    notReporting: { count: 0, wardIds: [] },
    freshness: DEFAULT_FRESHNESS_LIMITS,
    trusts: [{ ods: 'RX4', name: 'CNTW', placements, waitingLists: [], videoDays: [], trustFigures: null, escalation: null }],
    escalation: null,
    s136Suites: [],
    crisisServices: [],
    alerts: [],
  };
}

const picus = org.wardsIn({ kind: 'collaborative', id: 'nenc' })!.filter((ward) => ward.type === 'picu');

describe('conditionContext', () => {
  it('has no vacancy figure until a ward of the type reports, then sums the vacant beds a patient could take', () => {
    const rule = { condition: { kind: 'no-vacant-bed', wardType: 'picu' } } as const;
    expect(picus.length).toBeGreaterThan(1);
    expect(conditionContext(rule, snapshotOf({}), org, NOW)).toEqual({ vacantOfType: null });
    const [first, second] = picus as [(typeof picus)[0], (typeof picus)[0]];
    const full = snapshotOf({ [first.id]: state({ occupied: 10 }), [second.id]: state({ occupied: 10 }) });
    expect(conditionContext(rule, full, org, NOW)).toEqual({ vacantOfType: 0 });
    const some = snapshotOf({ [first.id]: state({ occupied: 7 }), [second.id]: state({ occupied: 9 }) });
    expect(conditionContext(rule, some, org, NOW)).toEqual({ vacantOfType: 4 });
  });

  it('leaves a PICU not reporting out: its days-old vacancy does not stop "no vacant PICU bed" (domain.md, "Freshness")', () => {
    const rule = { condition: { kind: 'no-vacant-bed', wardType: 'picu' } } as const;
    const [first, second] = picus as [(typeof picus)[0], (typeof picus)[0]];
    // NOW is 26 Nov 12:00 UTC. The first PICU said 3 of 10 beds were vacant on 24 Nov at 12:00, 48 h
    // ago (past the 12 h limit); the second reported full ten minutes ago. Vacant beds that count: 0.
    const days = snapshotOf({
      [first.id]: state({ occupied: 7, observedAt: '2026-11-24T12:00:00Z' }),
      [second.id]: state({ occupied: 10 }),
    });
    expect(conditionContext(rule, days, org, NOW)).toEqual({ vacantOfType: 0 });
    // Exactly 12 h old (00:00 today) it still counts: 3 vacant.
    const atLimit = snapshotOf({
      [first.id]: state({ occupied: 7, observedAt: '2026-11-26T00:00:00Z' }),
      [second.id]: state({ occupied: 10 }),
    });
    expect(conditionContext(rule, atLimit, org, NOW)).toEqual({ vacantOfType: 3 });
    // No PICU reporting at all: nothing is known (no data), not "no bed".
    expect(conditionContext(rule, snapshotOf({ [first.id]: state({ observedAt: '2026-11-24T12:00:00Z' }) }), org, NOW)).toEqual({
      vacantOfType: null,
    });
  });

  it('counts inappropriate placements started within the last hour as new', () => {
    // Inappropriate is reason "no bed available" only; "other" (even logged as inappropriate) is not.
    const placement = (startedAt: string, appropriate: boolean, reason = appropriate ? 'patient-choice' : 'no-bed-available') =>
      ({ placementId: `${startedAt}-${reason}`, startedAt, details: { appropriate, reason } }) as unknown as PlacementRecord;
    const rule = { condition: { kind: 'new-inappropriate-oap' } } as const;
    const recent = new Date(NOW - NEW_PLACEMENT_WINDOW_MS + 60_000).toISOString();
    const old = new Date(NOW - NEW_PLACEMENT_WINDOW_MS - 60_000).toISOString();
    const future = new Date(NOW + 60_000).toISOString();
    const snapshot = snapshotOf({}, [
      placement(recent, false),
      placement(old, false),
      placement(recent, true),
      placement(recent, false, 'other'),
      placement(future, false),
    ]);
    expect(conditionContext(rule, snapshot, org, NOW)).toEqual({ newInappropriateOaps: 1 });
  });

  it('measures a feed’s silence from its latest fact of any kind', () => {
    const rule = { condition: { kind: 'feed-silent', minutes: 15 } } as const;
    expect(conditionContext(rule, snapshotOf({}), org, NOW)).toEqual({ minutesSinceLastFact: null });
    const snapshot = snapshotOf({
      [picus[0]!.id]: state({ observedAt: '2026-11-26T11:30:00Z' }),
      [picus[1]!.id]: state({ observedAt: '2026-11-26T11:40:00Z' }),
    });
    expect(conditionContext(rule, snapshot, org, NOW)).toEqual({ minutesSinceLastFact: 20 });
  });
});

describe('trustReassessmentJobs', () => {
  it('evaluates a trust at once on the first change of a second and once after it, whatever else arrives', () => {
    const at = Date.parse('2026-11-26T12:00:00.250Z');
    const [lead, trail] = trustReassessmentJobs('RX4', at);
    expect(lead!.delay).toBe(0);
    expect(at + trail!.delay).toBeGreaterThan(Date.parse('2026-11-26T12:00:01Z'));
    // Later in the same second: the same two ids (BullMQ adds nothing for an id it holds).
    expect(trustReassessmentJobs('RX4', at + 700).map((job) => job.jobId)).toEqual([lead!.jobId, trail!.jobId]);
    expect(trustReassessmentJobs('RX4', at + 800)[0]!.jobId).not.toBe(lead!.jobId);
    expect(trustReassessmentJobs('RX3', at)[0]!.jobId).not.toBe(lead!.jobId);
    expect(lead!.jobId).not.toBe(trail!.jobId);
    expect(`${lead!.jobId}${trail!.jobId}`).not.toContain(':');
  });
});
