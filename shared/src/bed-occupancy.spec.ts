import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bedFigures,
  formatPercent,
  occupancyExcludingLeave,
  occupancyIncludingLeave,
  openBeds,
  RECOMMENDED_MAX_OCCUPANCY,
  sumBedCounts,
  vacantBeds,
  type BedCounts,
} from './bed-occupancy.js';

function ward(counts: Partial<BedCounts>): BedCounts {
  return {
    commissioned: 20,
    closed: 0,
    occupied: 0,
    onLeave: 0,
    pendingAdmissions: 0,
    clinicallyReadyForDischarge: 0,
    ...counts,
  };
}

/**
 * Counts a real ward can report (the 422 rules of bed-state.ts): closed ≤ commissioned and
 * patients present ≤ open beds. Patients on leave are not bounded by open beds, because a
 * held leave bed may be reused (domain.md, "Leave").
 */
const validCounts: fc.Arbitrary<BedCounts> = fc
  .record({ commissioned: fc.integer({ min: 0, max: 60 }), closedShare: fc.double({ min: 0, max: 1, noNaN: true }) })
  .chain(({ commissioned, closedShare }) => {
    const closed = Math.floor(commissioned * closedShare);
    const open = commissioned - closed;
    return fc.record({
      commissioned: fc.constant(commissioned),
      closed: fc.constant(closed),
      occupied: fc.integer({ min: 0, max: open }),
      onLeave: fc.integer({ min: 0, max: 15 }),
      pendingAdmissions: fc.integer({ min: 0, max: 10 }),
      clinicallyReadyForDischarge: fc.integer({ min: 0, max: 10 }),
    });
  });

describe('openBeds', () => {
  it('is commissioned minus closed: temporarily closed beds are not available (domain.md)', () => {
    expect(openBeds({ commissioned: 20, closed: 0 })).toBe(20);
    expect(openBeds({ commissioned: 20, closed: 3 })).toBe(17);
    expect(openBeds({ commissioned: 20, closed: 20 })).toBe(0);
  });

  it('is never negative, even for counts that break the rules', () => {
    expect(openBeds({ commissioned: 5, closed: 8 })).toBe(0);
  });
});

describe('vacantBeds', () => {
  it('is open − occupied − held leave beds (domain.md)', () => {
    // open 18 = 20 − 2; 12 present, 3 beds held for patients on leave → 3 vacant.
    expect(vacantBeds({ commissioned: 20, closed: 2, occupied: 12, onLeave: 3 })).toBe(3);
  });

  it('counts a bed held for a patient on leave as not vacant', () => {
    expect(vacantBeds({ commissioned: 10, closed: 0, occupied: 9, onLeave: 1 })).toBe(0);
    expect(vacantBeds({ commissioned: 10, closed: 0, occupied: 9, onLeave: 0 })).toBe(1);
  });

  it('is zero, not negative, when leave beds are reused', () => {
    // 10 open, 10 present and 2 on leave: two held beds were given to other patients.
    expect(vacantBeds({ commissioned: 10, closed: 0, occupied: 10, onLeave: 2 })).toBe(0);
  });

  it('is zero when every bed is closed', () => {
    expect(vacantBeds({ commissioned: 10, closed: 10, occupied: 0, onLeave: 1 })).toBe(0);
  });
});

