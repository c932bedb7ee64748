/**
 * The not-reporting limits from the environment (shared/src/freshness.ts defines what they mean):
 *   WARDPULSE_NOT_REPORTING_AFTER=12h                      every ward type (default 12 h)
 *   WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE=picu=4h,camhs=8h  ward types that differ
 * A duration is whole units, largest first: `12h`, `90m`, `1h30m`, `2d`, `45s`.
 */
import { DEFAULT_FRESHNESS_LIMITS, WARD_TYPES, type FreshnessLimits, type WardType } from '@wardpulse/shared';

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** Shorter than this and a ward keyed by hand between two phone calls would drop out of the totals. */
export const SHORTEST_NOT_REPORTING_LIMIT_MS = 60_000;
/** Longer than this and a month-old vacancy would still be offered: not a limit at all. */
export const LONGEST_NOT_REPORTING_LIMIT_MS = 30 * 86_400_000;

/** `12h` → 43 200 000 ms; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+[dhms])+$/.test(trimmed)) return undefined;
  let ms = 0;
  let previousUnit = Number.POSITIVE_INFINITY;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([dhms])/g)) {
    const unitMs = UNIT_MS[unit!]!;
    // `30m2h` is more likely a typo than a way of writing 2 h 30 min.
    if (unitMs >= previousUnit) return undefined;
    previousUnit = unitMs;
    ms += Number(amount) * unitMs;
  }
  return ms;
}

function limitOf(variable: string, text: string, fail: (message: string) => Error): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw fail(`${variable}: "${text}" must be a duration such as 12h, 90m or 1h30m`);
  if (ms < SHORTEST_NOT_REPORTING_LIMIT_MS || ms > LONGEST_NOT_REPORTING_LIMIT_MS)
    throw fail(`${variable}: "${text}" must be between 1 minute and 30 days`);
  return ms;
}

export function readFreshnessLimits(
  env: { WARDPULSE_NOT_REPORTING_AFTER?: string | undefined; WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE?: string | undefined },
  fail: (message: string) => Error,
): FreshnessLimits {
  const notReportingAfterMs =
    env.WARDPULSE_NOT_REPORTING_AFTER === undefined
      ? DEFAULT_FRESHNESS_LIMITS.notReportingAfterMs
      : limitOf('WARDPULSE_NOT_REPORTING_AFTER', env.WARDPULSE_NOT_REPORTING_AFTER, fail);
  const byWardType: Partial<Record<WardType, number>> = {};
  const variable = 'WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE';
  for (const part of (env.WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE ?? '')
    .split(',')
    .map((piece) => piece.trim())
    .filter(Boolean)) {
    const [type = '', duration, ...rest] = part.split('=').map((piece) => piece.trim());
    if (duration === undefined || rest.length > 0) throw fail(`${variable}: "${part}" must be type=duration, e.g. picu=4h`);
    if (!WARD_TYPES.includes(type as WardType))
      throw fail(`${variable}: "${type}" is not a ward type (one of ${WARD_TYPES.join(', ')})`);
    if (byWardType[type as WardType] !== undefined) throw fail(`${variable}: ${type} is given twice`);
    byWardType[type as WardType] = limitOf(`${variable} (${type})`, duration, fail);
  }
  return { notReportingAfterMs, byWardType };
}
