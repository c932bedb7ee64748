import { describe, expect, it } from 'vitest';
import { formatCount, formatMoney, formatNights, formatShare, formatWeeks, plural } from './measure-format.js';

describe('formatCount', () => {
  it('groups thousands and rounds', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(1_000_000)).toBe('1,000,000');
    expect(formatCount(12.6)).toBe('13');
  });
});

describe('formatMoney', () => {
  it('shows whole pounds with separators below a million', () => {
    expect(formatMoney(0)).toBe('£0');
    expect(formatMoney(650)).toBe('£650');
    expect(formatMoney(34_800.4)).toBe('£34,800');
    expect(formatMoney(999_999.4)).toBe('£999,999');
  });

  it('shows millions to one decimal', () => {
    expect(formatMoney(999_999.6)).toBe('£1m');
    expect(formatMoney(1_340_000)).toBe('£1.3m');
    expect(formatMoney(134_000_000)).toBe('£134m');
  });

  it('never shows a negative zero or a non-number', () => {
    expect(formatMoney(-0.2)).toBe('£0');
    expect(formatMoney(Number.NaN)).toBe('—');
  });
});

describe('formatShare', () => {
  it('rounds like occupancy and shows a dash for no share', () => {
    expect(formatShare(0.574)).toBe('57%');
    expect(formatShare(1)).toBe('100%');
    expect(formatShare(null)).toBe('—');
  });
});

describe('formatWeeks', () => {
  it('keeps one decimal below ten weeks and whole weeks above', () => {
    expect(formatWeeks(3.46)).toBe('3.5 wk');
    expect(formatWeeks(4)).toBe('4 wk');
    expect(formatWeeks(9.96)).toBe('10 wk');
    expect(formatWeeks(52.4)).toBe('52 wk');
    expect(formatWeeks(null)).toBe('—');
  });

  it('spells the unit out when asked', () => {
    expect(formatWeeks(1, true)).toBe('1 week');
    expect(formatWeeks(3.5, true)).toBe('3.5 weeks');
    expect(formatWeeks(null, true)).toBe('—');
  });
});

describe('formatNights', () => {
  it('shows whole nights, a median between two nights to the half, and a dash when no one is in', () => {
    // The median of 30 and 65 nights is 47.5 (ward-stays.spec.ts); of 0 and 2, 1 night.
    expect(formatNights(47.5)).toBe('47.5 nights');
    expect(formatNights(32)).toBe('32 nights');
    expect(formatNights(1)).toBe('1 night');
    expect(formatNights(0)).toBe('0 nights');
    expect(formatNights(1234)).toBe('1,234 nights');
    expect(formatNights(null)).toBe('—');
  });
});

describe('plural', () => {
  it('picks the noun by count', () => {
    expect(plural(1, 'ward')).toBe('1 ward');
    expect(plural(2, 'ward')).toBe('2 wards');
    expect(plural(1200, 'contact')).toBe('1,200 contacts');
  });
});
