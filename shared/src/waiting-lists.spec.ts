import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isNewerWaitingList,
  percentileFromBands,
  standardShortfall,
  WAIT_BANDS,
  waitBandOf,
  waitingListFigures,
  waitingMoreThan52Weeks,
  waitingListSnapshotSchema,
  waitingListsWorstFirst,
  waitingListViolations,
  type WaitBands,
  type WaitingListSnapshot,
} from './waiting-lists.js';

const NOW = Date.parse('2026-11-18T12:00:00Z');

function bands(counts: Partial<WaitBands> = {}): WaitBands {
  return {
    under2: 0,
    from2to4: 0,
    from4to6: 0,
    from6to18: 0,
    from18to52: 0,
    from52to78: 0,
    from78to104: 0,
    over104: 0,
    ...counts,
  };
}

function snapshot(overrides: Partial<WaitingListSnapshot> = {}): WaitingListSnapshot {
  const b = overrides.bands ?? bands({ under2: 10, from2to4: 20, from4to6: 30, from6to18: 40 });
  return {
    eventId: 'wl-1',
    trustOds: 'RX4',
    service: 'talking-therapies',
    asOf: '2026-11-18T09:00:00Z',
    periodStart: '2026-10-01',
    periodEnd: '2026-10-31',
    waiting: Object.values(b).reduce((a, n) => a + n, 0),
    bands: b,
    medianWeeks: 5,
    p90Weeks: 14,
    referralsReceived: 120,
    referralsClosed: 90,
    standards: [
      { standard: '6-weeks', started: 100, startedWithin: 75 },
      { standard: '18-weeks', started: 100, startedWithin: 95 },
    ],
    ...overrides,
  };
}

