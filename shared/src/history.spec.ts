import { describe, expect, it } from 'vitest';
import { DEFAULT_FRESHNESS_LIMITS } from './freshness.js';
import { foldHistory, historyPeriods, HistoryState, trustPeriodFigures, type HistoryFact, type HistoryScope } from './history.js';
import type { TrustFiguresObservation } from './trust-figures.js';
import type { WaitingListSnapshot } from './waiting-lists.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');

function figures(
  eventId: string,
  observedAt: string,
  countingSince: string,
  counts: { discharges: number; breaches: number; waiting: number; fromOutside: number },
): HistoryFact {
  const payload: TrustFiguresObservation = {
    eventId,
    trustOds: 'RX4',
    observedAt,
    referralsWaiting: {
      emergencyDepartment: counts.waiting,
      communityOrHome: 1,
      section136Suite: 0,
      policeCustody: 0,
      acuteWard: 0,
      other: 0,
    },
    countingSince,
    completedDischarges: counts.discharges,
    section136Breaches: counts.breaches,
    patientsFromOutside: counts.fromOutside,
  };
  return { kind: 'trustFigures', trustOds: 'RX4', at: Date.parse(observedAt), payload };
}

// RX4's reports over two London days (GMT): the 18:00 window of 1 December, then the 10:00 window of 2 December.
const FACTS: HistoryFact[] = [
  figures('tf-1', '2026-12-01T19:00:00Z', '2026-12-01T18:00:00Z', { discharges: 1, breaches: 0, waiting: 4, fromOutside: 2 }),
  figures('tf-2', '2026-12-02T09:00:00Z', '2026-12-01T18:00:00Z', { discharges: 3, breaches: 0, waiting: 6, fromOutside: 2 }),
  figures('tf-3', '2026-12-02T11:00:00Z', '2026-12-02T10:00:00Z', { discharges: 1, breaches: 1, waiting: 5, fromOutside: 3 }),
  figures('tf-4', '2026-12-02T12:00:00Z', '2026-12-02T10:00:00Z', { discharges: 4, breaches: 1, waiting: 2, fromOutside: 3 }),
];

const trust: HistoryScope = { scope: 'trust:RX4', trusts: new Set(['RX4']) };
const otherTrust: HistoryScope = { scope: 'trust:RX3', trusts: new Set(['RX3']) };
const ward: HistoryScope = { scope: 'ward:RX4-W01', trusts: new Set(['RX4']), wards: new Set(['RX4-W01']) };

/** Each period's values, folding the facts in time order as the roll-up job does (null where there is no point). */
function valuesBy(grain: 'hour' | 'day', from: string, to: string, scope: HistoryScope) {
  const periods = historyPeriods(grain, from, to);
  const points = foldHistory(FACTS, [scope], periods, {
    now: NOW,
    wardType: () => 'adult-acute',
    limits: DEFAULT_FRESHNESS_LIMITS,
  });
  return periods.map((period) => {
    const values: Record<
      'completedDischarges' | 'reportedSection136Breaches' | 'admissionReferralsWaiting' | 'patientsFromOtherTrusts',
      number | null
    > = {
      completedDischarges: null,
      reportedSection136Breaches: null,
      admissionReferralsWaiting: null,
      patientsFromOtherTrusts: null,
    };
    for (const point of points)
      if (point.start === period.start && point.sector === 'all' && point.metric in values)
        values[point.metric as keyof typeof values] = point.value;
    return { label: period.label, ...values };
  });
}

