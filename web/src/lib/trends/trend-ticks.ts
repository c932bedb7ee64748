/**
 * Ticks for the time axis. The chart's x axis is linear epoch milliseconds (decimation needs a linear
 * or time axis, and the time axis would need a date adapter), so ticks are placed here on London
 * calendar boundaries — hours, days or month starts, every so many — and labelled for people.
 */
import { addDays, londonDateOf, londonMidnight } from '@wardpulse/shared';

export type TickUnit = 'hour' | 'day' | 'month';

const HOUR = 3_600_000;
const DAY = 86_400_000;

const STRIDES: Record<TickUnit, number[]> = {
  hour: [1, 2, 3, 6, 12],
  day: [1, 2, 7, 14],
  month: [1, 2, 3, 6, 12, 24, 60],
};

/** The tick unit for a span: hours up to two days, days up to about four months, then months. */
export function tickUnitFor(min: number, max: number): TickUnit {
  const span = max - min;
  if (span <= 2 * DAY) return 'hour';
  if (span <= 120 * DAY) return 'day';
  return 'month';
}

function boundaries(min: number, max: number, unit: TickUnit): number[] {
  const out: number[] = [];
  if (unit === 'hour') {
    // London's offset from UTC is whole hours, so UTC hours are London hours.
    for (let t = Math.ceil(min / HOUR) * HOUR; t <= max; t += HOUR) out.push(t);
    return out;
  }
  let date = londonDateOf(min);
  if (unit === 'month') date = `${date.slice(0, 8)}01`;
  while (out.length < 5000) {
    const t = londonMidnight(date);
    if (t > max) break;
    if (t >= min) out.push(t);
    if (unit === 'day') {
      date = addDays(date, 1);
    } else {
      const [year, month] = date.split('-').map(Number) as [number, number];
      date = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    }
  }
  return out;
}

/** At most `maxTicks` ticks on calendar boundaries between min and max (inclusive). */
export function periodTicks(min: number, max: number, maxTicks: number): number[] {
  const unit = tickUnitFor(min, max);
  const all = boundaries(min, max, unit);
  const stride = STRIDES[unit].find((step) => Math.ceil(all.length / step) <= maxTicks) ?? Math.ceil(all.length / maxTicks);
  // Months stride from January so that "every 3 months" reads Jan, Apr, Jul, Oct; others from the first.
  const monthOrdinal = (t: number) => {
    const [year, month] = londonDateOf(t).split('-').map(Number) as [number, number];
    return year * 12 + month - 1;
  };
  return all.filter((t, index) => (unit === 'month' ? monthOrdinal(t) % stride === 0 : index % stride === 0));
}

const LONDON = 'Europe/London';
const hourTick = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const dayTick = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, day: 'numeric', month: 'short', year: '2-digit' });
const monthTick = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, month: 'short', year: 'numeric' });

/** "14 Mar, 13:00", "14 Mar 25", "Mar 2025". */
export function formatTimeTick(instant: number, unit: TickUnit): string {
  if (unit === 'hour') return hourTick.format(instant);
  if (unit === 'month') return monthTick.format(instant);
  return dayTick.format(instant);
}
