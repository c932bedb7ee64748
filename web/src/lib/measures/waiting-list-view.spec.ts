import { waitingListFigures, type StandardFigures, type WaitingListSnapshot } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import {
  anyStandardNotMet,
  bandBars,
  bandsSentence,
  percentileText,
  selectForPanel,
  standardDenominatorText,
  standardSentence,
  standardShortText,
  standardVerdict,
  VERDICT_WORDS,
} from './waiting-list-view.js';

function standard(overrides: Partial<StandardFigures>): StandardFigures {
  return {
    standard: '6-weeks',
    label: 'First treatment within 6 weeks of referral',
    weeks: 6,
    target: 0.75,
    counted: 'referrals that finished a course of treatment in the period',
    countedShort: 'finishing treatment',
    started: 100,
    startedWithin: 71,
    share: 0.71,
    meetsTarget: false,
    ...overrides,
  };
}

function talkingTherapies(startedWithin6: number, startedWithin18: number): WaitingListSnapshot {
  return {
    eventId: 'wl-1',
    trustOds: 'RX4',
    service: 'talking-therapies',
    asOf: '2025-06-01T09:00:00Z',
    periodStart: '2025-05-01',
    periodEnd: '2025-05-31',
    waiting: 10,
    bands: { under2: 2, from2to4: 2, from4to6: 2, from6to18: 2, from18to52: 1, from52to78: 1, from78to104: 0, over104: 0 },
    medianWeeks: 4,
    p90Weeks: 30,
    referralsReceived: 20,
    referralsClosed: 15,
    standards: [
      { standard: '6-weeks', started: 100, startedWithin: startedWithin6 },
      { standard: '18-weeks', started: 100, startedWithin: startedWithin18 },
    ],
  };
}

describe('selectForPanel', () => {
  it('keeps the first items and counts the rest', () => {
    expect(selectForPanel(['a', 'b', 'c', 'd'], 3)).toEqual({ shown: ['a', 'b', 'c'], hidden: 1 });
    expect(selectForPanel(['a'], 3)).toEqual({ shown: ['a'], hidden: 0 });
    expect(selectForPanel([], 3)).toEqual({ shown: [], hidden: 0 });
    expect(selectForPanel(['a', 'b'], 0)).toEqual({ shown: [], hidden: 2 });
  });
});

describe('standardVerdict', () => {
  it('reads the shared target decision', () => {
    expect(standardVerdict(standard({}))).toBe('not-met');
    expect(standardVerdict(standard({ share: 0.8, meetsTarget: true }))).toBe('met');
    expect(standardVerdict(standard({ target: null, meetsTarget: null }))).toBe('no-target');
    expect(standardVerdict(standard({ started: 0, startedWithin: 0, share: null, meetsTarget: null }))).toBe('no-data');
    expect(VERDICT_WORDS['not-met']).toBe('Not met');
  });

  it('agrees with the shared figures of a real snapshot', () => {
    const figures = waitingListFigures('talking-therapies', [talkingTherapies(71, 96)]);
    expect(figures.standards.map(standardVerdict)).toEqual(['not-met', 'met']);
    expect(anyStandardNotMet([figures])).toBe(true);
    expect(anyStandardNotMet([waitingListFigures('talking-therapies', [talkingTherapies(80, 96)])])).toBe(false);
  });
});

describe('standard wording', () => {
  it('is short on the wall and whole for screen readers', () => {
    expect(standardShortText(standard({}))).toBe('≤6 wk 71% / 75%');
    expect(standardShortText(standard({ weeks: 4, target: null, share: 0.5, meetsTarget: null }))).toBe('≤4 wk 50%');
    expect(standardSentence(standard({}))).toBe(
      'First treatment within 6 weeks of referral: 71 of 100 referrals that finished a course of treatment in the period, 71%, against a target of 75%, not met',
    );
    expect(standardSentence(standard({ startedWithin: 80, share: 0.8, meetsTarget: true }))).toMatch(
      /: 80 of 100 referrals .*, 80%, against a target of 75%, met$/,
    );
    expect(standardSentence(standard({ target: null, meetsTarget: null }))).toMatch(/, 71%, no national target$/);
    expect(standardSentence(standard({ started: 0, startedWithin: 0, share: null, meetsTarget: null }))).toBe(
      'First treatment within 6 weeks of referral: none counted in the period (referrals that finished a course of treatment in the period)',
    );
  });

  it('gives the share with its denominator: "412 of 520 finishing treatment"', () => {
    expect(standardDenominatorText(standard({ started: 520, startedWithin: 412 }))).toBe('412 of 520 finishing treatment');
    expect(standardDenominatorText(standard({ started: 0, startedWithin: 0, share: null }))).toBe('none finishing treatment');
    const figures = waitingListFigures('community-mental-health', [
      {
        ...talkingTherapies(0, 0),
        service: 'community-mental-health',
        standards: [{ standard: '4-weeks', started: 1200, startedWithin: 450 }],
      },
    ]);
    expect(standardDenominatorText(figures.standards[0]!)).toBe('450 of 1,200 clock stops');
  });
});

describe('percentiles and bands', () => {
  const one = waitingListFigures('talking-therapies', [talkingTherapies(71, 96)]);

  it('shows a trust’s own percentiles as reported, and a roll-up’s estimate in the open top band as "> 104 wk"', () => {
    expect(percentileText(one, one.medianWeeks)).toBe('4 wk');
    expect(percentileText(one, one.p90Weeks, true)).toBe('30 weeks');
    const rolled = waitingListFigures('talking-therapies', [
      { ...talkingTherapies(71, 96), bands: { ...talkingTherapies(0, 0).bands, over104: 90 }, waiting: 100 },
      { ...talkingTherapies(71, 96), eventId: 'wl-2', trustOds: 'RX3' },
    ]);
    expect(rolled.percentilesEstimated).toBe(true);
    // 110 waiting, 90 of them more than 104 weeks: rank 99 is in the top band, reported as its lower bound.
    expect(percentileText(rolled, rolled.p90Weeks)).toBe('> 104 wk');
    expect(percentileText(rolled, rolled.p90Weeks, true)).toBe('more than 104 weeks');
  });

  it('scales one bar per band to the fullest, marks the bands over 52 weeks, and says the counts in words', () => {
    const bars = bandBars(talkingTherapies(0, 0).bands);
    // Bands 2, 2, 2, 2, 1, 1, 0, 0: the fullest holds 2.
    expect(bars.map((bar) => [bar.count, bar.height, bar.over52])).toEqual([
      [2, 1, false],
      [2, 1, false],
      [2, 1, false],
      [2, 1, false],
      [1, 0.5, false],
      [1, 0.5, true],
      [0, 0, true],
      [0, 0, true],
    ]);
    expect(bandsSentence(talkingTherapies(0, 0).bands)).toBe(
      'Up to 2 weeks 2; Over 2, up to 4 weeks 2; Over 4, up to 6 weeks 2; Over 6, up to 18 weeks 2; Over 18, up to 52 weeks 1; Over 52, up to 78 weeks 1; Over 78, up to 104 weeks 0; More than 104 weeks 0',
    );
  });
});
