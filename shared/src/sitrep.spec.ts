import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SITREP_TIMES,
  isSitrepLate,
  londonTimeOn,
  previousSitrepSlot,
  SITREP_FIELDS,
  sitrepScheduleSchema,
  sitrepSlotKey,
  sitrepSlotsDue,
  sitrepViolations,
  type SitrepFigures,
} from './sitrep.js';

// A plausible 14:00 return for a mid-sized trust's acute pathway, every rule satisfied:
// 120 core beds, 3 empty, 2 + 1 + 0 + 0 = 3 closed (3 + 3 = 6 ≤ 120); 4 suites, 1 empty.
const valid: SitrepFigures = {
  coreBeds: 120,
  emptyBeds: 3,
  closedInfectionControl: 2,
  closedStaffing: 1,
  closedEstates: 0,
  closedOther: 0,
  fitForDischarge: 9,
  completedDischarges: 4,
  referralsEmergencyDepartment: 3,
  referralsCommunityOrHome: 2,
  referralsSection136Suite: 1,
  referralsPoliceCustody: 0,
  referralsAcuteWard: 1,
  referralsOther: 0,
  section136CoreSuites: 4,
  section136EmptySuites: 1,
  section136Breaches: 0,
  ownPatientsPlacedOutside: 6,
  patientsFromOutside: 2,
  opelLevel: 3,
};

describe('sitrepViolations: the regional form rules', () => {
  it('accepts a complete return', () => {
    expect(sitrepViolations(valid)).toEqual([]);
  });

  it('accepts not-applicable as 0 everywhere except the OPEL level', () => {
    const zeros = Object.fromEntries(SITREP_FIELDS.map((field) => [field, 0])) as SitrepFigures;
    expect(sitrepViolations({ ...zeros, opelLevel: 1 })).toEqual([]);
  });

  it('refuses blanks, negatives and fractions, naming each field and saying why', () => {
    const violations = sitrepViolations({ ...valid, emptyBeds: null, closedStaffing: -1, fitForDischarge: 2.5 });
    expect(violations).toEqual([
      { path: 'emptyBeds', message: 'is blank: enter 0 where it does not apply' },
      { path: 'closedStaffing', message: 'must not be negative (got -1)' },
      { path: 'fitForDischarge', message: 'must be a whole number (got 2.5)' },
    ]);
  });

  it('refuses more empty and closed beds than the core bed base', () => {
    // 10 core beds: 8 empty + (1 + 1 + 0 + 1 = 3) closed = 11 > 10.
    const violations = sitrepViolations({
      ...valid,
      coreBeds: 10,
      emptyBeds: 8,
      closedInfectionControl: 1,
      closedStaffing: 1,
      closedEstates: 0,
      closedOther: 1,
    });
    expect(violations).toEqual([
      { path: 'emptyBeds', message: 'empty beds (8) and closed beds (3) exceed the core bed base (10)' },
    ]);
    // 7 empty + 3 closed = 10: every bed accounted for, accepted.
    expect(
      sitrepViolations({
        ...valid,
        coreBeds: 10,
        emptyBeds: 7,
        closedInfectionControl: 1,
        closedStaffing: 1,
        closedEstates: 0,
        closedOther: 1,
      }),
    ).toEqual([]);
  });

  it('refuses more empty suites than suites, and an OPEL level outside 1–4', () => {
    expect(sitrepViolations({ ...valid, section136CoreSuites: 2, section136EmptySuites: 3, opelLevel: 0 })).toEqual([
      { path: 'section136EmptySuites', message: 'empty suites (3) exceed the Section 136 core base (2)' },
      { path: 'opelLevel', message: 'must be an OPEL level from 1 to 4 (got 0)' },
    ]);
  });
});

