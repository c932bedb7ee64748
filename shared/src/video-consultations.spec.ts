import { describe, expect, it } from 'vitest';
import {
  addVideoDayForm,
  CONSULTATION_MECHANISM_CODES,
  contactTotals,
  countedVideoDays,
  earliestLiveVideoDate,
  isNewerVideoDay,
  VIDEO_CONSULTATION,
  videoConsultationDaySchema,
  videoDayFormViolations,
  videoDayKey,
  videoDayViolations,
  type VideoDayForms,
  videoFigures,
  type VideoConsultationDay,
} from './video-consultations.js';

// Wednesday 2 December 2026, 12:00 GMT. Its Monday-start week (30 Nov – 6 Dec) straddles
// November and December; its month began on Tuesday 1 December.
const NOW = Date.parse('2026-12-02T12:00:00Z');

function day(date: string, counts: Record<string, number>, overrides: Partial<VideoConsultationDay> = {}): VideoConsultationDay {
  return { eventId: `vc-${date}`, trustOds: 'RX4', date, observedAt: `${date}T18:00:00Z`, counts, ...overrides };
}

describe('videoFigures (video consults = contacts with CONSULTATION MECHANISM 11, domain.md)', () => {
  const days = [
    day('2026-11-27', { '01': 100, '11': 20 }), // Friday of the previous week, November
    day('2026-11-30', { '01': 80, '02': 20, '11': 25 }), // Monday: this week, but November → 125 contacts
    day('2026-12-01', { '01': 60, '11': 40 }), // Tuesday: this week and this month → 100 contacts
    day('2026-12-02', { '01': 30, '02': 10, '11': 10 }, { observedAt: '2026-12-02T11:00:00Z' }), // today → 50 contacts
  ];

  it('counts today, this week and this month across a month boundary by hand', () => {
    expect(videoFigures(days, NOW)).toEqual({
      // Today: 10 video of 50 = 20%; 30 face to face, 10 telephone.
      today: { video: 10, faceToFace: 30, telephone: 10, all: 50, videoShare: 10 / 50 },
      // Week from Monday 30 Nov: 25 + 40 + 10 = 75 video of 125 + 100 + 50 = 275;
      // face to face 80 + 60 + 30 = 170; telephone 20 + 10 = 30.
      thisWeek: { video: 75, faceToFace: 170, telephone: 30, all: 275, videoShare: 75 / 275 },
      // December: 40 + 10 = 50 video of 100 + 50 = 150; Monday 30 Nov stays in November.
      thisMonth: { video: 50, faceToFace: 90, telephone: 10, all: 150, videoShare: 50 / 150 },
    });
  });

  it('counts the retired 03 (telemedicine web camera) as video, telephone and email beside it, all in all contacts', () => {
    // domain.md: 03 belonged to the retired CONSULTATION MEDIUM USED: accept it, map it to video.
    // 10 (11) + 10 (03) = 20 video of 30 + 10 + 10 + 5 + 2 = 57; 5 email (05) and 2 other (98) count in all only.
    const figures = videoFigures([day('2026-12-02', { '02': 30, '03': 10, '05': 5, '11': 10, '98': 2 })], NOW);
    expect(figures.today).toEqual({ video: 20, faceToFace: 0, telephone: 30, all: 57, videoShare: 20 / 57 });
    expect(VIDEO_CONSULTATION).toBe('11');
  });

  it('has no share on a day without contacts', () => {
    const figures = videoFigures([day('2026-12-01', { '11': 5 })], NOW);
    expect(figures.today).toEqual({ video: 0, faceToFace: 0, telephone: 0, all: 0, videoShare: null });
    expect(figures.thisWeek).toEqual({ video: 5, faceToFace: 0, telephone: 0, all: 5, videoShare: 1 });
    expect(videoFigures([day('2026-12-02', { '01': 0, '11': 0 })], NOW).today.videoShare).toBeNull();
  });

  it('sums service rows of the same day', () => {
    const figures = videoFigures(
      [
        day('2026-12-02', { '01': 10, '11': 5 }, { service: 'crisis', eventId: 'a' }),
        day('2026-12-02', { '01': 20, '11': 15 }, { service: 'community', eventId: 'b' }),
      ],
      NOW,
    );
    expect(figures.today).toEqual({ video: 20, faceToFace: 30, telephone: 0, all: 50, videoShare: 0.4 });
  });

  it('counts a day that holds a whole-trust row and service rows once: the whole-trust row', () => {
    // Logged before ingest refused the mix: summing would give 80 + 30 = 110 contacts for 80.
    const whole = day('2026-12-02', { '01': 60, '11': 20 }, { eventId: 'w' });
    const crisis = day('2026-12-02', { '01': 20, '11': 10 }, { service: 'crisis', eventId: 'c' });
    const otherTrust = day('2026-12-02', { '01': 5 }, { service: 'crisis', eventId: 'o', trustOds: 'RX3' });
    expect(countedVideoDays([crisis, whole, otherTrust])).toEqual([whole, otherTrust]);
    expect(contactTotals([whole, crisis])).toEqual({ video: 20, faceToFace: 60, telephone: 0, all: 80, videoShare: 0.25 });
  });

  it("uses London's day in summer time: 00:30 BST on 2 July is no longer 1 July", () => {
    const now = Date.parse('2026-07-01T23:30:00Z'); // 00:30 BST, Thursday 2 July
    const figures = videoFigures([day('2026-07-01', { '11': 7 }), day('2026-07-02', { '11': 1 })], now);
    expect(figures.today.video).toBe(1);
    expect(figures.thisWeek.video).toBe(8); // week from Monday 29 June
    expect(figures.thisMonth.video).toBe(8);
  });

  it('keeps a week that began in the previous month out of this month, and the month out of last week', () => {
    // Monday 7 December: a new week, still December.
    const monday = Date.parse('2026-12-07T09:00:00Z');
    const figures = videoFigures(days, monday);
    expect(figures.today.all).toBe(0);
    expect(figures.thisWeek.all).toBe(0);
    expect(figures.thisMonth).toEqual({ video: 50, faceToFace: 90, telephone: 10, all: 150, videoShare: 50 / 150 });
  });
});

