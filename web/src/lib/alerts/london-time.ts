/**
 * Date-time fields in UK time. A `datetime-local` input has no time zone; on-call staff mean London's
 * wall clock whatever their browser says, so the fields are read and filled as Europe/London time and
 * sent as instants with an offset (the API's `z.iso.datetime({ offset: true })`).
 */
import { LONDON, londonLocalInstant } from '@wardpulse/shared';

const LOCAL_INPUT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/** `2026-03-05T14:30` (London wall clock) → `2026-03-05T14:30:00.000Z`; null for an empty or malformed value. */
export function londonInputToIso(value: string): string | null {
  const match = LOCAL_INPUT.exec(value.trim());
  if (!match) return null;
  const [, date, time] = match as unknown as [string, string, string];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  if (hours > 23 || minutes > 59) return null;
  const instant = londonLocalInstant(date, time);
  return Number.isNaN(instant) ? null : new Date(instant).toISOString();
}

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as a `datetime-local` value on London's wall clock ('' for an unreadable instant). */
export function isoToLondonInput(iso: string | number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const part = (type: Intl.DateTimeFormatPartTypes) => PARTS.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/** `datetime-local` value `hours` from `now`, on London's wall clock: a sensible default for "until". */
export function londonInputFromNow(now: number, hours: number): string {
  return isoToLondonInput(now + hours * 3_600_000);
}
