/**
 * The bed finder: "where is there a vacant bed of type T for a patient of sex S right now?"
 * A patient can go to a ward of their own sex or a mixed ward. Rows are sorted by vacant beds,
 * most first, then by freshness (a bed manager phones the most recent report first). A ward not
 * reporting (freshness.ts) offers no bed: a vacancy from yesterday is not one to send a patient to.
 */
import { isReporting, type FreshnessLimits } from './freshness.js';
import type { WardLive } from './live.js';
import type { OrgIndex } from './org-index.js';
import type { Ward, WardType } from './org.js';

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
