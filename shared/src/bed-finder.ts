/**
 * The bed finder: "where is there a vacant bed of type T for a patient of sex S right now?"
 * A patient can go to a ward of their own sex or a mixed ward. Rows are sorted by vacant beds,
 * most first, then by freshness (a bed manager phones the most recent report first). A ward not
 * reporting (freshness.ts) offers no bed: a vacancy from yesterday is not one to send a patient to.
 */
import { freeAlternatives, type CrisisServiceLive, type FreeAlternative } from './crisis-capacity.js';
import { isReporting, type FreshnessLimits } from './freshness.js';
import type { WardLive } from './live.js';
import type { OrgIndex } from './org-index.js';
import {
  CRISIS_CAPACITY_UNITS,
  CRISIS_SERVICE_KIND_LABELS,
  WARD_TYPE_LABELS,
  type CrisisAgeGroup,
  type Ward,
  type WardType,
} from './org.js';

export const PATIENT_SEXES = ['male', 'female'] as const;
export type PatientSex = (typeof PATIENT_SEXES)[number];

export interface BedFinderQuery {
  wardType?: WardType;
  patientSex?: PatientSex;
}

export interface BedFinderRow {
  ward: Ward;
  trustName: string;
  siteName: string;
  vacant: number;
  /** Source time of the ward's latest observation. */
  observedAt: string;
}

export function wardAdmits(ward: Ward, query: BedFinderQuery): boolean {
  if (query.wardType && ward.type !== query.wardType) return false;
  if (query.patientSex && ward.sex !== 'mixed' && ward.sex !== query.patientSex) return false;
  return true;
}

export function findVacantBeds(
  wards: readonly WardLive[],
  org: OrgIndex,
  query: BedFinderQuery,
  now: number,
  limits: FreshnessLimits,
): BedFinderRow[] {
  const sites = new Map(org.directory.sites.map((site) => [site.id, site.name]));
  return wards
    .filter(
      (ward) =>
        ward.figures !== null &&
        ward.figures.vacant > 0 &&
        wardAdmits(ward.ward, query) &&
        isReporting(ward.state, ward.ward.type, now, limits),
    )
    .map((ward) => ({
      ward: ward.ward,
      trustName: org.trustsByOds.get(ward.ward.trustOds)?.name ?? ward.ward.trustOds,
      siteName: sites.get(ward.ward.siteId) ?? ward.ward.siteId,
      vacant: ward.figures!.vacant,
      observedAt: ward.state!.observedAt,
    }))
    .sort(
      (a, b) => b.vacant - a.vacant || Date.parse(b.observedAt) - Date.parse(a.observedAt) || a.ward.id.localeCompare(b.ward.id),
    );
}

/**
 * The alternatives to admission that stand in for a ward type (docs/measures.md, "Alternatives to
 * admission"): crisis houses, day services and home treatment teams are alternatives to an acute
 * admission, so adult acute wards look to adult services, older adult wards to older adult ones and
 * CAMHS inpatient wards to CYP ones. Null for the types no crisis service replaces (PICU, secure,
 * specialist and rehabilitation wards): saying "a crisis house place is free" there would mislead.
 */
export function crisisAgeGroupFor(wardType: WardType): CrisisAgeGroup | null {
  switch (wardType) {
    case 'adult-acute':
      return 'adult';
    case 'older-adult-functional':
    case 'older-adult-organic':
      return 'older-adult';
    case 'camhs':
      return 'cyp';
    default:
      return null;
  }
}

/**
 * What the bed finder offers when no bed of the searched type is free: the alternatives with free
 * capacity for that type's age group (all of them when no type was searched). Empty when a bed is
 * free (the beds come first), when the type has no alternative, or when none has free capacity.
 */
export function alternativesWhenNoBed(
  rows: readonly BedFinderRow[],
  services: readonly CrisisServiceLive[],
  query: BedFinderQuery,
  now: number,
  limits: FreshnessLimits,
): FreeAlternative[] {
  if (rows.length > 0) return [];
  if (query.wardType === undefined) return freeAlternatives(services, now, limits);
  const ageGroup = crisisAgeGroupFor(query.wardType);
  return ageGroup === null ? [] : freeAlternatives(services, now, limits, ageGroup);
}

/** "2 crisis house places free at Haven House": one alternative, as the bed finder says it. */
export function describeFreeAlternative(alternative: FreeAlternative): string {
  const unit = CRISIS_CAPACITY_UNITS[alternative.service.kind];
  const kind = CRISIS_SERVICE_KIND_LABELS[alternative.service.kind].toLowerCase();
  return `${alternative.free} ${kind} ${alternative.free === 1 ? unit.one : unit.many} free at ${alternative.service.name}`;
}

/** "No adult acute bed free": the headline above the alternatives (any bed, when no type was searched). */
export function noBedHeadline(query: BedFinderQuery): string {
  return query.wardType === undefined ? 'No bed free' : `No ${WARD_TYPE_LABELS[query.wardType].toLowerCase()} bed free`;
}
