/**
 * On-call rotas and escalation chains (issue #6, item 3).
 *
 * A rota belongs to a scope (a trust or a collaborative) and an escalation level (1 = first on
 * call, 2 = next, …). Its members take turns a week at a time, in order, starting with the first
 * member at the first handover. Weeks change at a London wall-clock time on a weekday, so the week
 * containing a clock change is 167 hours (March) or 169 hours (October) long, and the handover is
 * still at the same local time. Overrides hand a period to someone else and win over the rota.
 *
 * Instants are epoch milliseconds. Periods are half-open: `[from, to)`.
 */
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { addDays, calendarDateSchema, daysBetween, LONDON, londonDateOf } from './calendar.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { scopeTextSchema } from './scope.js';

export const WEEKDAY_LABELS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const personIdSchema = z.string().min(1, 'must name a person');

export const rotaOverrideSchema = z.strictObject({
  personId: personIdSchema,
  from: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' }),
  to: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' }),
  reason: z.string().max(500, 'must be at most 500 characters').optional(),
});
export type RotaOverride = z.infer<typeof rotaOverrideSchema>;

export const handoverSchema = z.strictObject({
  /** 0 = Monday … 6 = Sunday. */
  weekday: z.int('must be a whole number').min(0, 'must be 0 (Monday) to 6 (Sunday)').max(6, 'must be 0 (Monday) to 6 (Sunday)'),
  /** London local time. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM (00:00 to 23:59)'),
});
export type Handover = z.infer<typeof handoverSchema>;

export const rotaSchema = z.strictObject({
  id: z.string().min(1, 'must not be empty'),
  name: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  /** `trust:RX4` or `collaborative:nenc`. */
  scope: scopeTextSchema.refine(
    (text) => text.startsWith('trust:') || text.startsWith('collaborative:'),
    'must be a trust or a collaborative',
  ),
  /** 1 = first on call, 2 = next, … */
  level: z.int('must be a whole number').min(1, 'must be 1 or more'),
  handover: handoverSchema,
  /** London date of the first handover; must fall on `handover.weekday`. */
  startsOn: calendarDateSchema,
  /** Rotating weekly, in this order. */
  members: z.array(personIdSchema).min(1, 'must contain at least one person'),
  overrides: z.array(rotaOverrideSchema),
});
export type Rota = z.infer<typeof rotaSchema>;

/** Monday = 0 … Sunday = 6 for a `YYYY-MM-DD` date. */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/**
 * Reasons a well-formed rota is impossible: the first handover not on the handover weekday, no
 * members, an override that does not end after it starts, overlapping overrides. Empty when fine.
 */
export function rotaViolations(rota: Rota, prefix: readonly PropertyKey[] = []): ErrorDetail[] {
  const at = (...path: PropertyKey[]) => formatPath([...prefix, ...path]);
  const violations: ErrorDetail[] = [];
  if (weekdayOf(rota.startsOn) !== rota.handover.weekday) {
    violations.push({
      path: at('startsOn'),
      message: `is a ${WEEKDAY_LABELS[weekdayOf(rota.startsOn)]}, but handovers are on ${WEEKDAY_LABELS[rota.handover.weekday] ?? `weekday ${rota.handover.weekday}`}`,
    });
  }
  if (rota.members.length === 0) violations.push({ path: at('members'), message: 'must contain at least one person' });

  const periods: { index: number; from: number; to: number }[] = [];
  rota.overrides.forEach((override, index) => {
    const from = Date.parse(override.from);
    const to = Date.parse(override.to);
    if (to <= from) violations.push({ path: at('overrides', index, 'to'), message: 'must be after the override starts' });
    else periods.push({ index, from, to });
  });
  periods.sort((a, b) => a.from - b.from || a.index - b.index);
  // Sorted by start, a period overlaps an earlier one exactly when it starts before the latest end so far.
  let latest: { index: number; to: number } | null = null;
  for (const period of periods) {
    if (latest !== null && period.from < latest.to) {
      const [first, second] = [Math.min(latest.index, period.index), Math.max(latest.index, period.index)];
      violations.push({ path: at('overrides', second), message: `overlaps overrides[${first}]` });
    }
    if (latest === null || period.to > latest.to) latest = { index: period.index, to: period.to };
  }
  return violations;
}

/**
 * The instant London's clocks show `time` on `date`. A time skipped when clocks go forward is
 * taken an hour later (01:30 on 29 March 2026 → 02:30 BST); a time repeated when they go back is
 * the second occurrence (01:30 on 25 October 2026 → 01:30 GMT).
 */