describe('waitingListFigures: standards against national targets (domain.md, "Waiting times")', () => {
  it('Talking Therapies: of 100 referrals finishing treatment, 75 within 6 weeks meets 75%; 94 within 18 weeks misses 95%', () => {
    const figures = waitingListFigures('talking-therapies', [
      snapshot({
        standards: [
          { standard: '6-weeks', started: 100, startedWithin: 75 },
          { standard: '18-weeks', started: 100, startedWithin: 94 },
        ],
      }),
    ]);
    expect(figures.standards).toEqual([
      {
        standard: '6-weeks',
        label: 'First treatment within 6 weeks of referral',
        weeks: 6,
        target: 0.75,
        counted: 'referrals that finished a course of treatment in the period',
        countedShort: 'finishing treatment',
        started: 100,
        startedWithin: 75,
        share: 0.75,
        meetsTarget: true,
      },
      {
        standard: '18-weeks',
        label: 'First treatment within 18 weeks of referral',
        weeks: 18,
        target: 0.95,
        counted: 'referrals that finished a course of treatment in the period',
        countedShort: 'finishing treatment',
        started: 100,
        startedWithin: 94,
        share: 0.94,
        meetsTarget: false,
      },
    ]);
    expect(standardShortfall(figures)).toBeCloseTo(0.01, 12); // 95% − 94%
  });

  it('Early intervention in psychosis: 59 of 100 within 2 weeks fails the 60% target; 60 of 100 meets it', () => {
    const eip = (startedWithin: number) =>
      waitingListFigures('early-intervention-psychosis', [
        snapshot({ service: 'early-intervention-psychosis', standards: [{ standard: '2-weeks', started: 100, startedWithin }] }),
      ]).standards[0];
    expect(eip(59)).toMatchObject({ share: 0.59, target: 0.6, meetsTarget: false });
    expect(eip(60)).toMatchObject({ share: 0.6, meetsTarget: true });
  });

  it('CYP eating disorders: 95% urgent within 1 week and routine within 4 weeks', () => {
    const figures = waitingListFigures('eating-disorders-cyp', [
      snapshot({
        service: 'eating-disorders-cyp',
        standards: [
          { standard: 'urgent-1-week', started: 20, startedWithin: 19 }, // 95% exactly
          { standard: 'routine-4-weeks', started: 40, startedWithin: 37 }, // 92.5%
        ],
      }),
    ]);
    expect(figures.standards.map((s) => [s.standard, s.share, s.meetsTarget])).toEqual([
      ['urgent-1-week', 19 / 20, true],
      ['routine-4-weeks', 37 / 40, false],
    ]);
  });

  it('has a share but no verdict where no national target is set (community mental health 4 weeks)', () => {
    const figures = waitingListFigures('community-mental-health', [
      snapshot({ service: 'community-mental-health', standards: [{ standard: '4-weeks', started: 50, startedWithin: 20 }] }),
    ]);
    expect(figures.standards[0]).toMatchObject({ share: 0.4, target: null, meetsTarget: null });
    expect(standardShortfall(figures)).toBe(0);
  });

  it('has no share and no verdict when nobody started, or the standard was not reported', () => {
    const figures = waitingListFigures('talking-therapies', [
      snapshot({ standards: [{ standard: '6-weeks', started: 0, startedWithin: 0 }] }),
    ]);
    expect(figures.standards.map((s) => [s.standard, s.started, s.share, s.meetsTarget])).toEqual([
      ['6-weeks', 0, null, null],
      ['18-weeks', 0, null, null], // not in the snapshot
    ]);
  });

  it('counts those waiting more than 52 weeks from the top three bands, as MRS02e', () => {
    const figures = waitingListFigures('community-mental-health', [
      snapshot({
        service: 'community-mental-health',
        standards: [],
        // 100 waiting over 18 up to 52 weeks (exactly 52 among them), 7 over 52 up to 78, 3 over 78 up to 104, 2 over 104.
        bands: bands({ from18to52: 100, from52to78: 7, from78to104: 3, over104: 2 }),
      }),
    ]);
    expect(figures.waiting).toBe(112);
    expect(figures.waitingMoreThan52Weeks).toBe(7 + 3 + 2);
    // The v1 name carries the same figure.
    expect(figures.waiting52WeeksPlus).toBe(12);
  });

  it('says what each standard counts: clock stops for four-week waits, urgent and routine cases for eating disorders', () => {
    const counted = (service: Parameters<typeof waitingListFigures>[0]) =>
      waitingListFigures(service, []).standards.map((s) => [s.standard, s.countedShort]);
    expect(counted('community-mental-health')).toEqual([['4-weeks', 'clock stops']]);
    expect(counted('cypmhs')).toEqual([['4-weeks', 'clock stops']]);
    expect(counted('early-intervention-psychosis')).toEqual([['2-weeks', 'starting care']]);
    expect(counted('eating-disorders-cyp')).toEqual([
      ['urgent-1-week', 'urgent starting'],
      ['routine-4-weeks', 'routine starting'],
    ]);
    expect(waitingListFigures('community-mental-health', []).standards[0]!.counted).toMatch(/full clock stop .*\(MRS01\)/);
    expect(waitingListFigures('cypmhs', []).standards[0]!.counted).toMatch(/CYP .*\(MRS08\)/);
  });
});

describe('wait bands: more than the lower bound, up to and including the upper (MRS: "more than 52 weeks")', () => {
  it('puts a wait of exactly 52 weeks in 18–52, not among those waiting more than 52 weeks', () => {
    expect(waitBandOf(52)).toBe('from18to52');
    expect(waitBandOf(52.1)).toBe('from52to78'); // 52 weeks and a bit more than half a day
    expect(waitingMoreThan52Weeks(bands({ [waitBandOf(52)]: 1 }))).toBe(0);
    expect(waitingMoreThan52Weeks(bands({ [waitBandOf(53)]: 1 }))).toBe(1);
  });

  it('holds each upper bound in its own band, and the open top band holds more than 104 weeks', () => {
    expect([0, 2, 2.01, 4, 6, 18, 78, 104, 104.01, 300].map(waitBandOf)).toEqual([
      'under2', // 0 weeks: the first band starts at 0
      'under2', // exactly 2 weeks: "up to 2 weeks"
      'from2to4',
      'from2to4',
      'from4to6',
      'from6to18',
      'from52to78',
      'from78to104', // exactly 104 is not "more than 104" (MRS02a)
      'over104',
      'over104',
    ]);
  });

  it('names every band by what it holds', () => {
    expect(WAIT_BANDS.map((band) => band.label)).toEqual([
      'Up to 2 weeks',
      'Over 2, up to 4 weeks',
      'Over 4, up to 6 weeks',
      'Over 6, up to 18 weeks',
      'Over 18, up to 52 weeks',
      'Over 52, up to 78 weeks',
      'Over 78, up to 104 weeks',
      'More than 104 weeks',
    ]);
  });
});

