import { describe, expect, it } from 'vitest';
import { REFUSED_BACKOFF, RETRY_BACKOFF, backoffDelay, socketIoReconnection } from './retry-delay.js';

describe('backoffDelay', () => {
  const middle = () => 0.5;
  const lowest = () => 0;
  const highest = () => 0.999_999;

  it('doubles from the minimum until its spread reaches the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, RETRY_BACKOFF, middle))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 20_000, 20_000,
    ]);
  });

  it('spreads each delay ±50% around its centre', () => {
    expect(backoffDelay(1, RETRY_BACKOFF, lowest)).toBe(1000);
    expect(backoffDelay(1, RETRY_BACKOFF, highest)).toBe(3000);
    expect(backoffDelay(0, RETRY_BACKOFF, lowest)).toBe(500);
  });

  it('keeps the spread at the cap: from 10 s to 30 s, never over the maximum', () => {
    expect(backoffDelay(20, RETRY_BACKOFF, lowest)).toBe(10_000);
    expect(backoffDelay(20, RETRY_BACKOFF, highest)).toBe(30_000);
    expect(backoffDelay(20, RETRY_BACKOFF, () => 0.25)).toBe(15_000);
  });

  it('spreads a crowd of screens evenly at the cap instead of piling them up at the maximum', () => {
    let seed = 1;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const delays = Array.from({ length: 1000 }, () => backoffDelay(12, RETRY_BACKOFF, random));
    const atMaximum = delays.filter((delay) => delay === RETRY_BACKOFF.maxMs).length;
    expect(atMaximum).toBeLessThan(10);
    // Ten 2-second buckets between 10 s and 30 s each hold some of the crowd.
    const buckets = new Set(delays.map((delay) => Math.min(9, Math.floor((delay - 10_000) / 2000))));
    expect(buckets.size).toBe(10);
  });

  it('survives a huge, negative or missing attempt count', () => {
    expect(backoffDelay(5000, RETRY_BACKOFF, middle)).toBe(20_000);
    expect(backoffDelay(-3, RETRY_BACKOFF, middle)).toBe(1000);
    expect(backoffDelay(Number.NaN, RETRY_BACKOFF, middle)).toBe(1000);
  });

  it('retries a refused handshake slowly: 30 s at first, at most 5 minutes', () => {
    expect(backoffDelay(0, REFUSED_BACKOFF, middle)).toBe(30_000);
    expect(backoffDelay(0, REFUSED_BACKOFF, lowest)).toBe(15_000);
    expect(backoffDelay(50, REFUSED_BACKOFF, highest)).toBe(300_000);
  });

  it('gives Socket.IO the same figures', () => {
    expect(socketIoReconnection()).toEqual({ reconnectionDelay: 1000, reconnectionDelayMax: 30_000, randomizationFactor: 0.5 });
  });
});