export function londonLocalInstant(date: string, time: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new TZDate(year, month - 1, day, hours, minutes, 0, 0, LONDON).getTime();
}

/** The instant of handover `week` (0 = the first, on `startsOn`). */
export function handoverAt(rota: Pick<Rota, 'startsOn' | 'handover'>, week: number): number {
  return londonLocalInstant(addDays(rota.startsOn, 7 * week), rota.handover.time);
}

/** Which rota week `instant` falls in (-1 before the first handover), with the week's bounds. */
function weekOf(rota: Pick<Rota, 'startsOn' | 'handover'>, instant: number): { week: number; from: number; to: number } {
  let week = Math.floor(daysBetween(rota.startsOn, londonDateOf(instant)) / 7);
  while (week >= 0 && instant < handoverAt(rota, week)) week -= 1;
  while (instant >= handoverAt(rota, week + 1)) week += 1;
  return { week, from: handoverAt(rota, week), to: handoverAt(rota, week + 1) };
}

export interface OnCallShift {
  personId: string;
  /** When this person's stretch began: the handover, or the end of an override that interrupted the week. */
  from: number;
  /** When it ends: the next handover, or the start of an override later in the week. */
  to: number;
  /** True when an override put this person on call (`from`/`to` are then the override's own). */
  override: boolean;
}

/**
 * Who is on call at `instant`: null before the first handover; otherwise the person covering by an
 * override, else the member whose week it is.
 */
export function onCallAt(rota: Rota, instant: number): OnCallShift | null {
  const { week, from, to } = weekOf(rota, instant);
  if (week < 0 || rota.members.length === 0) return null;
  let start = from;
  let end = to;
  for (const override of rota.overrides) {
    const overrideFrom = Date.parse(override.from);
    const overrideTo = Date.parse(override.to);
    if (overrideFrom <= instant && instant < overrideTo) {
      return { personId: override.personId, from: overrideFrom, to: overrideTo, override: true };
    }
    if (overrideTo <= instant && overrideTo > start) start = overrideTo;
    if (overrideFrom > instant && overrideFrom < end) end = overrideFrom;
  }
  const personId = rota.members[week % rota.members.length] as string;
  return { personId, from: start, to: end, override: false };
}

/** The next `count` handover instants strictly after `from` (the first handover onwards). */
export function nextHandovers(rota: Pick<Rota, 'startsOn' | 'handover'>, from: number, count: number): number[] {
  const { week } = weekOf(rota, from);
  const handovers: number[] = [];
  for (let next = Math.max(week + 1, 0); handovers.length < count; next += 1) handovers.push(handoverAt(rota, next));
  return handovers;
}

export interface EscalationLink {
  level: number;
  rotaId: string;
  personId: string;
  override: boolean;
}

/**
 * The escalation chain of one scope's rotas at `instant`: each level's person on call, level 1
 * first; levels with nobody on call are left out. Rotas sharing a level follow each other by id.
 */
export function escalationChain(rotas: readonly Rota[], instant: number): EscalationLink[] {
  return [...rotas]
    .sort((a, b) => a.level - b.level || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .flatMap((rota) => {
      const shift = onCallAt(rota, instant);
      return shift === null ? [] : [{ level: rota.level, rotaId: rota.id, personId: shift.personId, override: shift.override }];
    });
}

export const escalationPolicySchema = z.strictObject({
  /** How long to wait for an acknowledgement before notifying the next level. */
  waitMinutes: z.int('must be a whole number').min(1, 'must be at least 1').max(1440, 'must be at most 1440'),
  /** How many times to go through the whole chain. */
  repeats: z.int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20'),
});
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;

export interface EscalationStep {
  level: number;
  personId: string;
  /** Minutes after the alert is raised, if nobody has acknowledged it by then. */
  afterMinutes: number;
}

/**
 * The planned notifications until someone acknowledges: each link of the chain in turn, `waitMinutes`
 * apart, then from level 1 again, `repeats` passes in total.
 */
export function escalationSteps(
  chain: readonly Pick<EscalationLink, 'level' | 'personId'>[],
  policy: EscalationPolicy,
): EscalationStep[] {
  const steps: EscalationStep[] = [];
  for (let pass = 0; pass < policy.repeats; pass += 1) {
    for (const link of chain) {
      steps.push({ level: link.level, personId: link.personId, afterMinutes: steps.length * policy.waitMinutes });
    }
  }
  return steps;
}
