/**
 * How old a value is, in words short enough for a tile read from across the room:
 * "12 s", "5 min", "2 h 5 min", "3 d".
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatAge(ageMs: number): string {
  // A source clock slightly ahead of ours gives a negative age; it is as fresh as it gets.
  const age = Number.isFinite(ageMs) ? Math.max(0, ageMs) : 0;
  if (age < MINUTE) return `${Math.floor(age / SECOND)} s`;
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min`;
  if (age < DAY) {
    const hours = Math.floor(age / HOUR);
    const minutes = Math.floor((age % HOUR) / MINUTE);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  return `${Math.floor(age / DAY)} d`;
}

/** "updated 12 s ago" for a value observed at `sinceMs`. */
export function updatedAgo(sinceMs: number, nowMs: number): string {
  return `updated ${formatAge(nowMs - sinceMs)} ago`;
}
