/**
 * KH03 sectors. NHS England's quarterly bed return counts beds by sector — General & Acute, Mental
 * Illness, Learning Disabilities, Maternity — and occupancy is only published per sector (domain.md;
 * KH03 data definitions, 2010). A mental health trust's wards fall in two of them: learning
 * disability & autism wards in Learning Disabilities, every other ward type in Mental Illness. Figures
 * that claim KH03 comparability (the trends' bed measures split by sector) keep the two apart, and
 * boards whose scope has learning disability & autism wards show their totals by sector beside the
 * whole.
 */
import type { BedTotals } from './bed-occupancy.js';
import type { FreshnessLimits } from './freshness.js';
import { liveTotals, type WardLive } from './live.js';
import type { WardType } from './org.js';

export const KH03_SECTORS = ['mental-illness', 'learning-disabilities'] as const;
export type Kh03Sector = (typeof KH03_SECTORS)[number];

export const KH03_SECTOR_LABELS: Record<Kh03Sector, string> = {
  'mental-illness': 'Mental illness',
  'learning-disabilities': 'Learning disabilities',
};

/** The KH03 sector a ward's beds are returned in. */
export function kh03Sector(type: WardType): Kh03Sector {
  return type === 'learning-disability-autism' ? 'learning-disabilities' : 'mental-illness';
}

export interface Kh03SectorTotals {
  sector: Kh03Sector;
  /** Wards of the sector in the scope, reporting or not. */
  wards: number;
  /** Over the sector's wards reporting now, as the board's totals are. */
  totals: BedTotals;
}

/**
 * A scope's live bed totals by KH03 sector, for the sectors it has wards in (in KH03_SECTORS order).
 * Only wards reporting at `now` count, as in the totals they split.
 */
export function kh03SectorTotals(wards: readonly WardLive[], now: number, limits: FreshnessLimits): Kh03SectorTotals[] {
  return KH03_SECTORS.flatMap((sector) => {
    const inSector = wards.filter((ward) => kh03Sector(ward.ward.type) === sector);
    return inSector.length === 0 ? [] : [{ sector, wards: inSector.length, totals: liveTotals(inSector, now, limits) }];
  });
}
