import { describe, expect, it } from 'vitest';
import { isAtOrOverCapacity } from './capacity.js';

describe('isAtOrOverCapacity', () => {
  it('warns at and above 100% as displayed', () => {
    expect(isAtOrOverCapacity(1)).toBe(true);
    expect(isAtOrOverCapacity(1.25)).toBe(true);
    expect(isAtOrOverCapacity(0.996)).toBe(true); // shown as "100%"
  });

  it('does not warn below 100% as displayed', () => {
    expect(isAtOrOverCapacity(0.994)).toBe(false); // shown as "99%"
    expect(isAtOrOverCapacity(0.85)).toBe(false);
    expect(isAtOrOverCapacity(0)).toBe(false);
  });

  it('does not warn when no bed is open (occupancy undefined)', () => {
    expect(isAtOrOverCapacity(null)).toBe(false);
  });
});