describe('percentileFromBands (linear interpolation within the band holding the rank)', () => {
  // 100 waiting: < 2 wk 10, 2–4 wk 20, 4–6 wk 30, 6–18 wk 40.
  const worked = bands({ under2: 10, from2to4: 20, from4to6: 30, from6to18: 40 });

  it('estimates the median by hand', () => {
    // Rank 0.5 × 100 = 50. Cumulative 10, 30, 60: the 4–6 band holds it, 20 of its 30 in.
    // 4 + (50 − 30) ÷ 30 × 2 = 5⅓ weeks.
    expect(percentileFromBands(worked, 0.5)).toBeCloseTo(4 + (20 / 30) * 2, 12);
  });

  it('estimates the 90th percentile by hand', () => {
    // Rank 90. Cumulative 60 before the 6–18 band: 30 of its 40 in. 6 + 30 ÷ 40 × 12 = 15 weeks.
    expect(percentileFromBands(worked, 0.9)).toBe(15);
  });

  it('lands on a band edge when the rank fills a band exactly: the upper bound, which that band holds', () => {
    // 50 + 50 waiting: rank 50 fills the "up to 2 weeks" band → 2 weeks, a wait that band holds.
    expect(percentileFromBands(bands({ under2: 50, from2to4: 50 }), 0.5)).toBe(2);
    // 90 waiting over 18 up to 52 weeks, 10 over 52: rank 90 fills the 18–52 band → exactly 52 weeks,
    // so the 90th percentile is in that band and is not "more than 52 weeks".
    expect(percentileFromBands(bands({ from18to52: 90, from52to78: 10 }), 0.9)).toBe(52);
    // One more over 52 (rank 0.9 × 101 = 90.9): past the 18–52 band's 90 → 52 + 0.9 ÷ 11 × 26 weeks.
    expect(percentileFromBands(bands({ from18to52: 90, from52to78: 11 }), 0.9)).toBeCloseTo(52 + (0.9 / 11) * 26, 12);
  });

  it('skips empty bands', () => {
    // Only 4–6 weeks is populated: rank 5 of 10 → 4 + 5 ÷ 10 × 2 = 5.
    expect(percentileFromBands(bands({ from4to6: 10 }), 0.5)).toBe(5);
  });

  it('reports the lower bound of the open-ended top band (read: more than 104 weeks)', () => {
    expect(percentileFromBands(bands({ under2: 1, over104: 9 }), 0.5)).toBe(104);
  });

  it('is null when nobody waits', () => {
    expect(percentileFromBands(bands(), 0.5)).toBeNull();
  });

  it('stays within the band that holds the rank and never decreases with the fraction', () => {
    const bandsArb = fc.record(
      Object.fromEntries(WAIT_BANDS.map((band) => [band.id, fc.integer({ min: 0, max: 50 })])) as Record<
        keyof WaitBands,
        fc.Arbitrary<number>
      >,
    );
    fc.assert(
      fc.property(
        bandsArb,
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (b, p, q) => {
          const total = Object.values(b).reduce((sum, n) => sum + n, 0);
          const low = percentileFromBands(b, Math.min(p, q));
          const high = percentileFromBands(b, Math.max(p, q));
          if (total === 0) {
            expect(low).toBeNull();
            return;
          }
          expect(low!).toBeLessThanOrEqual(high! + 1e-9);
          const populated = WAIT_BANDS.filter((band) => b[band.id] > 0);
          expect(low!).toBeGreaterThanOrEqual(populated[0]!.fromWeeks);
          expect(high!).toBeLessThanOrEqual(populated.at(-1)!.toWeeks ?? populated.at(-1)!.fromWeeks);
        },
      ),
    );
  });
});