describe('occupancy', () => {
  it('excluding leave = occupied ÷ open (domain.md)', () => {
    expect(occupancyExcludingLeave({ commissioned: 20, closed: 0, occupied: 15 })).toBe(15 / 20);
    // Closed beds leave the denominator: 15 of 16 open beds.
    expect(occupancyExcludingLeave({ commissioned: 20, closed: 4, occupied: 15 })).toBe(15 / 16);
  });

  it('including leave = (occupied + on leave) ÷ open (domain.md)', () => {
    expect(occupancyIncludingLeave({ commissioned: 20, closed: 0, occupied: 15, onLeave: 2 })).toBe(17 / 20);
    expect(occupancyIncludingLeave({ commissioned: 20, closed: 4, occupied: 15, onLeave: 1 })).toBe(16 / 16);
  });

  it('including leave passes 100% when leave beds are reused (domain.md)', () => {
    const reused = { commissioned: 20, closed: 0, occupied: 20, onLeave: 3 };
    expect(occupancyIncludingLeave(reused)).toBe(23 / 20);
    expect(occupancyIncludingLeave(reused)!).toBeGreaterThan(1);
    expect(occupancyExcludingLeave(reused)).toBe(1);
  });

  it('is undefined (null) when no bed is open, not zero or infinite', () => {
    const allClosed = { commissioned: 12, closed: 12, occupied: 0, onLeave: 2 };
    expect(occupancyExcludingLeave(allClosed)).toBeNull();
    expect(occupancyIncludingLeave(allClosed)).toBeNull();
    const noBeds = { commissioned: 0, closed: 0, occupied: 0, onLeave: 0 };
    expect(occupancyExcludingLeave(noBeds)).toBeNull();
    expect(occupancyIncludingLeave(noBeds)).toBeNull();
  });

  it('is zero on an open, empty ward', () => {
    expect(occupancyExcludingLeave({ commissioned: 12, closed: 0, occupied: 0 })).toBe(0);
    expect(occupancyIncludingLeave({ commissioned: 12, closed: 0, occupied: 0, onLeave: 0 })).toBe(0);
  });
});

describe('bedFigures', () => {
  it('derives every figure from the same counts', () => {
    expect(bedFigures(ward({ commissioned: 20, closed: 2, occupied: 16, onLeave: 1 }))).toEqual({
      open: 18,
      vacant: 1, // 18 − 16 − 1
      occupancyExcludingLeave: 16 / 18,
      occupancyIncludingLeave: 17 / 18,
    });
  });

  it('ignores pending admissions and clinically-ready-for-discharge, which are not beds', () => {
    const base = ward({ commissioned: 20, occupied: 10, onLeave: 1 });
    expect(bedFigures({ ...base, pendingAdmissions: 6, clinicallyReadyForDischarge: 4 })).toEqual(bedFigures(base));
  });

  it('has null occupancy and no vacancy when all beds are closed', () => {
    expect(bedFigures(ward({ commissioned: 10, closed: 10 }))).toEqual({
      open: 0,
      vacant: 0,
      occupancyExcludingLeave: null,
      occupancyIncludingLeave: null,
    });
  });

  it('holds the invariants of the definitions for any counts a real ward can report', () => {
    fc.assert(
      fc.property(validCounts, (counts) => {
        const figures = bedFigures(counts);
        const open = counts.commissioned - counts.closed;
        expect(figures.open).toBe(open);
        // Vacant beds are a subset of open beds not taken by anyone present or held for leave.
        expect(figures.vacant).toBeGreaterThanOrEqual(0);
        expect(figures.vacant).toBeLessThanOrEqual(open);
        expect(figures.vacant + counts.occupied).toBeLessThanOrEqual(open);
        // Every open bed is vacant, occupied or held (held beds may be reused, hence ≥).
        expect(figures.vacant + counts.occupied + counts.onLeave).toBeGreaterThanOrEqual(open);
        // Without reuse, the three partition the open beds exactly.
        if (counts.occupied + counts.onLeave <= open) {
          expect(figures.vacant + counts.occupied + counts.onLeave).toBe(open);
        }
        if (open === 0) {
          expect(figures.occupancyExcludingLeave).toBeNull();
          expect(figures.occupancyIncludingLeave).toBeNull();
        } else {
          const excluding = figures.occupancyExcludingLeave!;
          const including = figures.occupancyIncludingLeave!;
          // Patients present never exceed open beds, so occupancy excluding leave is at most 100%.
          expect(excluding).toBeGreaterThanOrEqual(0);
          expect(excluding).toBeLessThanOrEqual(1);
          expect(including).toBeGreaterThanOrEqual(excluding);
          expect(including * open).toBeCloseTo(counts.occupied + counts.onLeave, 9);
          // Including leave is above 100% exactly when held beds have been reused.
          expect(including > 1).toBe(counts.occupied + counts.onLeave > open);
        }
      }),
    );
  });
});

