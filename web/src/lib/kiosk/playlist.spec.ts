import { describe, expect, it } from 'vitest';
import type { DisplayView } from '@wardpulse/shared';
import {
  REFUSED_VIEW_MS,
  dueAt,
  nextIndex,
  playlistFor,
  refuse,
  rotationSummary,
  secondsLeft,
  skip,
  startRotation,
  tick,
  togglePause,
  viewLabel,
} from './playlist.js';

const T0 = 1_750_000_000_000;
const INTERVAL = 30_000;
const VIEWS: DisplayView[] = [
  { kind: 'board', scope: 'collaborative:nenc' },
  { kind: 'board', scope: 'trust:RX4' },
  { kind: 'bed-finder', scope: 'collaborative:nenc', wardType: 'picu', patientSex: 'female' },
  { kind: 'alerts', scope: 'collaborative:nenc' },
];
const NAMES: Record<string, string> = { 'collaborative:nenc': 'North East and North Cumbria', 'trust:RX4': 'CNTW' };
const nameOf = (scope: string) => NAMES[scope];

describe('nextIndex', () => {
  it('goes round the views in order', () => {
    expect(nextIndex(0, 4, [])).toBe(1);
    expect(nextIndex(3, 4, [])).toBe(0);
  });

  it('skips views the screen may not read', () => {
    expect(nextIndex(0, 4, [1, 2])).toBe(3);
    expect(nextIndex(3, 4, [0])).toBe(1);
  });

  it('stays on a view that is the only one left', () => {
    expect(nextIndex(0, 1, [])).toBe(0);
    expect(nextIndex(2, 4, [0, 1, 3])).toBe(2);
  });

  it('still goes round when every view is refused, so each says why', () => {
    expect(nextIndex(1, 3, [0, 1, 2])).toBe(2);
  });
});

describe('timing', () => {
  it('moves on once the interval has passed, and not before', () => {
    const state = startRotation(T0);
    expect(dueAt(state, 4, INTERVAL)).toBe(T0 + INTERVAL);
    expect(tick(state, 4, INTERVAL, T0 + INTERVAL - 1)).toBe(state);
    const next = tick(state, 4, INTERVAL, T0 + INTERVAL);
    expect(next.index).toBe(1);
    expect(next.shownAt).toBe(T0 + INTERVAL);
  });

  it('counts the seconds left, rounded up', () => {
    const state = startRotation(T0);
    expect(secondsLeft(state, 4, INTERVAL, T0)).toBe(30);
    expect(secondsLeft(state, 4, INTERVAL, T0 + 17_500)).toBe(13);
    expect(secondsLeft(state, 4, INTERVAL, T0 + 40_000)).toBe(0);
  });

  it('moves on by one view after a long sleep, timing it from the wake-up', () => {
    const next = tick(startRotation(T0), 4, INTERVAL, T0 + 10 * INTERVAL + 5);
    expect(next.index).toBe(1);
    expect(next.shownAt).toBe(T0 + 10 * INTERVAL + 5);
  });

  it('never rotates a single view', () => {
    const state = startRotation(T0);
    expect(dueAt(state, 1, INTERVAL)).toBeNull();
    expect(tick(state, 1, INTERVAL, T0 + 100 * INTERVAL)).toBe(state);
    expect(secondsLeft(state, 1, INTERVAL, T0)).toBeNull();
  });
});