describe('history of trust figures', () => {
  it('sums the growth of each counting window per day, and takes the census of the rest at midnight', () => {
    const [first, second] = valuesBy('day', '2026-12-01', '2026-12-02', trust);
    // 1 Dec: 1 discharge in the 18:00 window; census at midnight from tf-1: 4 + 1 waiting, 2 from outside.
    expect(first).toMatchObject({
      label: '2026-12-01',
      completedDischarges: 1,
      reportedSection136Breaches: 0,
      admissionReferralsWaiting: 5,
      patientsFromOtherTrusts: 2,
    });
    // 2 Dec: the 18:00 window grew 1 → 3 (+2), then the 10:00 window counted 1 and grew to 4 (+1, +3) = 6;
    // one breach; census from tf-4: 2 + 1 waiting, 3 from outside.
    expect(second).toMatchObject({
      label: '2026-12-02',
      completedDischarges: 6,
      reportedSection136Breaches: 1,
      admissionReferralsWaiting: 3,
      patientsFromOtherTrusts: 3,
    });
  });

  it('puts each growth in the hour it was reported', () => {
    const hours = valuesBy('hour', '2026-12-02', '2026-12-02', trust);
    const at = (hour: string) => hours.find((entry) => entry.label === `2026-12-02T${hour}:00:00.000Z`)!;
    expect(at('09').completedDischarges).toBe(2);
    expect(at('10').completedDischarges).toBe(0);
    expect(at('11')).toMatchObject({ completedDischarges: 1, reportedSection136Breaches: 1 });
    expect(at('12').completedDischarges).toBe(3);
  });

  it('is null before a trust first reports, for other trusts and for wards', () => {
    const [before] = valuesBy('day', '2026-11-30', '2026-11-30', trust);
    expect(before).toMatchObject({ completedDischarges: null, admissionReferralsWaiting: null });
    const [other] = valuesBy('day', '2026-12-02', '2026-12-02', otherTrust);
    expect(other).toMatchObject({ completedDischarges: null, patientsFromOtherTrusts: null });
    const [wardDay] = valuesBy('day', '2026-12-02', '2026-12-02', ward);
    expect(wardDay).toMatchObject({ completedDischarges: null, admissionReferralsWaiting: null });
  });

  it('ignores a report older than the one it holds (last-writer-wins)', () => {
    const state = new HistoryState();
    state.apply(FACTS[1]!);
    state.apply(FACTS[0]!);
    expect(state.trustFigures.get('RX4')?.eventId).toBe('tf-2');
    expect(state.countGrowth.map((entry) => entry.completedDischarges)).toEqual([3]);
  });
});

describe('history of video consultations', () => {
  const video = (eventId: string, date: string, counts: Record<string, number>, service?: string): HistoryFact => ({
    kind: 'videoDay',
    trustOds: 'RX4',
    at: Date.parse(`${date}T00:00:00Z`),
    payload: { eventId, trustOds: 'RX4', date, observedAt: `${date}T20:00:00Z`, counts, ...(service ? { service } : {}) },
  });
  const day = { start: Date.parse('2026-11-20T00:00:00Z'), end: Date.parse('2026-11-21T00:00:00Z'), label: '2026-11-20' };

  it('counts the retired 03 (telemedicine web camera) as video, as domain.md says to', () => {
    const state = new HistoryState();
    state.apply(video('v-1', '2026-11-20', { '01': 70, '03': 12, '05': 3, '11': 15 }));
    // 12 (03) + 15 (11) = 27 video of 70 + 12 + 3 + 15 = 100 contacts.
    const figures = trustPeriodFigures(state, trust, day, NOW);
    expect([figures.videoConsultations.value, figures.videoShare.value]).toEqual([27, 0.27]);
  });

  it('counts a day logged both whole-trust and per service once, from the whole-trust row', () => {
    const state = new HistoryState();
    state.apply(video('v-w', '2026-11-20', { '01': 80, '11': 20 }));
    state.apply(video('v-c', '2026-11-20', { '01': 30, '11': 10 }, 'crisis'));
    // Summed it would be 30 video of 140; the whole-trust row alone is 20 of 100.
    const figures = trustPeriodFigures(state, trust, day, NOW);
    expect([figures.videoConsultations.value, figures.videoShare.value]).toEqual([20, 0.2]);
  });
});