describe('waitingListFigures: roll-up of several trusts', () => {
  // Trust A: 100 waiting (10 / 20 / 30 / 40), reported median 5 and p90 14; 6 wk 75/100, 18 wk 95/100.
  const a = snapshot({ eventId: 'wl-a', trustOds: 'RX3' });
  // Trust B: 50 waiting (40 under 2 weeks, 10 in 2–4), reported median 1.2 and p90 3; 6 wk 30/50, 18 wk 48/50.
  const b = snapshot({
    eventId: 'wl-b',
    trustOds: 'RX4',
    bands: bands({ under2: 40, from2to4: 10 }),
    medianWeeks: 1.2,
    p90Weeks: 3,
    referralsReceived: 30,
    referralsClosed: 25,
    standards: [
      { standard: '6-weeks', started: 50, startedWithin: 30 },
      { standard: '18-weeks', started: 50, startedWithin: 48 },
    ],
  });

  it('sums the counts and re-estimates the percentiles from the summed bands', () => {
    const figures = waitingListFigures('talking-therapies', [a, b]);
    expect(figures.trustsReporting).toBe(2);
    expect(figures.waiting).toBe(150);
    expect(figures.bands).toEqual(bands({ under2: 50, from2to4: 30, from4to6: 30, from6to18: 40 }));
    expect(figures.referralsReceived).toBe(150);
    expect(figures.referralsClosed).toBe(115);
    expect(figures.percentilesEstimated).toBe(true);
    // Median: rank 75; cumulative 50, 80 → the 2–4 band, 25 of its 30 in: 2 + 25 ÷ 30 × 2 = 3⅔.
    expect(figures.medianWeeks).toBeCloseTo(2 + (25 / 30) * 2, 12);
    // p90: rank 135; cumulative 50, 80, 110, 150 → the 6–18 band, 25 of 40 in: 6 + 25 ÷ 40 × 12 = 13.5.
    expect(figures.p90Weeks).toBe(13.5);
    // 6 weeks: (75 + 30) ÷ (100 + 50) = 70%, below 75%. 18 weeks: 143 ÷ 150 ≈ 95.3%, above 95%.
    expect(figures.standards.map((s) => [s.started, s.startedWithin, s.share, s.meetsTarget])).toEqual([
      [150, 105, 105 / 150, false],
      [150, 143, 143 / 150, true],
    ]);
  });

  it('reports one trust’s own percentiles unchanged', () => {
    const figures = waitingListFigures('talking-therapies', [b]);
    expect(figures).toMatchObject({ trustsReporting: 1, medianWeeks: 1.2, p90Weeks: 3, percentilesEstimated: false });
  });

  it('has nothing to report for no trusts', () => {
    const figures = waitingListFigures('talking-therapies', []);
    expect(figures).toMatchObject({
      trustsReporting: 0,
      waiting: 0,
      medianWeeks: null,
      p90Weeks: null,
      percentilesEstimated: false,
    });
    expect(figures.standards.every((s) => s.share === null && s.meetsTarget === null)).toBe(true);
  });
});