// London clocks in 2026: forward at 01:00 GMT on Sunday 29 March, back at 01:00 GMT on Sunday 25 October.
describe('when returns fall due', () => {
  it('puts a London clock time on the right instant either side of both clock changes', () => {
    // 10:00 GMT on Saturday 28 March is 10:00 UTC; 10:00 BST on Sunday 29 March is 09:00 UTC.
    expect(londonTimeOn('2026-03-28', '10:00')).toBe(Date.parse('2026-03-28T10:00:00Z'));
    expect(londonTimeOn('2026-03-29', '10:00')).toBe(Date.parse('2026-03-29T09:00:00Z'));
    // 18:00 BST on Saturday 24 October is 17:00 UTC; 18:00 GMT on Sunday 25 October is 18:00 UTC.
    expect(londonTimeOn('2026-10-24', '18:00')).toBe(Date.parse('2026-10-24T17:00:00Z'));
    expect(londonTimeOn('2026-10-25', '18:00')).toBe(Date.parse('2026-10-25T18:00:00Z'));
  });

  it('lists the returns due in a window across the spring clock change, oldest first', () => {
    // After 18:00 GMT on 28 March (that 18:00 return is excluded: the window is open at its start)
    // up to 14:00 BST (13:00 UTC) on 29 March: the adult and CAMHS 10:00 returns (09:00 UTC) and
    // the adult 14:00. The 28th's CAMHS 17:00 (17:00 UTC) is before the window.
    const slots = sitrepSlotsDue(
      { adult: [...DEFAULT_SITREP_TIMES.adult], camhs: [...DEFAULT_SITREP_TIMES.camhs] },
      Date.parse('2026-03-28T18:00:00Z'),
      Date.parse('2026-03-29T13:00:00Z'),
    );
    expect(slots.map((slot) => [sitrepSlotKey(slot), new Date(slot.dueAt).toISOString()])).toEqual([
      ['adult/2026-03-29T10:00', '2026-03-29T09:00:00.000Z'],
      ['camhs/2026-03-29T10:00', '2026-03-29T09:00:00.000Z'],
      ['adult/2026-03-29T14:00', '2026-03-29T13:00:00.000Z'],
    ]);
  });

  it('lists a whole autumn clock-change day: 10:00 BST is 09:00 UTC only the day before', () => {
    const slots = sitrepSlotsDue(
      { adult: ['10:00'], camhs: [] },
      Date.parse('2026-10-24T00:00:00Z'),
      Date.parse('2026-10-26T00:00:00Z'),
    );
    expect(slots.map((slot) => new Date(slot.dueAt).toISOString())).toEqual([
      '2026-10-24T09:00:00.000Z',
      '2026-10-25T10:00:00.000Z',
    ]);
  });

  it("finds the previous return of the same kind, the start of a return's counting window", () => {
    const schedule = { adult: [...DEFAULT_SITREP_TIMES.adult], camhs: [...DEFAULT_SITREP_TIMES.camhs] };
    // Adult 10:00 BST on 29 March (09:00 UTC): the previous adult return is 18:00 GMT on the 28th
    // (18:00 UTC), not the CAMHS 17:00 nor the CAMHS 10:00 due at the same instant.
    expect(sitrepSlotKey(previousSitrepSlot(schedule, 'adult', Date.parse('2026-03-29T09:00:00Z'))!)).toBe(
      'adult/2026-03-28T18:00',
    );
    // Adult 14:00 BST (13:00 UTC): the 10:00 that morning.
    expect(previousSitrepSlot(schedule, 'adult', Date.parse('2026-03-29T13:00:00Z'))?.dueAt).toBe(
      Date.parse('2026-03-29T09:00:00Z'),
    );
    // A schedule with no adult time has none.
    expect(previousSitrepSlot({ adult: [], camhs: ['10:00'] }, 'adult', Date.parse('2026-03-29T13:00:00Z'))).toBeNull();
  });

  it('is late only when unsigned 30 minutes after it fell due', () => {
    const slot = { dueAt: Date.parse('2026-03-29T13:00:00Z') };
    expect(isSitrepLate(slot, null, Date.parse('2026-03-29T13:29:59.999Z'))).toBe(false);
    expect(isSitrepLate(slot, null, Date.parse('2026-03-29T13:30:00Z'))).toBe(true);
    expect(isSitrepLate(slot, Date.parse('2026-03-29T13:40:00Z'), Date.parse('2026-03-29T14:00:00Z'))).toBe(false);
  });

  it('accepts the default schedule and names a malformed time', () => {
    expect(sitrepScheduleSchema.safeParse({ adult: ['10:00', '14:00', '18:00'], camhs: ['10:00', '17:00'] }).success).toBe(true);
    const bad = sitrepScheduleSchema.safeParse({ adult: ['25:00'], camhs: [] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['adult', 0], message: 'must be a 24-hour time as HH:MM' });
  });
});
