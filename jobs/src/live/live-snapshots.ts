/**
 * Builds the live snapshot of a scope from Redis state and the organisation directory: its
 * wards' bed states, its trusts' placements, waiting lists, video days and own figures (only what a
 * live view still needs: placements active or ended this month, video days from this week or
 * month), its Section 136 suites' states, its alternatives to admission's capacity reports, and the escalation levels of the scope and its trusts.
 * Totals count the wards reporting at `now` by the configured limits, which the snapshot carries so a
 * reader recomputes with the same ones.
 */
import type { EscalationState, FreshnessLimits, LiveSnapshot, OrgIndex, Scope, TrustLive } from '@wardpulse/shared';
import {
  bedFigures,
  crisisServicesLive,
  earliestLiveReferralDate,
  earliestLiveVideoDate,
  formatScope,
  isLivePlacement,
  liveTotals,
  londonPeriod,
  s136SuitesLive,
  wardsNotReporting,
} from '@wardpulse/shared';
import type { LiveStateRepository } from './live-state-repository.js';

export interface ScopeSnapshot {
  /** Stream id of the last change the snapshot includes. */
  streamId: string;
  snapshot: LiveSnapshot;
}

/** Stored states carry the stream position they were assessed at; readers get the state alone. */
function publicEscalation(stored: EscalationState | undefined): EscalationState | null {
  if (!stored) return null;
  const { scope, level, previousLevel, indicators, changedAt, assessedAt } = stored;
  return { scope, level, previousLevel, indicators, changedAt, assessedAt };
}

export async function readScopeSnapshot(
  live: LiveStateRepository,
  org: OrgIndex,
  scope: Scope,
  now: number,
  freshness: FreshnessLimits,
): Promise<ScopeSnapshot | undefined> {
  const wards = org.wardsIn(scope);
  if (!wards) return undefined;
  // Trust-level measures only of the trusts the scope covers whole: none for a ward, a site or a
  // specialised collaborative (whose board counts its service lines' wards alone).
  const trustOds = org.trustsIn(scope) ?? [];
  const scopeText = formatScope(scope);
  const hasLevel = scope.kind !== 'ward' && scope.kind !== 'site';
  const escalationScopes = [...new Set([...(hasLevel ? [scopeText] : []), ...trustOds.map((ods) => `trust:${ods}`)])];
  const read = await live.snapshot(
    wards.map((ward) => ward.id),
    trustOds,
    escalationScopes,
  );
  const wardLives = wards.map((ward) => {
    const state = read.states.get(ward.id) ?? null;
    return { ward, state, figures: state ? bedFigures(state) : null };
  });
  const monthStart = londonPeriod('month', now).start;
  const firstVideoDate = earliestLiveVideoDate(now);
  const firstReferralDate = earliestLiveReferralDate(now);
  const trusts: TrustLive[] = trustOds.map((ods) => {
    const records = read.trusts.get(ods);
    return {
      ods,
      name: org.trustsByOds.get(ods)?.name ?? ods,
      placements: (records?.placements ?? []).filter((placement) => isLivePlacement(placement, monthStart)),
      waitingLists: records?.waitingLists ?? [],
      videoDays: (records?.videoDays ?? []).filter((day) => day.date >= firstVideoDate),
      trustFigures: records?.trustFigures ?? null,
      escalation: publicEscalation(read.escalation.get(`trust:${ods}`)),
      population: org.trustsByOds.get(ods)?.population ?? null,
      referralDays: (records?.referralDays ?? []).filter((day) => day.date >= firstReferralDate),
    };
  });
  const suiteStates = new Map(
    trustOds.flatMap((ods) => read.trusts.get(ods)?.s136Suites ?? []).map((state) => [state.suiteId, state]),
  );
  const crisisReports = new Map(
    trustOds.flatMap((ods) => read.trusts.get(ods)?.crisisServices ?? []).map((report) => [report.serviceId, report]),
  );
  return {
    streamId: read.streamId,
    snapshot: {
      scope: scopeText,
      name: org.nameOf(scope) ?? scopeText,
      wards: wardLives,
      totals: liveTotals(wardLives, now, freshness),
      notReporting: wardsNotReporting(wardLives, now, freshness),
      freshness,
      trusts,
      escalation: hasLevel ? publicEscalation(read.escalation.get(scopeText)) : null,
      s136Suites: s136SuitesLive(org.s136SuitesIn(scope) ?? [], suiteStates),
      // The scope's own alerts and, for a region or collaborative, its whole trusts' (as the change stream routes them).
      alerts:
        scope.kind === 'ward' ? [] : read.alerts.filter((alert) => org.scopesReachedByRoute(alert.scope).includes(scopeText)),
      dischargeDelays: read.dischargeDelays,
      wardStays: read.wardStays,
      crisisServices: crisisServicesLive(org.crisisServicesIn(scope) ?? [], crisisReports),
    },
  };
}