describe('history of referrals', () => {
  const referral = (
    eventId: string,
    date: string,
    observedAt: string,
    service: 'single-point-of-access' | 'crisis',
    [received, accepted, declined, pending]: readonly [number, number, number, number],
  ): HistoryFact => ({
    kind: 'referralDay',
    trustOds: 'RX4',
    at: Date.parse(`${date}T00:00:00Z`),
    payload: { eventId, trustOds: 'RX4', date, service, observedAt, received, accepted, declined, pending },
  });
  const day = { start: Date.parse('2026-11-20T00:00:00Z'), end: Date.parse('2026-11-21T00:00:00Z'), label: '2026-11-20' };

  it("sums a day's services from each one's latest report, acceptance of the decided only", () => {
    const state = new HistoryState();
    // The SPA's 15:00 report (10 pending) is replaced by its 23:00 one; the crisis team sends once.
    state.apply(referral('r-1', '2026-11-20', '2026-11-20T15:00:00Z', 'single-point-of-access', [52, 30, 12, 10]));
    state.apply(referral('r-2', '2026-11-20', '2026-11-20T23:00:00Z', 'single-point-of-access', [60, 41, 17, 2]));
    state.apply(referral('r-3', '2026-11-20', '2026-11-20T20:00:00Z', 'crisis', [8, 7, 1, 0]));
    // An older SPA report arriving late is ignored (last-writer-wins).
    state.apply(referral('r-0', '2026-11-20', '2026-11-20T09:00:00Z', 'single-point-of-access', [20, 5, 5, 10]));
    const figures = trustPeriodFigures(state, trust, day, NOW);
    // 60 + 8 = 68 received; 41 + 7 = 48 accepted; 17 + 1 = 18 declined; 48 ÷ (48 + 18) = 48 ÷ 66 = 0.727272…
    expect([figures.referralsReceived.value, figures.referralsAccepted.value, figures.referralsDeclined.value]).toEqual([
      68, 48, 18,
    ]);
    expect(figures.referralAcceptanceRate.value).toBeCloseTo(0.727273, 6);
    expect(figures.referralAcceptanceRate.valueParts).toEqual({ num: 48, den: 66 });
  });

  it('gives received per 100,000 of the scope’s population, none without one', () => {
    const state = new HistoryState();
    state.apply(referral('r-5', '2026-11-20', '2026-11-20T23:00:00Z', 'single-point-of-access', [68, 48, 18, 2]));
    // 68 ÷ 1,700,000 × 100,000 = 4 exactly.
    const populated: HistoryScope = { ...trust, population: 1_700_000 };
    expect(trustPeriodFigures(state, populated, day, NOW).referralsPer100k.value).toBeCloseTo(4, 10);
    expect(trustPeriodFigures(state, trust, day, NOW).referralsPer100k.value).toBeNull();
  });

  it('is null before any report, for another day, and for other trusts', () => {
    const state = new HistoryState();
    expect(trustPeriodFigures(state, trust, day, NOW).referralsReceived.value).toBeNull();
    state.apply(referral('r-4', '2026-11-19', '2026-11-19T20:00:00Z', 'crisis', [3, 0, 0, 3]));
    expect(trustPeriodFigures(state, trust, day, NOW).referralsReceived.value).toBeNull();
    const nineteenth = { start: Date.parse('2026-11-19T00:00:00Z'), end: day.start, label: '2026-11-19' };
    // Nothing decided: received counts, acceptance has no value.
    expect(trustPeriodFigures(state, trust, nineteenth, NOW).referralsReceived.value).toBe(3);
    expect(trustPeriodFigures(state, trust, nineteenth, NOW).referralAcceptanceRate.value).toBeNull();
    expect(trustPeriodFigures(state, otherTrust, nineteenth, NOW).referralsReceived.value).toBeNull();
  });
});

