import { describe, expect, it } from 'vitest';
import { RETRY_BACKOFF, backoffDelay } from './retry-delay.js';

describe('backoffDelay', () => {
  const middle = () => 0.5;

  it('doubles from the minimum up to the maximum', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, RETRY_BACKOFF, middle))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('spreads each delay by the randomization factor', () => {
    expect(backoffDelay(1, RETRY_BACKOFF, () => 0)).toBe(1000);
    expect(backoffDelay(1, RETRY_BACKOFF, () => 0.999_999)).toBe(3000);
  });

  it('never exceeds the maximum, whatever the jitter', () => {
    expect(backoffDelay(20, RETRY_BACKOFF, () => 0.999_999)).toBe(10_000);
  });

  it('survives a huge attempt count', () => {
    expect(backoffDelay(5000, RETRY_BACKOFF, middle)).toBe(10_000);
  });
});
