/**
 * The rota form's working copy: name, scope, level, the weekly handover (weekday and London time),
 * the first handover date, members in rotation order (reorderable) and overrides with UK date-times.
 * Validation runs the shared `rotaInputSchema` and `rotaViolations`, so the form gives the server's
 * own reasons (a first handover on the wrong weekday, overlapping overrides) beside the right field.
 * The escalation policy form (wait minutes, repeats) is here too: it belongs to the same scope.
 */
import {
  addDays,
  escalationPolicySchema,
  rotaInputSchema,
  rotaViolations,
  WEEKDAY_LABELS,
  weekdayOf,
  zodIssuesToDetails,
  type EscalationPolicy,
  type ErrorDetail,
  type RotaInput,
  type StoredRota,
} from '@wardpulse/shared';
import type { FieldRef, FieldResolver } from '../forms/form-errors.js';
import { detailProblems, parseWhole, type FormProblem } from './draft-errors.js';
import { isoToLondonInput, londonInputToIso } from './london-time.js';

export interface OverrideDraft {
  /** Stable across edits, for keyed lists. */
  key: number;
  personId: string;
  /** `datetime-local` values, London wall clock. */
  from: string;
  to: string;
  reason: string;
}

export interface RotaDraft {
  name: string;
  scope: string;
  level: string;
  /** '0' (Monday) … '6' (Sunday). */
  weekday: string;
  /** HH:MM, London. */
  time: string;
  /** YYYY-MM-DD, London. */
  startsOn: string;
  /** Person ids, in rotation order. */
  members: string[];
  overrides: OverrideDraft[];
}

let nextKey = 1;

export function newOverrideDraft(personId = '', from = '', to = ''): OverrideDraft {
  return { key: nextKey++, personId, from, to, reason: '' };
}

/** The first date on or after `date` that falls on `weekday` (0 = Monday). */
export function nextDateOnWeekday(date: string, weekday: number): string {
  return addDays(date, (weekday - weekdayOf(date) + 7) % 7);
}

/** A new rota: Monday handovers at 09:00 from the next Monday, level 1. */
export function newRotaDraft(scope: string, today: string): RotaDraft {
  return {
    name: '',
    scope,
    level: '1',
    weekday: '0',
    time: '09:00',
    startsOn: nextDateOnWeekday(today, 0),
    members: [],
    overrides: [],
  };
}

export function draftFromRota(rota: StoredRota): RotaDraft {
  return {
    name: rota.name,
    scope: rota.scope,
    level: String(rota.level),
    weekday: String(rota.handover.weekday),
    time: rota.handover.time,
    startsOn: rota.startsOn,
    members: [...rota.members],
    overrides: rota.overrides.map((override) => ({
      ...newOverrideDraft(override.personId, isoToLondonInput(override.from), isoToLondonInput(override.to)),
      reason: override.reason ?? '',
    })),
  };
}

/** `members` with the one at `index` moved `by` places (-1 up, +1 down); unchanged at the ends. */
export function moveMember(members: readonly string[], index: number, by: number): string[] {
  const target = index + by;
  if (index < 0 || index >= members.length || target < 0 || target >= members.length) return [...members];
  const moved = [...members];
  const [member] = moved.splice(index, 1);
  moved.splice(target, 0, member as string);
  return moved;
}

export function removeMember(members: readonly string[], index: number): string[] {
  return members.filter((_, position) => position !== index);
}

/** Adds a person at the end of the rotation; someone already in it is not added twice. */
export function addMember(members: readonly string[], personId: string): string[] {
  return personId === '' || members.includes(personId) ? [...members] : [...members, personId];
}

export const ROTA_FIELDS = {
  name: { id: 'rota-name', label: 'Rota name' },
  scope: { id: 'rota-scope', label: 'Trust or collaborative' },
  level: { id: 'rota-level', label: 'Escalation level' },
  weekday: { id: 'rota-weekday', label: 'Handover day' },
  time: { id: 'rota-time', label: 'Handover time' },
  startsOn: { id: 'rota-starts-on', label: 'First handover' },
  members: { id: 'rota-add-member', label: 'Members' },
} as const satisfies Record<string, FieldRef>;

/** Element ids of an override row's inputs. */
export function overrideFieldIds(index: number) {
  return {
    person: `override-${index}-person`,
    from: `override-${index}-from`,
    to: `override-${index}-to`,
    reason: `override-${index}-reason`,
  };
}

const OVERRIDE_FIELD_LABELS = { personId: 'person', from: 'start', to: 'end', reason: 'reason' } as const;

