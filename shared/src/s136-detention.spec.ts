import { describe, expect, it } from 'vitest';
import { describeDetention, detentionClock, formatDetentionDuration, londonClockLabel } from './s136-detention.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('detentionClock: 24 hours from arrival (MHA 1983 s136(2A))', () => {
  // Arrival 10:00 BST on Mon 1 June 2026 (09:00 UTC): the period ends 10:00 BST on Tue 2 June.
  const arrival = at('2026-06-01T10:00:00+01:00');

  it('counts time left within the period', () => {
    const clock = detentionClock({ startedAt: arrival, extensionHours: 0 }, at('2026-06-01T20:30:00+01:00'));
    expect(clock.endsAt).toBe(at('2026-06-02T09:00:00Z'));
    expect(clock.elapsedMs).toBe(10 * HOUR + 30 * MINUTE);
    expect(clock.remainingMs).toBe(13 * HOUR + 30 * MINUTE);
    expect(clock.stage).toBe('within');
    expect(clock.extensionStillPossible).toBe(true);
  });

  it('is due soon in the last two hours', () => {
    const clock = detentionClock({ startedAt: arrival, extensionHours: 0 }, at('2026-06-02T08:30:00+01:00'));
    expect(clock.remainingMs).toBe(90 * MINUTE);
    expect(clock.stage).toBe('due-soon');
    // Two hours exactly is due soon; two hours and a minute is not.
    expect(detentionClock({ startedAt: arrival, extensionHours: 0 }, at('2026-06-02T08:00:00+01:00')).stage).toBe('due-soon');
    expect(detentionClock({ startedAt: arrival, extensionHours: 0 }, at('2026-06-02T07:59:00+01:00')).stage).toBe('within');
  });

  it('is breached the moment the 24 hours end, and counts the overrun', () => {
    const atLimit = detentionClock({ startedAt: arrival, extensionHours: 0 }, at('2026-06-02T10:00:00+01:00'));
    expect(atLimit.remainingMs).toBe(0);
    expect(atLimit.stage).toBe('breached');
    expect(atLimit.extensionStillPossible).toBe(false);
    const later = detentionClock({ startedAt: arrival, extensionHours: 0 }, at('2026-06-02T11:10:00+01:00'));
    expect(later.remainingMs).toBe(-70 * MINUTE);
    expect(describeDetention(later)).toBe('Over the limit by 1 h 10 min');
  });

  it('adds an s136B extension of up to 12 hours after the 24', () => {
    const extended = detentionClock({ startedAt: arrival, extensionHours: 12 }, at('2026-06-02T10:00:00+01:00'));
    expect(extended.firstPeriodEndsAt).toBe(at('2026-06-02T09:00:00Z'));
    expect(extended.endsAt).toBe(at('2026-06-02T21:00:00Z')); // 22:00 BST: 36 hours after arrival
    expect(extended.remainingMs).toBe(12 * HOUR);
    expect(extended.stage).toBe('within');
    expect(extended.extensionStillPossible).toBe(false);
    // The Act allows no more than 12: a larger figure is held to 12.
    expect(detentionClock({ startedAt: arrival, extensionHours: 20 }, arrival).endsAt).toBe(arrival + 36 * HOUR);
    const fourHours = detentionClock({ startedAt: arrival, extensionHours: 4 }, at('2026-06-02T13:30:00+01:00'));
    expect(fourHours.endsAt).toBe(at('2026-06-02T14:00:00+01:00'));
    expect(fourHours.stage).toBe('due-soon');
  });
});

describe('detentionClock across clock changes', () => {
  it('spring: arrival 12:00 GMT Sat 28 March 2026 ends 13:00 BST Sun 29 March', () => {
    // Clocks go forward at 01:00 GMT on 29 March 2026: 24 elapsed hours are 25 on the wall clock.
    const startedAt = at('2026-03-28T12:00:00Z');
    const clock = detentionClock({ startedAt, extensionHours: 0 }, at('2026-03-29T12:59:00+01:00'));
    expect(clock.endsAt).toBe(at('2026-03-29T13:00:00+01:00'));
    expect(londonClockLabel(clock.endsAt)).toBe('13:00 BST Sun 29 Mar');
    // At 12:59 BST it is 23 h 59 min since arrival: one minute left, not an hour gone.
    expect(clock.elapsedMs).toBe(23 * HOUR + 59 * MINUTE);
    expect(clock.remainingMs).toBe(MINUTE);
    expect(clock.stage).toBe('due-soon');
    expect(describeDetention(clock)).toBe('1 min left (limit 13:00 BST Sun 29 Mar)');
  });

  it('autumn: arrival 18:30 BST Sat 24 October 2026 ends 17:30 GMT Sun 25 October', () => {
    // Clocks go back at 02:00 BST on 25 October 2026: 24 elapsed hours are 23 on the wall clock.
    const startedAt = at('2026-10-24T18:30:00+01:00');
    const clock = detentionClock({ startedAt, extensionHours: 0 }, at('2026-10-25T17:00:00Z'));
    expect(clock.endsAt).toBe(at('2026-10-25T17:30:00Z'));
    expect(londonClockLabel(clock.endsAt)).toBe('17:30 GMT Sun 25 Oct');
    expect(clock.remainingMs).toBe(30 * MINUTE);
    const extended = detentionClock({ startedAt, extensionHours: 12 }, startedAt);
    expect(londonClockLabel(extended.endsAt)).toBe('05:30 GMT Mon 26 Oct');
  });

  it('autumn: the two 01:30s of 25 October 2026 end an hour apart', () => {
    const firstOneThirty = detentionClock({ startedAt: at('2026-10-25T01:30:00+01:00'), extensionHours: 0 }, 0);
    const secondOneThirty = detentionClock({ startedAt: at('2026-10-25T01:30:00+00:00'), extensionHours: 0 }, 0);
    expect(londonClockLabel(firstOneThirty.endsAt)).toBe('00:30 GMT Mon 26 Oct');
    expect(londonClockLabel(secondOneThirty.endsAt)).toBe('01:30 GMT Mon 26 Oct');
  });
});

describe('formatDetentionDuration', () => {
  it('rounds down to the minute and pads minutes after hours', () => {
    expect(formatDetentionDuration(0)).toBe('0 min');
    expect(formatDetentionDuration(59_999)).toBe('0 min');
    expect(formatDetentionDuration(45 * MINUTE)).toBe('45 min');
    expect(formatDetentionDuration(23 * HOUR + 5 * MINUTE + 30_000)).toBe('23 h 05 min');
    expect(formatDetentionDuration(-(2 * HOUR))).toBe('2 h 00 min');
  });
});