describe('waitingListsWorstFirst', () => {
  it('orders by shortfall against target, then 52-week waits, then list size', () => {
    const lists = [
      // Memory assessment: no standards, 500 waiting, none for a year.
      snapshot({ eventId: 'm', service: 'memory-assessment', standards: [], bands: bands({ from6to18: 500 }) }),
      // Community mental health: no target, 30 waiting more than 52 weeks.
      snapshot({
        eventId: 'c',
        service: 'community-mental-health',
        standards: [],
        bands: bands({ from6to18: 70, from52to78: 30 }),
      }),
      // Talking Therapies: 70% within 6 weeks against 75% → 5 points short.
      snapshot({ eventId: 't', standards: [{ standard: '6-weeks', started: 100, startedWithin: 70 }] }),
      // EIP: 40% against 60% → 20 points short.
      snapshot({
        eventId: 'e',
        service: 'early-intervention-psychosis',
        standards: [{ standard: '2-weeks', started: 10, startedWithin: 4 }],
      }),
      // CYPMHS: no target, no year-long waits, 20 waiting.
      snapshot({ eventId: 'y', service: 'cypmhs', standards: [], bands: bands({ under2: 20 }) }),
    ];
    expect(waitingListsWorstFirst(lists).map((f) => f.service)).toEqual([
      'early-intervention-psychosis',
      'talking-therapies',
      'community-mental-health',
      'memory-assessment',
      'cypmhs',
    ]);
  });

  it('groups the snapshots of each service across trusts before ranking', () => {
    // Alone, each trust meets 75%; together 150 of 200 = 75% still meets it, and one row results.
    const rows = waitingListsWorstFirst([
      snapshot({ eventId: 'a', trustOds: 'RX3', standards: [{ standard: '6-weeks', started: 100, startedWithin: 80 }] }),
      snapshot({ eventId: 'b', trustOds: 'RX4', standards: [{ standard: '6-weeks', started: 100, startedWithin: 70 }] }),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ trustsReporting: 2, waiting: 200, percentilesEstimated: true });
    expect(rows[0]!.standards[0]).toMatchObject({ started: 200, startedWithin: 150, share: 0.75, meetsTarget: true });
  });

  it('is empty for no snapshots', () => {
    expect(waitingListsWorstFirst([])).toEqual([]);
  });
});

describe('isNewerWaitingList', () => {
  it('prefers the later asOf, and the larger event id at the same moment', () => {
    const older = snapshot({ eventId: 'wl-9', asOf: '2026-11-18T09:00:00Z' });
    const newer = snapshot({ eventId: 'wl-1', asOf: '2026-11-18T10:00:00+01:00' }); // 09:00Z, same instant
    expect(isNewerWaitingList(newer, older)).toBe(false); // same instant: wl-9 > wl-1
    expect(isNewerWaitingList(older, newer)).toBe(true);
    expect(isNewerWaitingList(snapshot({ asOf: '2026-11-18T09:00:01Z' }), older)).toBe(true);
    expect(isNewerWaitingList(older, null)).toBe(true);
    expect(isNewerWaitingList(older, older)).toBe(false);
  });
});

describe('waitingListSnapshotSchema', () => {
  it('accepts a complete snapshot', () => {
    expect(waitingListSnapshotSchema.safeParse(snapshot()).success).toBe(true);
  });

  it('rejects fractional counts, an unknown service and a date-time without an offset', () => {
    const result = waitingListSnapshotSchema.safeParse({
      ...snapshot(),
      waiting: 99.5,
      service: 'physiotherapy',
      asOf: '2026-11-18 09:00',
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues;
    expect(issues).toContainEqual(expect.objectContaining({ path: ['waiting'], message: 'must be a whole number' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: ['service'] }));
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['asOf'], message: 'must be an ISO 8601 date-time with a UTC offset' }),
    );
  });

  it('rejects a period date that does not exist', () => {
    const result = waitingListSnapshotSchema.safeParse({ ...snapshot(), periodStart: '2026-02-30' });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['periodStart'], message: 'is not a real calendar date' }),
    ]);
  });

  it('rejects a missing or an unknown wait band', () => {
    const { over104: _missing, ...partial } = bands();
    const missing = waitingListSnapshotSchema.safeParse({ ...snapshot(), bands: partial });
    expect(missing.error?.issues[0]?.path).toEqual(['bands', 'over104']);
    const extra = waitingListSnapshotSchema.safeParse({ ...snapshot(), bands: { ...bands(), over156: 1 } });
    expect(extra.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', path: ['bands'], keys: ['over156'] });
  });
});