/** Maps `handover.time`, `members[2]`, `overrides[1].to` and friends to the rota form's inputs. */
export const resolveRotaPath: FieldResolver = (path) => {
  const simple: Record<string, FieldRef> = {
    name: ROTA_FIELDS.name,
    scope: ROTA_FIELDS.scope,
    level: ROTA_FIELDS.level,
    handover: ROTA_FIELDS.weekday,
    'handover.weekday': ROTA_FIELDS.weekday,
    'handover.time': ROTA_FIELDS.time,
    startsOn: ROTA_FIELDS.startsOn,
    members: ROTA_FIELDS.members,
  };
  if (simple[path]) return simple[path];
  if (/^members\[\d+\]$/.test(path)) return ROTA_FIELDS.members;
  const match = /^overrides\[(\d+)\](?:\.(personId|from|to|reason))?$/.exec(path);
  if (!match) return undefined;
  const index = Number(match[1]);
  const ids = overrideFieldIds(index);
  const part = match[2] as keyof typeof OVERRIDE_FIELD_LABELS | undefined;
  if (part === undefined) return { id: ids.from, label: `Override ${index + 1}` };
  const id = part === 'personId' ? ids.person : ids[part];
  return { id, label: `Override ${index + 1} ${OVERRIDE_FIELD_LABELS[part]}` };
};

export type RotaDraftResult = { ok: true; input: RotaInput } | { ok: false; problems: FormProblem[] };

/** The request body for the draft, or the problems the server would report (and a few it cannot: empty date-times). */
export function rotaInputFromDraft(draft: RotaDraft): RotaDraftResult {
  const local: FormProblem[] = [];
  const level = parseWhole(draft.level);
  if (level === null)
    local.push({ field: ROTA_FIELDS.level, message: 'Enter the escalation level as a whole number, 1 or more' });
  if (draft.scope === '') local.push({ field: ROTA_FIELDS.scope, message: 'Choose the trust or collaborative the rota covers' });
  if (draft.members.length === 0) local.push({ field: ROTA_FIELDS.members, message: 'Add at least one person to the rota' });
  const overrides = draft.overrides.map((override, index) => {
    const ids = overrideFieldIds(index);
    const from = londonInputToIso(override.from);
    const to = londonInputToIso(override.to);
    if (override.personId === '')
      local.push({ field: { id: ids.person, label: '' }, message: `Override ${index + 1}: choose who covers` });
    if (from === null)
      local.push({ field: { id: ids.from, label: '' }, message: `Override ${index + 1}: enter when it starts (UK time)` });
    if (to === null)
      local.push({ field: { id: ids.to, label: '' }, message: `Override ${index + 1}: enter when it ends (UK time)` });
    const reason = override.reason.trim();
    return { personId: override.personId, from: from ?? '', to: to ?? '', ...(reason ? { reason } : {}) };
  });
  const body = {
    name: draft.name.trim(),
    scope: draft.scope,
    level: level ?? 0,
    handover: { weekday: Number(draft.weekday), time: draft.time },
    startsOn: draft.startsOn,
    members: draft.members,
    overrides,
  };
  const parsed = rotaInputSchema.safeParse(body);
  const details: ErrorDetail[] = parsed.success
    ? rotaViolations({ ...parsed.data, id: 'draft' })
    : zodIssuesToDetails(parsed.error.issues);
  const localIds = new Set(local.map((problem) => problem.field.id));
  const problems = [
    ...local,
    ...detailProblems(details, resolveRotaPath, ROTA_FIELDS.name)
      .filter((problem) => !localIds.has(problem.field.id))
      // The shared rules name other overrides by path ("overlaps overrides[0]"); people count from 1.
      .map((problem) => ({
        ...problem,
        message: problem.message.replace(/overrides\[(\d+)\]/g, (_, n) => `override ${Number(n) + 1}`),
      })),
  ];
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, input: parsed.data };
}

export interface PolicyDraft {
  waitMinutes: string;
  repeats: string;
}

export const POLICY_FIELDS = {
  waitMinutes: { id: 'policy-wait', label: 'Wait before escalating' },
  repeats: { id: 'policy-repeats', label: 'Times through the chain' },
} as const satisfies Record<string, FieldRef>;

export function draftFromPolicy(policy: EscalationPolicy): PolicyDraft {
  return { waitMinutes: String(policy.waitMinutes), repeats: String(policy.repeats) };
}

export type PolicyDraftResult = { ok: true; input: EscalationPolicy } | { ok: false; problems: FormProblem[] };

export function policyFromDraft(draft: PolicyDraft): PolicyDraftResult {
  const waitMinutes = parseWhole(draft.waitMinutes);
  const repeats = parseWhole(draft.repeats);
  const local: FormProblem[] = [];
  if (waitMinutes === null) local.push({ field: POLICY_FIELDS.waitMinutes, message: 'Enter the wait in whole minutes' });
  if (repeats === null) local.push({ field: POLICY_FIELDS.repeats, message: 'Enter how many times to go through the chain' });
  if (local.length > 0) return { ok: false, problems: local };
  const parsed = escalationPolicySchema.safeParse({ waitMinutes, repeats });
  if (parsed.success) return { ok: true, input: parsed.data };
  const resolve: FieldResolver = (path) =>
    path === 'waitMinutes' ? POLICY_FIELDS.waitMinutes : path === 'repeats' ? POLICY_FIELDS.repeats : undefined;
  return { ok: false, problems: detailProblems(zodIssuesToDetails(parsed.error.issues), resolve, POLICY_FIELDS.waitMinutes) };
}

/** "Mondays at 09:00" for a rota's handover. */
export function handoverText(handover: { weekday: number; time: string }): string {
  return `${WEEKDAY_LABELS[handover.weekday] ?? `Weekday ${handover.weekday}`}s at ${handover.time}`;
}
