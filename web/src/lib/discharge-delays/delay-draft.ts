/**
 * The bed manager's delayed-discharge list as it is edited: the ward's current list, delays added and
 * removed, then saved whole (PUT /api/v1/wards/{id}/discharge-delays). A delay being added is checked
 * here with the shared rules first (an opaque key, never an NHS number; a date not in the future), so
 * the person hears of a problem beside the field before anything is sent.
 */
import {
  DELAY_REASONS,
  delayRefSchema,
  dischargeDelaysViolations,
  londonDateOf,
  type DischargeDelay,
  type DelayReasonCode,
  type DelayAttributionCode,
} from '@wardpulse/shared';
import type { FieldRef, FieldResolver } from '$lib/forms/form-errors';

export interface NewDelayDraft {
  ref: string;
  reason: string;
  attributableTo: string;
  delayedSince: string;
}

export const NEW_DELAY_FIELDS = {
  ref: { id: 'delay-ref', label: 'Delay key' },
  reason: { id: 'delay-reason', label: 'Reason' },
  attributableTo: { id: 'delay-attribution', label: 'Attributable to' },
  delayedSince: { id: 'delay-since', label: 'Delayed since' },
} as const satisfies Record<keyof NewDelayDraft, FieldRef>;

/** A key nobody on the list has: D1, D2, … */
export function nextRef(delays: readonly Pick<DischargeDelay, 'ref'>[]): string {
  const taken = new Set(delays.map((delay) => delay.ref.toLowerCase()));
  let n = delays.length + 1;
  while (taken.has(`d${n}`)) n++;
  return `D${n}`;
}

export function emptyNewDelay(delays: readonly Pick<DischargeDelay, 'ref'>[], now: number): NewDelayDraft {
  return { ref: nextRef(delays), reason: '', attributableTo: '', delayedSince: londonDateOf(now) };
}

/** The delay to add, or the problems (one per field) that stop it. */
export function checkNewDelay(
  draft: NewDelayDraft,
  list: readonly DischargeDelay[],
  now: number,
): { delay: DischargeDelay } | { problems: { field: FieldRef; message: string }[] } {
  const problems: { field: FieldRef; message: string }[] = [];
  const ref = draft.ref.trim();
  const refCheck = delayRefSchema.safeParse(ref);
  if (!refCheck.success)
    problems.push({ field: NEW_DELAY_FIELDS.ref, message: `Delay key ${refCheck.error.issues[0]!.message}` });
  if (!DELAY_REASONS.some((reason) => reason.code === draft.reason)) {
    problems.push({ field: NEW_DELAY_FIELDS.reason, message: 'Choose the reason for the delay' });
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.delayedSince)) {
    problems.push({ field: NEW_DELAY_FIELDS.delayedSince, message: 'Enter the date the delay began' });
  }
  if (problems.length > 0) return { problems };
  const delay: DischargeDelay = {
    ref,
    reason: draft.reason as DelayReasonCode,
    ...(draft.attributableTo ? { attributableTo: draft.attributableTo as DelayAttributionCode } : {}),
    delayedSince: draft.delayedSince,
  };
  // The shared rules over the list as it would be: the new delay's own problems only.
  const index = list.length;
  const violations = dischargeDelaysViolations(
    { eventId: 'draft', wardId: 'draft', observedAt: new Date(now).toISOString(), delays: [...list, delay] },
    now,
  ).filter((detail) => detail.path.startsWith(`delays[${index}]`));
  for (const detail of violations) {
    const field = detail.path.endsWith('.ref') ? NEW_DELAY_FIELDS.ref : NEW_DELAY_FIELDS.delayedSince;
    problems.push({ field, message: `${field.label} ${detail.message}` });
  }
  return problems.length > 0 ? { problems } : { delay };
}

/** Where the server's details on the saved list belong: a listed delay's row, or the list itself. */
export function delayFieldResolver(list: readonly DischargeDelay[]): FieldResolver {
  return (path) => {
    const match = /^delays\[(\d+)\]/.exec(path);
    const delay = match ? list[Number(match[1])] : undefined;
    return delay ? { id: rowId(delay.ref), label: `Delay ${delay.ref}:` } : undefined;
  };
}

export function rowId(ref: string): string {
  return `delay-row-${ref.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
