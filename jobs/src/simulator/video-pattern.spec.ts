import {
  addDays,
  londonMidnight,
  videoConsultationDaySchema,
  videoDayViolations,
  type VideoConsultationDay,
} from '@wardpulse/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoOrganisation } from '../demo/demo-organisations.js';
import { seededRandom } from '../demo/random.js';
import {
  SIMULATED_MECHANISMS,
  countsSoFar,
  dayTotals,
  daysBefore,
  elapsedShareOfDay,
  isWeekend,
  videoCountsAt,
  videoProfile,
  type SimulatedCounts,
} from './video-pattern.js';

const org = demoOrganisation();
const TRUSTS = org.trusts.map((trust) => ({
  ods: trust.ods,
  wards: org.wards.filter((ward) => ward.trustOds === trust.ods).length,
}));
const HOUR = 3_600_000;
/** London clock time on a date (no clock change on the dates used with it). */
const at = (date: string, hours: number) => londonMidnight(date) + hours * HOUR;
const total = (counts: SimulatedCounts) => SIMULATED_MECHANISMS.reduce((sum, code) => sum + counts[code], 0);

/** Dates across 2026, the clock changes (29 March, 25 October) included. */
const dateArbitrary = fc.integer({ min: 0, max: 364 }).map((day) => addDays('2026-01-01', day));
const trustArbitrary = fc.constantFrom(...TRUSTS);

describe('elapsedShareOfDay', () => {
  it('is 0 before the day, 1 after it, and never goes backwards in between (clock-change days included)', () => {
    fc.assert(
      fc.property(
        dateArbitrary,
        fc.double({ min: -0.1, max: 1.1, noNaN: true }),
        fc.double({ min: -0.1, max: 1.1, noNaN: true }),
        (date, a, b) => {
          const start = londonMidnight(date);
          const length = londonMidnight(addDays(date, 1)) - start;
          const [early, late] = [Math.min(a, b), Math.max(a, b)].map((share) => start + share * length) as [number, number];
          const shareEarly = elapsedShareOfDay(date, early);
          const shareLate = elapsedShareOfDay(date, late);
          expect(shareEarly).toBeGreaterThanOrEqual(0);
          expect(shareLate).toBeLessThanOrEqual(1);
          expect(shareLate).toBeGreaterThanOrEqual(shareEarly);
        },
      ),
    );
    expect(elapsedShareOfDay('2026-10-25', londonMidnight('2026-10-25'))).toBe(0);
    expect(elapsedShareOfDay('2026-10-25', londonMidnight('2026-10-26'))).toBe(1);
  });

  it('follows the working day on weekdays: little before 09:00, most by 18:00', () => {
    const wednesday = '2026-11-25';
    expect(isWeekend(wednesday)).toBe(false);
    expect(elapsedShareOfDay(wednesday, at(wednesday, 8))).toBeLessThan(0.1);
    expect(elapsedShareOfDay(wednesday, at(wednesday, 13))).toBeGreaterThan(0.35);
    expect(elapsedShareOfDay(wednesday, at(wednesday, 13))).toBeLessThan(0.6);
    expect(elapsedShareOfDay(wednesday, at(wednesday, 18))).toBeGreaterThan(0.85);
  });
});

