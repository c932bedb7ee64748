import { describe, expect, it } from 'vitest';
import { formatAge, updatedAgo } from './age.js';

describe('formatAge', () => {
  it.each([
    [0, '0 s'],
    [999, '0 s'],
    [12_400, '12 s'],
    [59_999, '59 s'],
    [60_000, '1 min'],
    [59 * 60_000 + 59_000, '59 min'],
    [3_600_000, '1 h'],
    [2 * 3_600_000 + 5 * 60_000, '2 h 5 min'],
    [24 * 3_600_000, '1 d'],
    [3 * 24 * 3_600_000 + 7_200_000, '3 d'],
  ])('%i ms → %s', (ageMs, text) => {
    expect(formatAge(ageMs)).toBe(text);
  });

  it('treats a future timestamp (clock skew) as just observed', () => {
    expect(formatAge(-4_000)).toBe('0 s');
  });

  it('does not print NaN for an unparseable time', () => {
    expect(formatAge(Number.NaN)).toBe('0 s');
  });
});

describe('updatedAgo', () => {
  it('says how long ago a value was updated', () => {
    expect(updatedAgo(1_000, 13_500)).toBe('updated 12 s ago');
  });
});