describe('pause and skip', () => {
  it('holds the view while paused and resumes with the time that was left', () => {
    const paused = togglePause(startRotation(T0), T0 + 10_000);
    expect(dueAt(paused, 4, INTERVAL)).toBeNull();
    expect(tick(paused, 4, INTERVAL, T0 + 5 * INTERVAL)).toBe(paused);
    expect(secondsLeft(paused, 4, INTERVAL, T0 + 5 * INTERVAL)).toBe(20);
    const resumed = togglePause(paused, T0 + 100_000);
    expect(resumed.pausedAt).toBeNull();
    expect(dueAt(resumed, 4, INTERVAL)).toBe(T0 + 100_000 + 20_000);
  });

  it('skips to the next view at once, staying paused if it was', () => {
    const skipped = skip(startRotation(T0), 4, T0 + 3_000);
    expect(skipped).toMatchObject({ index: 1, shownAt: T0 + 3_000, pausedAt: null });
    const pausedSkip = skip(togglePause(startRotation(T0), T0 + 1_000), 4, T0 + 5_000);
    expect(pausedSkip).toMatchObject({ index: 1, pausedAt: T0 + 5_000 });
    expect(secondsLeft(pausedSkip, 4, INTERVAL, T0 + 60_000)).toBe(30);
  });
});

describe('refused views', () => {
  it('shows the message for a short while, then moves on and skips the view from then on', () => {
    const onSecond = tick(startRotation(T0), 4, INTERVAL, T0 + INTERVAL);
    const refusedAt = T0 + INTERVAL + 400;
    const refused = refuse(onSecond, 1, refusedAt);
    expect(refused.refused).toEqual([1]);
    expect(dueAt(refused, 4, INTERVAL)).toBe(refusedAt + REFUSED_VIEW_MS);
    const third = tick(refused, 4, INTERVAL, refusedAt + REFUSED_VIEW_MS);
    expect(third.index).toBe(2);
    // Round again: 2 → 3 → 0 → 2, never 1.
    let state = third;
    const seen: number[] = [];
    for (let round = 1; round <= 4; round += 1) {
      state = tick(state, 4, INTERVAL, state.shownAt + INTERVAL);
      seen.push(state.index);
    }
    expect(seen).toEqual([3, 0, 2, 3]);
  });

  it('notes a refusal of a view not on screen without touching the current one', () => {
    const state = startRotation(T0);
    const refused = refuse(state, 2, T0 + 5_000);
    expect(refused).toMatchObject({ index: 0, shownAt: T0, refused: [2] });
    expect(refuse(refused, 2, T0 + 6_000)).toBe(refused);
  });

  it('never shortens a refused view beyond the interval itself', () => {
    const refused = refuse(startRotation(T0), 0, T0);
    expect(dueAt(refused, 4, 5_000)).toBe(T0 + 5_000);
  });
});

describe('words', () => {
  it('names the views', () => {
    expect(viewLabel(VIEWS[0]!, nameOf)).toBe('North East and North Cumbria board');
    expect(viewLabel({ kind: 'board', scope: 'trust:ZZZ' }, nameOf)).toBe('trust:ZZZ board');
    expect(viewLabel(VIEWS[2]!, nameOf)).toBe('Bed finder');
    expect(viewLabel(VIEWS[3]!, nameOf)).toBe('Alerts');
  });

  it('says which view is on and what comes next', () => {
    const state = tick(startRotation(T0), 4, INTERVAL, T0 + INTERVAL);
    expect(rotationSummary(state, VIEWS, INTERVAL, T0 + INTERVAL + 18_000, nameOf)).toBe('2 of 4 · next: Bed finder in 12 s');
    const paused = togglePause(state, T0 + INTERVAL + 1_000);
    expect(rotationSummary(paused, VIEWS, INTERVAL, T0 + INTERVAL + 9_000, nameOf)).toBe('2 of 4 · paused · next: Bed finder');
  });

  it('says nothing for a single view', () => {
    expect(rotationSummary(startRotation(T0), VIEWS.slice(0, 1), INTERVAL, T0, nameOf)).toBe('');
  });
});

describe('playlistFor', () => {
  it("shows the home board alone when the display has no playlist, or the display's own playlist", () => {
    expect(playlistFor({ scope: 'trust:RX4', playlist: null }).views).toEqual([{ kind: 'board', scope: 'trust:RX4' }]);
    const playlist = { intervalSeconds: 20, views: VIEWS };
    expect(playlistFor({ scope: 'trust:RX4', playlist })).toBe(playlist);
  });
});
