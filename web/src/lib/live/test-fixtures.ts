/**
 * Small live-state fixtures for the web unit tests (never the published data files).
 */
import { bedFigures, DEFAULT_FRESHNESS_LIMITS, liveTotals, wardsNotReporting, wardStateChange } from '@wardpulse/shared';
import type { LiveChange, LiveSnapshot, Ward, WardBedState, WardLive } from '@wardpulse/shared';

export function testWard(id: string, overrides: Partial<Ward> = {}): Ward {
  return {
    id,
    trustOds: id.slice(0, 3),
    siteId: `${id.slice(0, 3)}-S1`,
    name: `Ward ${id}`,
    type: 'adult-acute',
    sex: 'mixed',
    commissionedBeds: 20,
    ...overrides,
  };
}

export function testState(observedAt: string, overrides: Partial<WardBedState> = {}): WardBedState {
  return {
    commissioned: 20,
    closed: 0,
    closedReason: null,
    occupied: 18,
    onLeave: 1,
    pendingAdmissions: 2,
    clinicallyReadyForDischarge: 1,
    observedAt,
    eventId: `evt-${observedAt}`,
    source: { kind: 'feed', name: null },
    override: false,
    ...overrides,
  };
}

export function testWardLive(ward: Ward, state: WardBedState | null): WardLive {
  return { ward, state, figures: state ? bedFigures(state) : null };
}

/** A snapshot as the server would send it at `now` (default: the moment of the latest report among `wards`). */
export function testSnapshot(scope: string, wards: WardLive[], now = latestReport(wards)): LiveSnapshot {
  return {
    scope,
    name: `Board ${scope}`,
    wards,
    totals: liveTotals(wards, now, DEFAULT_FRESHNESS_LIMITS),
    notReporting: wardsNotReporting(wards, now, DEFAULT_FRESHNESS_LIMITS),
    freshness: DEFAULT_FRESHNESS_LIMITS,
    trusts: [],
    escalation: null,
    s136Suites: [],
    crisisServices: [],
    alerts: [],
  };
}

function latestReport(wards: readonly WardLive[]): number {
  return Math.max(0, ...wards.map((ward) => (ward.state ? Date.parse(ward.state.observedAt) : 0)));
}

export function testChange(wardId: string, observedAt: string, overrides: Partial<WardBedState> = {}): LiveChange {
  return wardStateChange(wardId, testState(observedAt, overrides));
}
