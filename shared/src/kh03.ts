/**
 * KH03 sectors. NHS England's quarterly bed return counts beds by sector — General & Acute, Mental
 * Illness, Learning Disabilities, Maternity — and occupancy is only published per sector (domain.md;
 * KH03 data definitions, 2010). A mental health trust's wards fall in two of them: learning
 * disability & autism wards in Learning Disabilities, every other ward type in Mental Illness. Figures
 * that claim KH03 comparability (the trends' bed measures split by sector) keep the two apart.
 */
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
