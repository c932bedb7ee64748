import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDateSchema,
  daysBetween,
  londonDateOf,
  londonDayNumber,
  londonMidnight,
  londonPeriod,
} from './calendar.js';

const HOUR = 3_600_000;

// London clocks in 2026 (domain.md, "Time": London calendar periods, summer time included):
// forward at 01:00 GMT on Sunday 29 March, back at 01:00 GMT (02:00 BST) on Sunday 25 October.

describe('londonDateOf', () => {
  it('is the UTC date in winter (GMT = UTC)', () => {
    expect(londonDateOf(Date.parse('2026-01-15T23:59:59Z'))).toBe('2026-01-15');
    expect(londonDateOf(Date.parse('2026-11-18T00:00:00Z'))).toBe('2026-11-18');
  });

  it('is the next day for the last hour of a UTC day in summer time (BST = UTC+1)', () => {
    // 23:30 UTC on 30 June is 00:30 BST on 1 July.
    expect(londonDateOf(Date.parse('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDateOf(Date.parse('2026-06-30T22:59:59Z'))).toBe('2026-06-30');
  });

  it('follows the clock changes on the days they happen', () => {
    // 00:30 UTC on 29 March is still GMT: 00:30 on the 29th.
    expect(londonDateOf(Date.parse('2026-03-29T00:30:00Z'))).toBe('2026-03-29');
    // 23:30 UTC on 29 March is BST: 00:30 on the 30th.
    expect(londonDateOf(Date.parse('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
    // 23:30 UTC on 24 October is still BST: 00:30 on the 25th.
    expect(londonDateOf(Date.parse('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    // 23:30 UTC on 25 October is GMT again: 23:30 on the 25th.
    expect(londonDateOf(Date.parse('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
  });

  it('accepts the instant of a date-time written with an offset', () => {
    expect(londonDateOf(Date.parse('2026-07-01T00:15:00+01:00'))).toBe('2026-07-01');
  });
});

describe('londonMidnight', () => {
  it('is 00:00 UTC in winter and 23:00 UTC the day before in summer', () => {
    expect(londonMidnight('2026-01-15')).toBe(Date.parse('2026-01-15T00:00:00Z'));
    expect(londonMidnight('2026-07-01')).toBe(Date.parse('2026-06-30T23:00:00Z'));
  });

  it('makes the spring clock-change day 23 hours long and the autumn one 25 hours', () => {
    expect(londonMidnight('2026-03-30') - londonMidnight('2026-03-29')).toBe(23 * HOUR);
    expect(londonMidnight('2026-10-26') - londonMidnight('2026-10-25')).toBe(25 * HOUR);
    expect(londonMidnight('2026-11-19') - londonMidnight('2026-11-18')).toBe(24 * HOUR);
  });

  it('is the first instant of its own date', () => {
    for (const date of ['2026-03-29', '2026-03-30', '2026-10-25', '2026-10-26', '2026-12-31']) {
      expect(londonDateOf(londonMidnight(date))).toBe(date);
      expect(londonDateOf(londonMidnight(date) - 1)).toBe(addDays(date, -1));
    }
  });
});

describe('addDays and daysBetween', () => {
  it('count calendar days across month ends, year ends and leap days', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29'); // 2028 is a leap year
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-01', -1)).toBe('2026-11-30');
    expect(addDays('2026-11-18', 0)).toBe('2026-11-18');
  });

  it('are not disturbed by the clock changes: a 23-hour day is still one day', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });

  it('daysBetween is negative when the second date is earlier', () => {
    expect(daysBetween('2026-12-01', '2026-11-18')).toBe(-13);
  });

  it('are inverse to each other for any date and offset', () => {
    const date = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -1000, max: 1000 }), (from, days) => {
        expect(daysBetween(from, addDays(from, days))).toBe(days);
      }),
    );
  });
});

describe('londonPeriod', () => {
  it('gives a Monday-start week, even when the week straddles two months', () => {
    // Wednesday 2 December 2026: its week runs Monday 30 November to Sunday 6 December.
    const week = londonPeriod('week', Date.parse('2026-12-02T12:00:00Z'));
    expect(week).toEqual({
      kind: 'week',
      startDate: '2026-11-30',
      endDate: '2026-12-07',
      start: Date.parse('2026-11-30T00:00:00Z'),
      end: Date.parse('2026-12-07T00:00:00Z'),
    });
  });

  it('keeps Sunday in the week that began the Monday before', () => {
    // Sunday 6 December 23:30 GMT is the week's last half hour.
    expect(londonPeriod('week', Date.parse('2026-12-06T23:30:00Z')).startDate).toBe('2026-11-30');
    expect(londonPeriod('week', Date.parse('2026-12-07T00:00:00Z')).startDate).toBe('2026-12-07');
  });

  it('starts a summer week at 23:00 UTC on the Sunday (London midnight)', () => {
    // 23:30 UTC on Sunday 28 June 2026 is 00:30 BST on Monday 29 June.
    const week = londonPeriod('week', Date.parse('2026-06-28T23:30:00Z'));
    expect(week.startDate).toBe('2026-06-29');
    expect(week.start).toBe(Date.parse('2026-06-28T23:00:00Z'));
  });

  it('gives the London day, 23 hours long on 29 March', () => {
    const day = londonPeriod('day', Date.parse('2026-03-29T12:00:00Z'));
    expect(day.startDate).toBe('2026-03-29');
    expect(day.endDate).toBe('2026-03-30');
    expect(day.end - day.start).toBe(23 * HOUR);
  });

  it('gives the month, running from a BST midnight to a GMT one in October', () => {
    const october = londonPeriod('month', Date.parse('2026-10-15T12:00:00Z'));
    expect(october.startDate).toBe('2026-10-01');
    expect(october.endDate).toBe('2026-11-01');
    expect(october.start).toBe(Date.parse('2026-09-30T23:00:00Z')); // 00:00 BST
    expect(october.end).toBe(Date.parse('2026-11-01T00:00:00Z')); // 00:00 GMT
    expect(october.end - october.start).toBe((31 * 24 + 1) * HOUR); // 31 days and the hour gained on the 25th
  });

  it('ends December at the next new year', () => {
    const december = londonPeriod('month', Date.parse('2026-12-31T23:59:59Z'));
    expect(december.startDate).toBe('2026-12-01');
    expect(december.endDate).toBe('2027-01-01');
  });

  it('puts the first London half-hour of a month in that month, not the UTC one before it', () => {
    // 23:30 UTC on 31 July is 00:30 BST on 1 August.
    expect(londonPeriod('month', Date.parse('2026-07-31T23:30:00Z')).startDate).toBe('2026-08-01');
  });

  it('always contains the instant, starts at London midnight on its start date, and weeks start on Monday', () => {
    const instant = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2035-12-31T00:00:00Z') });
    fc.assert(
      fc.property(instant, fc.constantFrom('day' as const, 'week' as const, 'month' as const), (now, kind) => {
        const period = londonPeriod(kind, now);
        expect(period.start).toBeLessThanOrEqual(now);
        expect(now).toBeLessThan(period.end);
        expect(period.start).toBe(londonMidnight(period.startDate));
        expect(period.end).toBe(londonMidnight(period.endDate));
        expect(londonDateOf(period.start)).toBe(period.startDate);
        const length = daysBetween(period.startDate, period.endDate);
        if (kind === 'day') expect(length).toBe(1);
        if (kind === 'week') {
          expect(length).toBe(7);
          expect(new Date(`${period.startDate}T00:00:00Z`).getUTCDay()).toBe(1); // Monday
        }
        if (kind === 'month') {
          expect(period.startDate.endsWith('-01')).toBe(true);
          expect(length).toBeGreaterThanOrEqual(28);
          expect(length).toBeLessThanOrEqual(31);
        }
      }),
    );
  });
});

describe('calendarDateSchema', () => {
  it('accepts real dates, leap days included', () => {
    expect(calendarDateSchema.safeParse('2026-11-18').success).toBe(true);
    expect(calendarDateSchema.safeParse('2028-02-29').success).toBe(true);
  });

  it('rejects dates that do not exist', () => {
    const result = calendarDateSchema.safeParse('2026-02-29');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('is not a real calendar date');
    expect(calendarDateSchema.safeParse('2026-13-01').success).toBe(false);
    expect(calendarDateSchema.safeParse('2026-04-31').success).toBe(false);
  });

  it('rejects other date formats', () => {
    for (const text of ['2026-1-5', '18/11/2026', '2026-11-18T00:00:00Z', '']) {
      const result = calendarDateSchema.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('must be a date as YYYY-MM-DD');
    }
  });
});

describe('londonDayNumber', () => {
  const dayOf = (date: string) => daysBetween('1970-01-01', date);

  it('is the London date as days since 1970-01-01, winter and summer', () => {
    // 1 January 1970 is day 0; 23:59 UTC on 15 January 2026 is still the 15th (GMT).
    expect(londonDayNumber(Date.parse('1970-01-01T12:00:00Z'))).toBe(0);
    expect(londonDayNumber(Date.parse('2026-01-15T23:59:59Z'))).toBe(dayOf('2026-01-15'));
    // 23:30 UTC on 30 June is 00:30 BST on 1 July; 22:59 UTC is still 30 June.
    expect(londonDayNumber(Date.parse('2026-06-30T23:30:00Z'))).toBe(dayOf('2026-07-01'));
    expect(londonDayNumber(Date.parse('2026-06-30T22:59:59Z'))).toBe(dayOf('2026-06-30'));
  });

  it('agrees with londonDateOf every half hour across both clock changes of 2026', () => {
    // Clocks go forward at 01:00 UTC on 29 March and back at 01:00 UTC on 25 October.
    for (const from of ['2026-03-27T00:00:00Z', '2026-10-23T00:00:00Z']) {
      for (let instant = Date.parse(from); instant < Date.parse(from) + 4 * 86_400_000; instant += 1_800_000)
        expect(londonDayNumber(instant)).toBe(dayOf(londonDateOf(instant)));
    }
  });
});
