import type { EscalationState } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { escalationView, formatIndicatorValue, opelMeaning } from './escalation-view.js';

function state(overrides: Partial<EscalationState> = {}): EscalationState {
  return {
    scope: 'trust:RX4',
    level: 3,
    previousLevel: 2,
    indicators: [
      { indicator: 'occupancy', value: 98.4, level: 3 },
      { indicator: 'readyForDischarge', value: 6.25, level: 2 },
      { indicator: 'bedsClosed', value: 1, level: 1 },
    ],
    changedAt: '2025-06-01T10:00:00Z',
    assessedAt: '2025-06-01T10:05:00Z',
    ...overrides,
  };
}

describe('opelMeaning', () => {
  it('takes the words after the level from the shared descriptions', () => {
    expect(opelMeaning(1)).toBe('able to meet demand');
    expect(opelMeaning(3)).toBe('severe pressure');
  });
});

describe('formatIndicatorValue', () => {
  it('shows percentages whole and per-100-bed counts to one decimal below ten', () => {
    expect(formatIndicatorValue('occupancy', 103.6)).toBe('104%');
    expect(formatIndicatorValue('bedsClosed', 6.2)).toBe('6%');
    expect(formatIndicatorValue('waitingForAdmission', 6.25)).toBe('6.3 per 100 beds');
    expect(formatIndicatorValue('placedOutOfArea', 12.4)).toBe('12 per 100 beds');
  });
});

describe('escalationView', () => {
  it('says when there is no level', () => {
    expect(escalationView(null)).toEqual({ level: null, label: 'OPEL not assessed', meaning: '', reasons: [] });
    expect(escalationView(state({ level: null, indicators: [] })).label).toBe('OPEL not assessed');
  });

  it('gives the level, its meaning and the indicators above OPEL 1, most severe first', () => {
    const view = escalationView(state());
    expect(view.label).toBe('OPEL 3');
    expect(view.meaning).toBe('severe pressure');
    expect(view.reasons).toEqual(['Occupancy incl. leave 98%', 'Ready for discharge 6.3 per 100 beds (OPEL 2)']);
  });

  it('sorts reasons itself and keeps at most the number asked for', () => {
    const view = escalationView(
      state({
        level: 4,
        indicators: [
          { indicator: 'bedsClosed', value: 7, level: 3 },
          { indicator: 'occupancy', value: 105, level: 4 },
          { indicator: 'placedOutOfArea', value: 6.5, level: 4 },
        ],
      }),
      2,
    );
    expect(view.reasons).toEqual(['Occupancy incl. leave 105%', 'Placed out of area 6.5 per 100 beds']);
  });

  it('gives no reason at OPEL 1', () => {
    expect(escalationView(state({ level: 1, indicators: [{ indicator: 'occupancy', value: 80, level: 1 }] })).reasons).toEqual(
      [],
    );
  });
});
