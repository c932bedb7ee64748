/**
 * Where a sitrep return's trust-level figures and Section 136 suite counts come from. A seam:
 * the scheduler asks these questions and the runtime wires the answers in, so the assembly
 * does not depend on how either is stored. `liveSitrepSources` answers them from live state (the
 * trust figures fact and the suites' states) and the stay table (discharges); `UNKNOWN_SITREP_SOURCES` knows neither.
 */
import type {
  OrgIndex,
  S136AgeGroup,
  SitrepKind,
  SitrepStayDischarges,
  SitrepSuiteCounts,
  SitrepTrustFigures,
} from '@wardpulse/shared';
import type { StayRepository } from '../storage/stay-repository.js';
import type { LiveStateRepository } from '../live/live-state-repository.js';
import { s136SuiteCounts } from '../live/s136-suite-counts.js';

export interface SitrepSources {
  /** The trust's latest trust-level figures; null when it has reported none. */
  trustFigures(trustOds: string): Promise<SitrepTrustFigures | null>;
  /**
   * The trust's suites of the age group each return counts (adult; children and young people for
   * CAMHS) at `at`; null where the organisation holds none of that age group.
   */
  suites(trustOds: string, at: number): Promise<Record<SitrepKind, SitrepSuiteCounts | null>>;
  /** Discharges the stays of the trust's wards record in `[since, at)`; null when none of its wards sends stays. */
  stayDischarges(trustOds: string, since: number, at: number): Promise<SitrepStayDischarges | null>;
}

/** Neither is known: the figures stay blank and the duty bed manager enters them. */
export const UNKNOWN_SITREP_SOURCES: SitrepSources = {
  trustFigures: async () => null,
  suites: async () => ({ adult: null, camhs: null }),
  stayDischarges: async () => null,
};

const SUITE_AGE_GROUP: Record<SitrepKind, S136AgeGroup> = { adult: 'adult', camhs: 'cyp' };

export function liveSitrepSources(deps: {
  live: LiveStateRepository;
  org: () => OrgIndex;
  stays: StayRepository;
}): SitrepSources {
  return {
    stayDischarges: async (trustOds, since, at) => {
      const wardIds = (deps.org().wardsIn({ kind: 'trust', id: trustOds }) ?? []).map((ward) => ward.id);
      const counted = await deps.stays.dischargesBetween(wardIds, since, at);
      return counted.wardsWithStays === 0 ? null : { ...counted, since: new Date(since).toISOString() };
    },
    trustFigures: async (trustOds) => {
      const record = (await deps.live.snapshot([], [trustOds])).trusts.get(trustOds)?.trustFigures;
      if (!record) return null;
      return {
        referralsWaiting: record.referralsWaiting,
        completedDischarges: record.completedDischarges,
        patientsFromOutside: record.patientsFromOutside,
        section136Breaches: record.section136Breaches,
        observedAt: record.observedAt,
        countingSince: record.countingSince,
      };
    },
    suites: async (trustOds, at) => {
      const suites = deps.org().s136SuitesIn({ kind: 'trust', id: trustOds }) ?? [];
      const counts = async (kind: SitrepKind): Promise<SitrepSuiteCounts | null> => {
        const ageGroup = SUITE_AGE_GROUP[kind];
        if (!suites.some((suite) => suite.ageGroup === ageGroup)) return null;
        const { coreBase, empty, breached } = await s136SuiteCounts(deps, trustOds, { now: at, ageGroup });
        return { coreBase, empty, breachedNow: breached };
      };
      return { adult: await counts('adult'), camhs: await counts('camhs') };
    },
  };
}
