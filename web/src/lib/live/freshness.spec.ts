import { describe, expect, it } from 'vitest';
import { CHANGE_MARK_MS, FiguresChange, changedAgo, isRecentlyChanged, shownFiguresKey } from './freshness.js';

const NOW = Date.parse('2025-06-01T12:00:00+01:00');

describe('isRecentlyChanged', () => {
  it('marks a change for a minute', () => {
    expect(CHANGE_MARK_MS).toBe(60_000);
    expect(isRecentlyChanged(undefined, NOW)).toBe(false);
    expect(isRecentlyChanged(null, NOW)).toBe(false);
    expect(isRecentlyChanged(NOW, NOW)).toBe(true);
    expect(isRecentlyChanged(NOW - CHANGE_MARK_MS + 1, NOW)).toBe(true);
    expect(isRecentlyChanged(NOW - CHANGE_MARK_MS, NOW)).toBe(false);
  });

  it('counts a change newer than the last clock tick as recent', () => {
    expect(isRecentlyChanged(NOW + 900, NOW)).toBe(true);
  });
});

describe('changedAgo', () => {
  it('reads like a clock', () => {
    expect(changedAgo(NOW, NOW)).toBe('0:00');
    expect(changedAgo(NOW - 7_400, NOW)).toBe('0:07');
    expect(changedAgo(NOW - 42_000, NOW)).toBe('0:42');
    expect(changedAgo(NOW - 65_000, NOW)).toBe('1:05');
    expect(changedAgo(NOW + 800, NOW)).toBe('0:00');
  });
});

describe('FiguresChange', () => {
  const state = { commissioned: 20, closed: 0, occupied: 15, onLeave: 2, pendingAdmissions: 1, clinicallyReadyForDischarge: 0 };

  it('takes the first figures as the baseline', () => {
    const change = new FiguresChange();
    expect(change.observe(shownFiguresKey(state), undefined, NOW)).toBeNull();
  });

  it('notes when the shown figures change, at the time the board received them', () => {
    const change = new FiguresChange();
    change.observe(shownFiguresKey(state), undefined, NOW);
    expect(change.observe(shownFiguresKey({ ...state, occupied: 16 }), NOW + 5_000, NOW + 5_400)).toBe(NOW + 5_000);
    // Asked again with nothing new: the same answer.
    expect(change.observe(shownFiguresKey({ ...state, occupied: 16 }), NOW + 5_000, NOW + 9_000)).toBe(NOW + 5_000);
  });

  it('ignores a report that repeats the same figures', () => {
    const change = new FiguresChange();
    change.observe(shownFiguresKey(state), undefined, NOW);
    expect(change.observe(shownFiguresKey({ ...state }), NOW + 30_000, NOW + 30_000)).toBeNull();
  });

  it("marks a ward's first report while watched, and uses the clock when the board has no receipt time (a resync)", () => {
    const change = new FiguresChange();
    change.observe(shownFiguresKey(null), undefined, NOW);
    expect(change.observe(shownFiguresKey(state), undefined, NOW + 2_000)).toBe(NOW + 2_000);
  });
});
