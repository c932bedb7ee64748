import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollWhileVisible } from './polling.js';

class FakeVisibility {
  visibilityState: DocumentVisibilityState = 'visible';
  #listeners = new Set<() => void>();
  addEventListener(_type: string, listener: () => void) {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: string, listener: () => void) {
    this.#listeners.delete(listener);
  }
  set(state: DocumentVisibilityState) {
    this.visibilityState = state;
    for (const listener of this.#listeners) listener();
  }
  get listeners() {
    return this.#listeners.size;
  }
}

describe('pollWhileVisible', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs on every interval while visible, and stops when told', async () => {
    const visibility = new FakeVisibility();
    const task = vi.fn();
    const stop = pollWhileVisible(task, 10_000, visibility as unknown as Document);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(task).toHaveBeenCalledTimes(3);
    stop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(task).toHaveBeenCalledTimes(3);
    expect(visibility.listeners).toBe(0);
  });

  it('skips while hidden and catches up once when shown', async () => {
    const visibility = new FakeVisibility();
    const task = vi.fn();
    const stop = pollWhileVisible(task, 10_000, visibility as unknown as Document);
    visibility.set('hidden');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(task).not.toHaveBeenCalled();
    visibility.set('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(1);
    stop();
  });

  it('never overlaps a slow refresh, and keeps going after a failure', async () => {
    const visibility = new FakeVisibility();
    let calls = 0;
    const task = vi.fn(async () => {
      calls += 1;
      if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 25_000));
      if (calls === 2) throw new Error('server down');
    });
    const stop = pollWhileVisible(task, 10_000, visibility as unknown as Document);
    // The first run lasts from 10 s to 35 s: the ticks at 20 s and 30 s are skipped; the one at 40 s runs (and fails).
    await vi.advanceTimersByTimeAsync(30_000);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(task).toHaveBeenCalledTimes(3);
    stop();
  });
});
