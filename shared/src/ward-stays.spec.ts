import { describe, expect, it } from 'vitest';
import { mergeWardStays, stayBoardFigures, type WardStaysRecord } from './ward-stays.js';

// Noon in London (GMT in December): today is 2026-12-07.
const now = Date.parse('2026-12-07T12:00:00Z');

const record = (wardId: string, overrides: Partial<WardStaysRecord> = {}): WardStaysRecord => ({
  wardId,
  readAt: '2026-12-07T11:00:00Z',
  inpatientsAdmittedAt: [],
  admittedAt: [],
  dischargedAt: [],
  ...overrides,
});

describe('stayBoardFigures (docs/measures.md, length of stay on boards)', () => {
  it('is null before any ward has sent stays, so the panel stays hidden', () => {
    expect(stayBoardFigures([], now)).toBeNull();
  });

  it("counts current nights on London's calendar, long stays at 60 and 90 nights, and today's flow across wards", () => {
    const figures = stayBoardFigures(
      [
        record('W1', {
          // Nights to 2026-12-07: from 2026-09-07 = 91; from 2026-10-08 = 60; from 2026-12-06 23:30 London = 1.
          inpatientsAdmittedAt: ['2026-09-07T09:00:00Z', '2026-10-08T10:00:00Z', '2026-12-06T23:30:00Z'],
          // Today's admissions: 08:00 today counts; 23:30 yesterday does not.
          admittedAt: ['2026-12-06T23:30:00Z', '2026-12-07T08:00:00Z'],
          dischargedAt: ['2026-12-07T09:00:00Z'],
        }),
        // Nights: from 2026-11-07 = 30; admitted today at 08:00 = 0.
        record('W2', {
          inpatientsAdmittedAt: ['2026-11-07T10:00:00Z', '2026-12-07T08:00:00Z'],
          admittedAt: ['2026-12-07T08:00:00Z'],
        }),
      ],
      now,
    );
    // Sorted nights 0, 1, 30, 60, 91: median 30; 60 and 91 are 60+; 91 is 90+.
    expect(figures).toEqual({
      wardsWithStays: 2,
      inpatients: 5,
      medianNights: 30,
      nights60Plus: 2,
      nights90Plus: 1,
      admissionsToday: 2,
      dischargesToday: 1,
    });
  });

  it('moves on with the clock: tomorrow the same reading has nobody admitted or discharged today, and a night more each', () => {
    const tomorrow = Date.parse('2026-12-08T12:00:00Z');
    const reading = record('W1', {
      inpatientsAdmittedAt: ['2026-10-09T10:00:00Z'],
      admittedAt: ['2026-12-07T08:00:00Z'],
      dischargedAt: ['2026-12-07T09:00:00Z'],
    });
    // 2026-10-09 → 2026-12-07 is 59 nights; → 2026-12-08 is 60.
    expect(stayBoardFigures([reading], now)).toMatchObject({ medianNights: 59, nights60Plus: 0 });
    expect(stayBoardFigures([reading], tomorrow)).toMatchObject({
      medianNights: 60,
      nights60Plus: 1,
      admissionsToday: 0,
      dischargesToday: 0,
    });
  });

  it('has no median when a ward with stays has nobody in', () => {
    expect(stayBoardFigures([record('W1', { dischargedAt: ['2026-12-07T09:00:00Z'] })], now)).toMatchObject({
      inpatients: 0,
      medianNights: null,
      dischargesToday: 1,
    });
  });
});

describe('mergeWardStays', () => {
  const first = record('W1', { inpatientsAdmittedAt: ['2026-12-01T10:00:00Z'] });
  it('takes a later reading that differs, and not an older or identical one', () => {
    const later = { ...first, readAt: '2026-12-07T11:05:00Z', inpatientsAdmittedAt: [] };
    expect(mergeWardStays(null, first)).toEqual(first);
    expect(mergeWardStays(first, later)).toEqual(later);
    expect(mergeWardStays(later, first)).toBeNull();
    expect(mergeWardStays(first, { ...first, readAt: '2026-12-07T11:05:00Z' })).toBeNull();
  });
});
