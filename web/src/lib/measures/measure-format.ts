/**
 * Wall wording for the trust-level measures: counts, money, shares and weeks, short enough to read
 * across a room. Only presentation lives here; every figure comes from @wardpulse/shared.
 */
import { formatPercent } from '@wardpulse/shared';

const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

/** 1234 → "1,234". */
export function formatCount(value: number): string {
  return COUNT.format(Math.round(value));
}

/**
 * Pounds for the wall: whole pounds with separators ("£34,800") up to a million, then millions to
 * one decimal ("£1.3m") so a large collaborative's spend still fits its figure.
 */
export function formatMoney(pounds: number): string {
  if (!Number.isFinite(pounds)) return '—';
  if (Math.abs(pounds) >= 999_999.5) {
    const millions = Math.round(pounds / 100_000) / 10;
    return `£${millions.toFixed(1).replace(/\.0$/, '')}m`;
  }
  // Intl puts the minus after nothing odd for en-GB ("-£5"), and never shows "-£0".
  return POUNDS.format(Math.round(pounds) || 0);
}

/** A share (0.57) as "57%", or "—" when there is none; the same rounding as occupancy. */
export function formatShare(fraction: number | null): string {
  return formatPercent(fraction);
}

/**
 * Weeks as "8 wk" (whole from 10 on, one decimal below), "—" when unknown. `long` spells the unit out
 * for screen readers and captions ("1 week", "3.5 weeks").
 */
export function formatWeeks(weeks: number | null, long = false): string {
  if (weeks === null || !Number.isFinite(weeks)) return '—';
  const rounded = weeks >= 10 ? Math.round(weeks) : Math.round(weeks * 10) / 10;
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  if (!long) return `${text} wk`;
  return `${text} ${rounded === 1 ? 'week' : 'weeks'}`;
}

/**
 * Nights for the wall: "32 nights", "1 night", a median between two nights as "47.5 nights"
 * (whole nights otherwise, so a board never shows more precision than a census of nights has),
 * "—" when there is none (no one in).
 */
export function formatNights(nights: number | null): string {
  if (nights === null || !Number.isFinite(nights)) return '—';
  const halves = Math.round(nights * 2) / 2;
  const text = Number.isInteger(halves) ? formatCount(halves) : halves.toFixed(1);
  return `${text} ${halves === 1 ? 'night' : 'nights'}`;
}

/** "3 wards", "1 ward". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : pluralNoun}`;
}
