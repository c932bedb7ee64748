import { describe, expect, it } from 'vitest';
import {
  CHANGE_MARK_MS,
  EXPECTED_REPORT_INTERVAL_MS,
  FiguresChange,
  changedAgo,
  isRecentlyChanged,
  isStale,
  shownFiguresKey,
} from './freshness.js';

const NOW = Date.parse('2025-06-01T12:00:00+01:00');

describe('isStale', () => {
  it('keeps an observation of exactly 15 minutes fresh and marks anything older stale', () => {
    expect(isStale(new Date(NOW - EXPECTED_REPORT_INTERVAL_MS).toISOString(), NOW)).toBe(false);
    expect(isStale(new Date(NOW - EXPECTED_REPORT_INTERVAL_MS - 1000).toISOString(), NOW)).toBe(true);
  });

  it('compares instants, whatever the offset the source wrote', () => {
    // NOW is 12:00 BST = 11:00 UTC.
    expect(isStale('2025-06-01T10:50:00Z', NOW)).toBe(false); // 10 minutes old
    expect(isStale('2025-06-01T10:50:00+01:00', NOW)).toBe(true); // 09:50 UTC: 70 minutes old
  });

  it('treats an observation slightly in the future as fresh', () => {
    expect(isStale(new Date(NOW + 60_000).toISOString(), NOW)).toBe(false);
  });

  it('treats an unreadable time as stale', () => {
    expect(isStale('yesterday', NOW)).toBe(true);
  });
});

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