describe('sumBedCounts', () => {
  it('sums the counts and takes ratios from the sums, not the mean of ward percentages (KH03)', () => {
    const small = ward({ commissioned: 10, occupied: 5 }); // 50%
    const large = ward({ commissioned: 30, occupied: 30 }); // 100%
    const totals = sumBedCounts([small, large]);
    expect(totals.commissioned).toBe(40);
    expect(totals.occupied).toBe(35);
    expect(totals.open).toBe(40);
    expect(totals.occupancyExcludingLeave).toBe(35 / 40); // 87.5%, not (50% + 100%) ÷ 2 = 75%
    expect(totals.occupancyIncludingLeave).toBe(35 / 40);
  });

  it('sums every count field and counts the wards reporting', () => {
    const totals = sumBedCounts([
      ward({ commissioned: 20, closed: 2, occupied: 15, onLeave: 1, pendingAdmissions: 2, clinicallyReadyForDischarge: 3 }),
      ward({ commissioned: 12, closed: 1, occupied: 10, onLeave: 2, pendingAdmissions: 1, clinicallyReadyForDischarge: 1 }),
    ]);
    expect(totals).toMatchObject({
      commissioned: 32,
      closed: 3,
      occupied: 25,
      onLeave: 3,
      pendingAdmissions: 3,
      clinicallyReadyForDischarge: 4,
      open: 29,
      wardsReporting: 2,
    });
    expect(totals.occupancyIncludingLeave).toBe(28 / 29);
  });

  it("sums vacant beds per ward, so one ward's reused leave beds cannot hide another's empty bed", () => {
    const reusing = ward({ commissioned: 10, occupied: 10, onLeave: 2 }); // vacant 0 (2 held beds reused)
    const withEmptyBed = ward({ commissioned: 10, occupied: 9, onLeave: 0 }); // vacant 1
    const totals = sumBedCounts([reusing, withEmptyBed]);
    // Pooled, 20 − 19 − 2 would give max(0, −1) = 0 and lose the empty bed.
    expect(totals.vacant).toBe(1);
    expect(totals.open).toBe(20);
    expect(totals.occupancyIncludingLeave).toBe(21 / 20);
  });

  it('has no open beds, null occupancy and no wards reporting for no wards', () => {
    expect(sumBedCounts([])).toEqual({
      commissioned: 0,
      closed: 0,
      occupied: 0,
      onLeave: 0,
      pendingAdmissions: 0,
      clinicallyReadyForDischarge: 0,
      open: 0,
      vacant: 0,
      occupancyExcludingLeave: null,
      occupancyIncludingLeave: null,
      wardsReporting: 0,
    });
  });

  it('for any wards, totals agree with the per-ward definitions', () => {
    fc.assert(
      fc.property(fc.array(validCounts, { maxLength: 12 }), (wards) => {
        const totals = sumBedCounts(wards);
        const sum = (pick: (counts: BedCounts) => number) => wards.reduce((total, counts) => total + pick(counts), 0);
        expect(totals.wardsReporting).toBe(wards.length);
        expect(totals.open).toBe(sum(openBeds));
        expect(totals.vacant).toBe(sum(vacantBeds));
        expect(totals.vacant).toBeLessThanOrEqual(totals.open);
        // Summing per ward never finds fewer vacant beds than pooling the counts would.
        expect(totals.vacant).toBeGreaterThanOrEqual(vacantBeds(totals));
        const open = totals.open;
        if (open === 0) {
          expect(totals.occupancyExcludingLeave).toBeNull();
        } else {
          expect(totals.occupancyExcludingLeave).toBeCloseTo(sum((c) => c.occupied) / open, 12);
          expect(totals.occupancyIncludingLeave).toBeCloseTo(sum((c) => c.occupied + c.onLeave) / open, 12);
        }
      }),
    );
  });
});

describe('formatPercent', () => {
  it('shows a fraction as a whole percentage', () => {
    expect(formatPercent(0.934)).toBe('93%');
    expect(formatPercent(0.936)).toBe('94%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('shows occupancy above 100% as it is (leave beds reused)', () => {
    expect(formatPercent(1.2)).toBe('120%');
  });

  it('shows the RCPsych reference of 85% (domain.md)', () => {
    expect(RECOMMENDED_MAX_OCCUPANCY).toBe(0.85);
    expect(formatPercent(RECOMMENDED_MAX_OCCUPANCY)).toBe('85%');
  });

  it('shows a dash when occupancy is undefined', () => {
    expect(formatPercent(null)).toBe('—');
  });
});