describe('history of waiting lists: each standard’s share of its own denominator', () => {
  const day = { start: Date.parse('2026-11-20T00:00:00Z'), end: Date.parse('2026-11-21T00:00:00Z'), label: '2026-11-20' };
  const collaborative: HistoryScope = { scope: 'collaborative:nenc', trusts: new Set(['RX3', 'RX4']) };
  const noBands = { under2: 0, from2to4: 0, from4to6: 0, from6to18: 0, from18to52: 0, from52to78: 0, from78to104: 0, over104: 0 };
  const list = (
    trustOds: string,
    service: WaitingListSnapshot['service'],
    standards: WaitingListSnapshot['standards'],
    bands: Partial<WaitingListSnapshot['bands']> = { under2: 10 },
  ): HistoryFact => {
    const all = { ...noBands, ...bands };
    return {
      kind: 'waitingList',
      trustOds,
      at: Date.parse('2026-11-20T09:00:00Z'),
      payload: {
        eventId: `wl-${trustOds}-${service}`,
        trustOds,
        service,
        asOf: '2026-11-20T09:00:00Z',
        periodStart: '2026-11-01',
        periodEnd: '2026-11-20',
        waiting: Object.values(all).reduce((sum, n) => sum + n, 0),
        bands: all,
        medianWeeks: null,
        p90Weeks: null,
        referralsReceived: 0,
        referralsClosed: 0,
        standards,
      },
    };
  };
  const state = new HistoryState();
  // RX4: of 200 referrals finishing a course of Talking Therapies, 150 had a first treatment within 6
  // weeks and 188 within 18; RX3: 180 and 192 of 200.
  state.apply(
    list('RX4', 'talking-therapies', [
      { standard: '6-weeks', started: 200, startedWithin: 150 },
      { standard: '18-weeks', started: 200, startedWithin: 188 },
    ]),
  );
  state.apply(
    list('RX3', 'talking-therapies', [
      { standard: '6-weeks', started: 200, startedWithin: 180 },
      { standard: '18-weeks', started: 200, startedWithin: 192 },
    ]),
  );
  // RX4 CYP eating disorders: 9 of 10 urgent cases started treatment within a week, 38 of 40 routine within 4.
  state.apply(
    list('RX4', 'eating-disorders-cyp', [
      { standard: 'urgent-1-week', started: 10, startedWithin: 9 },
      { standard: 'routine-4-weeks', started: 40, startedWithin: 38 },
    ]),
  );
  // RX4 CYPMHS: 45 of 150 clock stops (MRS08) within 4 weeks; RX3: 15 of 50. One waits exactly 52
  // weeks (the 18–52 band), 3 more than 52.
  state.apply(
    list('RX4', 'cypmhs', [{ standard: '4-weeks', started: 150, startedWithin: 45 }], { from18to52: 1, from52to78: 3 }),
  );
  state.apply(list('RX3', 'cypmhs', [{ standard: '4-weeks', started: 50, startedWithin: 15 }]));

  it('trends Talking Therapies 18 weeks, CYP eating disorders urgent and routine, and CYPMHS four weeks for a trust', () => {
    const figures = trustPeriodFigures(state, trust, day, NOW);
    expect(figures.talkingTherapies6WeekShare.value).toBe(0.75); // 150 ÷ 200
    expect(figures.talkingTherapies18WeekShare.value).toBe(0.94); // 188 ÷ 200
    expect(figures.eatingDisordersUrgent1WeekShare.value).toBe(0.9); // 9 ÷ 10
    expect(figures.eatingDisordersRoutine4WeekShare.value).toBe(0.95); // 38 ÷ 40
    expect(figures.cypmhs4WeekShare.value).toBe(0.3); // 45 ÷ 150
    expect(figures.eip2WeekShare.value).toBeNull(); // RX4 reports no EIP list
  });

  it('takes a collaborative’s share from its trusts’ summed denominators, not the mean of their shares', () => {
    const figures = trustPeriodFigures(state, collaborative, day, NOW);
    // (150 + 180) ÷ (200 + 200) = 82.5%; (188 + 192) ÷ 400 = 95%.
    expect(figures.talkingTherapies6WeekShare.value).toBe(0.825);
    expect(figures.talkingTherapies18WeekShare.value).toBe(0.95);
    // (45 + 15) ÷ (150 + 50) = 30%.
    expect(figures.cypmhs4WeekShare.value).toBe(0.3);
  });

  it('counts those waiting more than 52 weeks, leaving out a wait of exactly 52', () => {
    // RX4's lists: CYPMHS 1 at exactly 52 weeks (18–52 band) and 3 over 52.
    expect(trustPeriodFigures(state, trust, day, NOW).waitingMoreThan52Weeks.value).toBe(3);
  });
});
