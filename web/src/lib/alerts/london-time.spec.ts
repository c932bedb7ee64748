import { describe, expect, it } from 'vitest';
import { isoToLondonInput, londonInputFromNow, londonInputToIso } from './london-time.js';

describe('London date-time fields', () => {
  it('reads the field as London wall-clock time, in winter and in summer', () => {
    expect(londonInputToIso('2026-01-15T09:00')).toBe('2026-01-15T09:00:00.000Z');
    expect(londonInputToIso('2026-07-15T09:00')).toBe('2026-07-15T08:00:00.000Z');
  });

  it('takes a time skipped by the clocks going forward an hour later', () => {
    expect(londonInputToIso('2026-03-29T01:30')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses empty and malformed values', () => {
    expect(londonInputToIso('')).toBeNull();
    expect(londonInputToIso('2026-01-15')).toBeNull();
    expect(londonInputToIso('2026-01-15T25:00')).toBeNull();
  });

  it('fills a field from an instant, round-tripping', () => {
    expect(isoToLondonInput('2026-07-15T08:00:00Z')).toBe('2026-07-15T09:00');
    expect(isoToLondonInput('2026-01-15T23:59:00+00:00')).toBe('2026-01-15T23:59');
    expect(isoToLondonInput('not a date')).toBe('');
    expect(londonInputToIso(isoToLondonInput('2026-10-25T12:34:00Z'))).toBe('2026-10-25T12:34:00.000Z');
    expect(londonInputFromNow(Date.parse('2026-01-15T09:00:00Z'), 4)).toBe('2026-01-15T13:00');
  });
});
