/**
 * KH03 sectors (domain.md: KH03 counts Mental Illness and Learning Disabilities as separate sectors).
 */
import { describe, expect, it } from 'vitest';
import { bedFigures } from './bed-occupancy.js';
import { DEFAULT_FRESHNESS_LIMITS } from './freshness.js';
import { kh03Sector, kh03SectorTotals } from './kh03.js';
import type { WardBedState, WardLive } from './live.js';
import { WARD_TYPES, type Ward } from './org.js';

const NOW = Date.parse('2026-11-25T10:10:00Z');

function live(
  id: string,
  type: Ward['type'],
  counts: { open: number; occupied: number; onLeave?: number } | null,
  observedAt = '2026-11-25T10:00:00Z',
): WardLive {
  const ward: Ward = {
    id,
    trustOds: 'RX3',
    siteId: 'RX3-S1',
    name: id,
    type,
    sex: 'mixed',
    commissionedBeds: counts?.open ?? 10,
  };
  const state: WardBedState | null = counts && {
    commissioned: counts.open,
    closed: 0,
    closedReason: null,
    source: { kind: 'feed', name: null },
    override: false,
    occupied: counts.occupied,
    onLeave: counts.onLeave ?? 0,
    pendingAdmissions: 0,
    clinicallyReadyForDischarge: 0,
    observedAt,
    eventId: `e-${id}`,
  };
  return { ward, state, figures: state ? bedFigures(state) : null };
}

describe('KH03 sectors', () => {
  it('puts learning disability & autism wards in Learning Disabilities and every other type in Mental Illness', () => {
    for (const type of WARD_TYPES)
      expect(kh03Sector(type)).toBe(type === 'learning-disability-autism' ? 'learning-disabilities' : 'mental-illness');
  });

  it("splits a scope's live totals by sector, counting only wards reporting", () => {
    const wards = [
      live('A', 'adult-acute', { open: 20, occupied: 19, onLeave: 1 }),
      live('P', 'picu', { open: 10, occupied: 10 }),
      live('L1', 'learning-disability-autism', { open: 8, occupied: 6 }),
      // Not reporting: last seen two days ago.
      live('L2', 'learning-disability-autism', { open: 8, occupied: 8 }, '2026-11-23T10:00:00Z'),
    ];
    const [mentalIllness, learningDisabilities] = kh03SectorTotals(wards, NOW, DEFAULT_FRESHNESS_LIMITS);
    expect(mentalIllness).toMatchObject({ sector: 'mental-illness', wards: 2, totals: { open: 30, occupied: 29, vacant: 0 } });
    expect(mentalIllness!.totals.occupancyIncludingLeave).toBeCloseTo(30 / 30, 12);
    expect(learningDisabilities).toMatchObject({
      sector: 'learning-disabilities',
      wards: 2,
      totals: { open: 8, occupied: 6, vacant: 2, wardsReporting: 1 },
    });
    expect(learningDisabilities!.totals.occupancyExcludingLeave).toBeCloseTo(6 / 8, 12);
  });

  it('names only the sectors a scope has wards in', () => {
    expect(
      kh03SectorTotals([live('A', 'adult-acute', null)], NOW, DEFAULT_FRESHNESS_LIMITS).map((entry) => entry.sector),
    ).toEqual(['mental-illness']);
  });
});
