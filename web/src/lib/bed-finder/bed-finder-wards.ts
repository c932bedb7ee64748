/**
 * The wards a bed finder search looks at, merged from one or more live snapshots, and how many of
 * them match and report: what the "no vacant bed" message needs to be honest about coverage. Also
 * the Section 136 suites of the same snapshots, for the finder's empty suites, and the
 * not-reporting limits they were made with.
 */
import {
  DEFAULT_FRESHNESS_LIMITS,
  isReporting,
  snapshotFreshness,
  wardAdmits,
  type BedFinderQuery,
  type CrisisServiceLive,
  type FreshnessLimits,
  type LiveSnapshot,
  type S136SuiteLive,
  type WardLive,
} from '@wardpulse/shared';

/** Every ward of the snapshots, once each (a trust can reach the finder through two scopes). */
export function mergeWards(snapshots: readonly (LiveSnapshot | null)[]): WardLive[] {
  const seen = new Set<string>();
  const wards: WardLive[] = [];
  for (const snapshot of snapshots) {
    for (const wardLive of snapshot?.wards ?? []) {
      if (seen.has(wardLive.ward.id)) continue;
      seen.add(wardLive.ward.id);
      wards.push(wardLive);
    }
  }
  return wards;
}

export interface MatchCoverage {
  /** Wards of the right type that admit the patient's sex. */
  matching: number;
  /** Of them, those reporting at `now` (a report within their limit: shared freshness.ts). */
  reporting: number;
}

export function matchCoverage(
  wards: readonly WardLive[],
  query: BedFinderQuery,
  now: number,
  limits: FreshnessLimits,
): MatchCoverage {
  let matching = 0;
  let reporting = 0;
  for (const wardLive of wards) {
    if (!wardAdmits(wardLive.ward, query)) continue;
    matching++;
    if (isReporting(wardLive.state, wardLive.ward.type, now, limits)) reporting++;
  }
  return { matching, reporting };
}

/** The limits the snapshots were made with (one server made them all); the default before any arrives. */
export function mergeFreshness(snapshots: readonly (LiveSnapshot | null)[]): FreshnessLimits {
  const first = snapshots.find((snapshot) => snapshot !== null);
  return first ? snapshotFreshness(first) : DEFAULT_FRESHNESS_LIMITS;
}

/** The items `pick` finds in each snapshot, once each by `idOf` (overlapping scopes share trusts). */
function mergeOnce<T>(
  snapshots: readonly (LiveSnapshot | null)[],
  pick: (snapshot: LiveSnapshot) => readonly T[],
  idOf: (item: T) => string,
): T[] {
  const seen = new Set<string>();
  const items: T[] = [];
  for (const snapshot of snapshots) {
    for (const item of snapshot ? pick(snapshot) : []) {
      if (seen.has(idOf(item))) continue;
      seen.add(idOf(item));
      items.push(item);
    }
  }
  return items;
}

/** Every Section 136 suite of the snapshots, once each. */
export function mergeS136Suites(snapshots: readonly (LiveSnapshot | null)[]): S136SuiteLive[] {
  return mergeOnce(
    snapshots,
    (snapshot) => snapshot.s136Suites,
    (suite) => suite.suite.id,
  );
}

/** Every alternative to admission of the snapshots, once each. */
export function mergeCrisisServices(snapshots: readonly (LiveSnapshot | null)[]): CrisisServiceLive[] {
  return mergeOnce(
    snapshots,
    (snapshot) => snapshot.crisisServices ?? [],
    (live) => live.service.id,
  );
}