describe('dayTotals and videoCountsAt', () => {
  it('never decrease within a day and never pass the day’s totals', () => {
    fc.assert(
      fc.property(
        trustArbitrary,
        dateArbitrary,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (trust, date, a, b) => {
          const profile = videoProfile(trust.ods, trust.wards);
          const start = londonMidnight(date);
          const length = londonMidnight(addDays(date, 1)) - start;
          const early = videoCountsAt(profile, date, start + Math.min(a, b) * length, `seed|${trust.ods}`);
          const late = videoCountsAt(profile, date, start + Math.max(a, b) * length, `seed|${trust.ods}`);
          const totals = dayTotals(profile, date, seededRandom(`seed|${trust.ods}|${date}`));
          for (const code of SIMULATED_MECHANISMS) {
            expect(late[code]).toBeGreaterThanOrEqual(early[code]);
            expect(totals[code]).toBeGreaterThanOrEqual(late[code]);
          }
        },
      ),
    );
  });

  it('report the same day the same way for the same seed (a restart does not lower the counts)', () => {
    const profile = videoProfile('RX4', 28);
    const noon = at('2026-11-25', 12);
    expect(videoCountsAt(profile, '2026-11-25', noon, 'a')).toEqual(videoCountsAt(profile, '2026-11-25', noon, 'a'));
    expect(videoCountsAt(profile, '2026-11-25', noon, 'a')).not.toEqual(videoCountsAt(profile, '2026-11-25', noon, 'b'));
  });

  it('give video 10–25% of a day’s contacts, with telephone and face to face, and a few other', () => {
    for (const trust of TRUSTS) {
      const profile = videoProfile(trust.ods, trust.wards);
      for (let day = 0; day < 28; day++) {
        const date = addDays('2026-11-02', day);
        const totals = dayTotals(profile, date, seededRandom(`${trust.ods}|${date}`));
        const all = total(totals);
        if (isWeekend(date)) continue;
        expect(totals['11'] / all, `${trust.ods} ${date}`).toBeGreaterThanOrEqual(0.099);
        expect(totals['11'] / all, `${trust.ods} ${date}`).toBeLessThanOrEqual(0.251);
        expect(totals['02'] / all).toBeGreaterThan(0.15);
        expect(totals['01'] / all).toBeGreaterThan(0.4);
        expect(totals['98']).toBeGreaterThan(0);
        expect(totals['98'] / all).toBeLessThan(0.03);
      }
    }
  });

  it('see little at weekends: a weekend day has under 15% of a weekday’s contacts', () => {
    for (const trust of TRUSTS) {
      const profile = videoProfile(trust.ods, trust.wards);
      const weekday = total(dayTotals(profile, '2026-11-27', seededRandom(`${trust.ods}|friday`)));
      const saturday = total(dayTotals(profile, '2026-11-28', seededRandom(`${trust.ods}|saturday`)));
      expect(saturday).toBeGreaterThan(0);
      expect(saturday / weekday, trust.ods).toBeLessThan(0.15);
    }
  });

  it('scale with the trust: roughly 1,000–5,000 contacts a weekday', () => {
    for (const trust of TRUSTS) {
      const contacts = videoProfile(trust.ods, trust.wards).weekdayContacts;
      expect(contacts).toBeGreaterThanOrEqual(900);
      expect(contacts).toBeLessThanOrEqual(5_000);
    }
  });

  it('only produce days the ingest accepts, for today and earlier days', () => {
    fc.assert(
      fc.property(
        trustArbitrary,
        dateArbitrary,
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (trust, today, back, share) => {
          const now = londonMidnight(today) + share * (londonMidnight(addDays(today, 1)) - londonMidnight(today) - 1);
          const date = addDays(today, -back);
          const day: VideoConsultationDay = {
            eventId: 'sim-1',
            trustOds: trust.ods,
            date,
            observedAt: new Date(now).toISOString(),
            counts: videoCountsAt(videoProfile(trust.ods, trust.wards), date, now, 'seed'),
          };
          expect(videoConsultationDaySchema.safeParse(day).success).toBe(true);
          expect(videoDayViolations(day, now)).toEqual([]);
        },
      ),
    );
  });
});

describe('countsSoFar', () => {
  it('is nothing at the start of the day and everything at its end', () => {
    const totals = { '01': 900, '02': 300, '11': 150, '98': 9 };
    expect(countsSoFar(totals, 0)).toEqual({ '01': 0, '02': 0, '11': 0, '98': 0 });
    expect(countsSoFar(totals, 1)).toEqual(totals);
  });
});

describe('daysBefore', () => {
  it('lists the days from the first up to, not including, today', () => {
    expect(daysBefore('2026-11-23', '2026-11-26')).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
    expect(daysBefore('2026-11-26', '2026-11-26')).toEqual([]);
  });
});
