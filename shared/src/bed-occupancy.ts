/**
 * Bed occupancy formulas, defined once for server, jobs and web.
 *
 * Definitions follow KH03 and the NHS Data Dictionary as summarised in ../shared/domain.md:
 * - open (available) beds = commissioned − closed; temporarily closed beds are not available;
 * - vacant = open − occupied − beds held for patients on leave, never below zero
 *   (a held leave bed that another patient uses counts as occupied, not as a second vacancy);
 * - occupancy excluding leave = occupied ÷ open;
 * - occupancy including leave = (occupied + on leave) ÷ open, which passes 100% when leave
 *   beds are reused.
 */

/** The counts a source reports for one ward at one moment. */
export interface BedCounts {
  commissioned: number;
  closed: number;
  occupied: number;
  onLeave: number;
  pendingAdmissions: number;
  clinicallyReadyForDischarge: number;
}

/** Figures derived from BedCounts; never stored separately from the counts they come from. */
export interface BedFigures {
  open: number;
  vacant: number;
  /** Fraction (0.93 = 93%); null when no bed is open, where occupancy is undefined. */
  occupancyExcludingLeave: number | null;
  occupancyIncludingLeave: number | null;
}

/** RCPsych recommended maximum occupancy (domain.md), drawn as the reference line. */
export const RECOMMENDED_MAX_OCCUPANCY = 0.85;

export function openBeds(counts: Pick<BedCounts, 'commissioned' | 'closed'>): number {
  return Math.max(0, counts.commissioned - counts.closed);
}

export function vacantBeds(counts: Pick<BedCounts, 'commissioned' | 'closed' | 'occupied' | 'onLeave'>): number {
  return Math.max(0, openBeds(counts) - counts.occupied - counts.onLeave);
}

export function occupancyExcludingLeave(counts: Pick<BedCounts, 'commissioned' | 'closed' | 'occupied'>): number | null {
  const open = openBeds(counts);
  return open === 0 ? null : counts.occupied / open;
}

export function occupancyIncludingLeave(
  counts: Pick<BedCounts, 'commissioned' | 'closed' | 'occupied' | 'onLeave'>,
): number | null {
  const open = openBeds(counts);
  return open === 0 ? null : (counts.occupied + counts.onLeave) / open;
}

export function bedFigures(counts: BedCounts): BedFigures {
  return {
    open: openBeds(counts),
    vacant: vacantBeds(counts),
    occupancyExcludingLeave: occupancyExcludingLeave(counts),
    occupancyIncludingLeave: occupancyIncludingLeave(counts),
  };
}

/**
 * Totals over several wards. Counts are summed first and the ratios taken from the sums
 * (KH03 sums beds, it does not average ward percentages). Vacant beds are summed per ward,
 * so one ward's reused leave beds cannot hide another ward's empty bed.
 */
export interface BedTotals extends BedCounts, BedFigures {
  /** How many wards were summed: callers pass the wards reporting (freshness.ts), so this is their count. */
  wardsReporting: number;
}

export function sumBedCounts(wards: readonly BedCounts[]): BedTotals {
  const counts: BedCounts = {
    commissioned: 0,
    closed: 0,
    occupied: 0,
    onLeave: 0,
    pendingAdmissions: 0,
    clinicallyReadyForDischarge: 0,
  };
  let vacant = 0;
  for (const ward of wards) {
    counts.commissioned += ward.commissioned;
    counts.closed += ward.closed;
    counts.occupied += ward.occupied;
    counts.onLeave += ward.onLeave;
    counts.pendingAdmissions += ward.pendingAdmissions;
    counts.clinicallyReadyForDischarge += ward.clinicallyReadyForDischarge;
    vacant += vacantBeds(ward);
  }
  return { ...counts, ...bedFigures(counts), vacant, wardsReporting: wards.length };
}

/** Percentage text for a fraction, as shown on tiles: 0.934 → "93%"; null → "—". */
export function formatPercent(fraction: number | null): string {
  return fraction === null ? '—' : `${Math.round(fraction * 100)}%`;
}
