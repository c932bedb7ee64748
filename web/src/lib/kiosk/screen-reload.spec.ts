import { describe, expect, it } from 'vitest';
import { QUIET_WAIT_MAX_MS, UPDATE_NOTICE_MS, animating, reloadDue, type AnimationLike } from './screen-reload.js';

const T0 = 1_750_000_000_000;

function animation(playState: string, endTime: unknown): AnimationLike {
  return { playState, effect: { getComputedTiming: () => ({ endTime }) } };
}

describe('reloadDue', () => {
  it('shows the notice first, however quiet the screen', () => {
    expect(reloadDue(T0, T0, false)).toBe(false);
    expect(reloadDue(T0, T0 + UPDATE_NOTICE_MS - 1, false)).toBe(false);
    expect(reloadDue(T0, T0 + UPDATE_NOTICE_MS, false)).toBe(true);
  });

  it('waits for a quiet moment, but not for ever', () => {
    expect(reloadDue(T0, T0 + UPDATE_NOTICE_MS + 1_000, true)).toBe(false);
    expect(reloadDue(T0, T0 + UPDATE_NOTICE_MS + QUIET_WAIT_MAX_MS - 1, true)).toBe(false);
    expect(reloadDue(T0, T0 + UPDATE_NOTICE_MS + QUIET_WAIT_MAX_MS, true)).toBe(true);
  });
});

describe('animating', () => {
  it('counts finite running animations only', () => {
    expect(animating([])).toBe(false);
    expect(animating([animation('running', 1200)])).toBe(true);
    expect(animating([animation('finished', 1200), animation('paused', 800)])).toBe(false);
    // A spinner runs for ever: waiting for it would mean never reloading.
    expect(animating([animation('running', Infinity), animation('running', 'auto')])).toBe(false);
    expect(animating([{ playState: 'running', effect: null }])).toBe(false);
  });
});