describe('waitingListViolations', () => {
  it('accepts a consistent snapshot', () => {
    expect(waitingListViolations(snapshot(), NOW)).toEqual([]);
  });

  it('rejects negative counts, and reports only those until they are fixed', () => {
    const result = waitingListViolations(
      snapshot({ referralsClosed: -1, standards: [{ standard: '6-weeks', started: -2, startedWithin: 0 }], waiting: 7 }),
      NOW,
    );
    expect(result).toEqual([
      { path: 'referralsClosed', message: 'must not be negative (got -1)' },
      { path: 'standards[0].started', message: 'must not be negative (got -2)' },
    ]);
  });

  it('rejects wait bands that do not add up to the list', () => {
    expect(waitingListViolations(snapshot({ waiting: 90 }), NOW)).toEqual([
      { path: 'bands', message: 'the wait bands add up to 100, but waiting is 90' },
    ]);
  });

  it('rejects more within the standard than its denominator counts, saying what it counts', () => {
    const result = waitingListViolations(snapshot({ standards: [{ standard: '6-weeks', started: 10, startedWithin: 11 }] }), NOW);
    expect(result).toEqual([
      {
        path: 'standards[0].startedWithin',
        message:
          '11 within the standard, but the denominator (started) is only 10 referrals that finished a course of treatment in the period',
      },
    ]);
  });

  it('rejects a standard the service does not have, and one listed twice', () => {
    const result = waitingListViolations(
      snapshot({
        standards: [
          { standard: '4-weeks', started: 10, startedWithin: 5 },
          { standard: '6-weeks', started: 10, startedWithin: 8 },
          { standard: '6-weeks', started: 10, startedWithin: 8 },
        ],
      }),
      NOW,
    );
    expect(result).toEqual([
      { path: 'standards[0].standard', message: '"4-weeks" is not a standard of talking-therapies (one of: 6-weeks, 18-weeks)' },
      { path: 'standards[2].standard', message: '"6-weeks" is listed twice' },
    ]);
    const memory = waitingListViolations(
      snapshot({ service: 'memory-assessment', standards: [{ standard: '6-weeks', started: 1, startedWithin: 1 }] }),
      NOW,
    );
    expect(memory).toEqual([{ path: 'standards[0].standard', message: 'memory-assessment has no waiting-time standard' }]);
  });

  it('rejects a median above the 90th percentile and implausible waits', () => {
    expect(waitingListViolations(snapshot({ medianWeeks: 15, p90Weeks: 14 }), NOW)).toEqual([
      { path: 'medianWeeks', message: 'the median (15) exceeds the 90th percentile (14)' },
    ]);
    expect(waitingListViolations(snapshot({ medianWeeks: -1 }), NOW)).toEqual([
      { path: 'medianWeeks', message: 'must be between 0 and 1000 weeks' },
    ]);
    expect(waitingListViolations(snapshot({ medianWeeks: null, p90Weeks: null }), NOW)).toEqual([]);
  });

  it('rejects a period that ends before it starts', () => {
    expect(waitingListViolations(snapshot({ periodStart: '2026-11-01', periodEnd: '2026-10-31' }), NOW)).toEqual([
      { path: 'periodEnd', message: 'is before periodStart (2026-11-01)' },
    ]);
  });

  it('rejects a snapshot from more than 5 minutes in the future', () => {
    expect(waitingListViolations(snapshot({ asOf: '2026-11-18T12:05:00Z' }), NOW)).toEqual([]);
    expect(waitingListViolations(snapshot({ asOf: '2026-11-18T12:05:01Z' }), NOW)).toEqual([
      { path: 'asOf', message: 'is more than 5 minutes in the future' },
    ]);
  });

  it('rejects counts above the plausible maximum and names the path inside a batch', () => {
    const result = waitingListViolations(snapshot({ referralsReceived: 1_000_001 }), NOW, ['snapshots', 1]);
    expect(result).toEqual([{ path: 'snapshots[1].referralsReceived', message: 'must be at most 1000000 (got 1000001)' }]);
  });
});
