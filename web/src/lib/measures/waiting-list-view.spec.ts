import { waitingListFigures, type StandardFigures, type WaitingListSnapshot } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import {
  anyStandardNotMet,
  selectForPanel,
  standardSentence,
  standardShortText,
  standardVerdict,
  VERDICT_WORDS,
} from './waiting-list-view.js';

function standard(overrides: Partial<StandardFigures>): StandardFigures {
  return {
    standard: '6-weeks',
    label: 'Within 6 weeks',
    weeks: 6,
    target: 0.75,
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
    expect(standardSentence(standard({}))).toBe('Within 6 weeks: 71% against a target of 75%, not met');
    expect(standardSentence(standard({ share: 0.8, meetsTarget: true }))).toBe(
      'Within 6 weeks: 80% against a target of 75%, met',
    );
    expect(standardSentence(standard({ target: null, meetsTarget: null }))).toBe('Within 6 weeks: 71%, no national target');
    expect(standardSentence(standard({ share: null, meetsTarget: null }))).toBe(
      'Within 6 weeks: no one started treatment in the period',
    );
  });
});