describe('earliestLiveVideoDate', () => {
  it('is the Monday when the week began in the previous month', () => {
    expect(earliestLiveVideoDate(NOW)).toBe('2026-11-30');
  });

  it('is the first of the month when the month began earlier than the week', () => {
    expect(earliestLiveVideoDate(Date.parse('2026-11-18T12:00:00Z'))).toBe('2026-11-01');
  });
});

describe('videoDayKey and isNewerVideoDay', () => {
  it('keys a day by service and date, a whole-trust row by "*"', () => {
    expect(videoDayKey(day('2026-12-02', {}))).toBe('*|2026-12-02');
    expect(videoDayKey(day('2026-12-02', {}, { service: 'crisis' }))).toBe('crisis|2026-12-02');
  });

  it('prefers the later report of a day, and the larger event id at the same moment', () => {
    const morning = day('2026-12-02', { '11': 3 }, { eventId: 'b', observedAt: '2026-12-02T10:00:00Z' });
    const noon = day('2026-12-02', { '11': 9 }, { eventId: 'a', observedAt: '2026-12-02T12:00:00Z' });
    const noonAgain = day('2026-12-02', { '11': 9 }, { eventId: 'c', observedAt: '2026-12-02T12:00:00Z' });
    expect(isNewerVideoDay(noon, morning)).toBe(true);
    expect(isNewerVideoDay(morning, noon)).toBe(false);
    expect(isNewerVideoDay(noonAgain, noon)).toBe(true);
    expect(isNewerVideoDay(noon, noonAgain)).toBe(false);
    expect(isNewerVideoDay(noon, null)).toBe(true);
  });
});

describe('videoConsultationDaySchema', () => {
  it('accepts a whole-trust day and a service day', () => {
    expect(videoConsultationDaySchema.safeParse(day('2026-12-02', { '01': 4, '11': 2 })).success).toBe(true);
    expect(videoConsultationDaySchema.safeParse(day('2026-12-02', { '11': 2 }, { service: 'crisis-team' })).success).toBe(true);
  });

  it('rejects fractional counts, a date that does not exist and an upper-case service', () => {
    const result = videoConsultationDaySchema.safeParse({ ...day('2026-02-29', { '11': 2.5 }), service: 'Crisis' });
    expect(result.success).toBe(false);
    const issues = result.error!.issues;
    expect(issues).toContainEqual(expect.objectContaining({ path: ['counts', '11'], message: 'must be a whole number' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: ['date'], message: 'is not a real calendar date' }));
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['service'], message: 'must be lower-case letters, digits and hyphens' }),
    );
  });

  it('rejects an observation time without an offset', () => {
    const result = videoConsultationDaySchema.safeParse(day('2026-12-02', { '11': 2 }, { observedAt: '2026-12-02T12:00:00' }));
    expect(result.error?.issues[0]).toMatchObject({
      path: ['observedAt'],
      message: 'must be an ISO 8601 date-time with a UTC offset',
    });
  });
});

describe('videoDayViolations', () => {
  it('accepts every Data Dictionary mechanism code', () => {
    const counts = Object.fromEntries(CONSULTATION_MECHANISM_CODES.map((code) => [code, 1]));
    // The current list (05 email included) and the retired 03.
    expect(CONSULTATION_MECHANISM_CODES).toEqual(['01', '02', '03', '04', '05', '09', '10', '11', '12', '13', '98']);
    expect(videoDayViolations(day('2026-12-02', counts, { observedAt: '2026-12-02T11:00:00Z' }), NOW)).toEqual([]);
  });

  it('rejects a code that is not a CONSULTATION MECHANISM, and negative counts', () => {
    const result = videoDayViolations(day('2026-12-01', { '06': 3, '1': 2, '11': -1 }), NOW);
    expect(result).toEqual([
      { path: 'counts.1', message: expect.stringMatching(/^is not a CONSULTATION MECHANISM code \(one of: 01, 02, .*, 98\)$/) },
      { path: 'counts.11', message: 'must not be negative (got -1)' },
      // 06 (SMS) was CONSULTATION MEDIUM USED's, never CONSULTATION MECHANISM's.
      { path: 'counts.06', message: expect.stringMatching(/^is not a CONSULTATION MECHANISM code/) },
    ]);
  });

  it('rejects a day without any count, and an implausible count', () => {
    expect(videoDayViolations(day('2026-12-01', {}), NOW)).toEqual([
      { path: 'counts', message: 'must hold at least one mechanism code' },
    ]);
    expect(videoDayViolations(day('2026-12-01', { '11': 1_000_001 }), NOW)).toEqual([
      { path: 'counts.11', message: 'must be at most 1000000 (got 1000001)' },
    ]);
  });

  it("rejects a day after today on London's calendar", () => {
    const now = Date.parse('2026-07-01T23:30:00Z'); // 00:30 BST on 2 July
    const observedAt = '2026-07-01T23:29:00Z';
    expect(videoDayViolations(day('2026-07-02', { '11': 1 }, { observedAt }), now)).toEqual([]);
    expect(videoDayViolations(day('2026-07-03', { '11': 1 }, { observedAt }), now)).toEqual([
      { path: 'date', message: 'is after today (2026-07-02)' },
    ]);
  });

  it('rejects an observation more than 5 minutes in the future, and names the path in a batch', () => {
    const result = videoDayViolations(day('2026-12-02', { '11': 1 }, { observedAt: '2026-12-02T12:05:01Z' }), NOW, ['days', 0]);
    expect(result).toEqual([{ path: 'days[0].observedAt', message: 'is more than 5 minutes in the future' }]);
  });
});

describe('videoDayFormViolations (a day is whole-trust or per service, not both)', () => {
  const forms = (...days: VideoConsultationDay[]): VideoDayForms => {
    const map: VideoDayForms = new Map();
    for (const d of days) addVideoDayForm(map, d);
    return map;
  };
  const whole = day('2026-12-02', { '11': 5 });
  const crisis = day('2026-12-02', { '11': 5 }, { service: 'crisis' });
  const community = day('2026-12-02', { '11': 5 }, { service: 'community' });

  it('accepts the first report of a day in either form, and more of the same form', () => {
    expect(videoDayFormViolations(whole, forms())).toEqual([]);
    expect(videoDayFormViolations(whole, forms(whole))).toEqual([]);
    expect(videoDayFormViolations(community, forms(crisis))).toEqual([]);
    // Another day, or another trust's same day, is its own.
    expect(videoDayFormViolations(crisis, forms(day('2026-12-01', { '11': 1 })))).toEqual([]);
    expect(videoDayFormViolations(crisis, forms({ ...whole, trustOds: 'RX3' }))).toEqual([]);
  });

  it('refuses a service row for a day sent whole-trust, naming service', () => {
    expect(videoDayFormViolations(crisis, forms(whole), ['events', 1])).toEqual([
      {
        path: 'events[1].service',
        message:
          'must be left out: RX4 reported 2026-12-02 as whole-trust counts; a day is reported as whole-trust counts or per service, not both (the two would be added together)',
      },
    ]);
  });

  it('refuses a whole-trust row for a day sent per service, naming service and the services', () => {
    expect(videoDayFormViolations(whole, forms(crisis, community))).toEqual([
      {
        path: 'service',
        message:
          'is missing, but RX4 reported 2026-12-02 per service (community, crisis): a day is reported as whole-trust counts or per service, not both (the two would be added together)',
      },
    ]);
  });
});

describe('contact counts as sent', () => {
  const day = (counts: string) =>
    JSON.parse(
      `{"eventId":"e1","trustOds":"RX4","date":"2026-12-06","observedAt":"2026-12-06T18:00:00Z","counts":${counts}}`,
    ) as unknown;

  it('names a __proto__ key instead of letting it vanish (zod drops it from records), and a constructor key', () => {
    // Found by tests/integration/fuzz-ingest.test.ts: {"11":1,"__proto__":[[…]]} was accepted as {"11":1}.
    const proto = videoConsultationDaySchema.safeParse(day('{"11":1,"__proto__":[[1]]}'));
    expect(proto.success).toBe(false);
    expect(proto.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['counts.__proto__']);
    // "constructor" is `in` every object: the check is for the code table's own keys (422 naming it).
    const constructor = videoConsultationDaySchema.parse(day('{"constructor":1}'));
    expect(videoDayViolations(constructor, Date.parse('2026-12-06T19:00:00Z')).map((violation) => violation.path)).toEqual([
      'counts.constructor',
    ]);
    expect(videoConsultationDaySchema.safeParse(day('{"11":1,"01":4}')).success).toBe(true);
  });
});
