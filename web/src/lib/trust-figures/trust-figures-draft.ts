/**
 * The quick form's draft of a trust's figures: every figure as typed (text, so a half-typed or wrong
 * value stays on screen to be corrected), checked before sending with the same words the server uses,
 * and kept in sessionStorage when a save fails so a lost connection loses nothing.
 */
import {
  REFERRAL_SETTINGS,
  TRUST_FIGURE_FIELDS,
  TRUST_FIGURE_LABELS,
  MAX_TRUST_FIGURE,
  type ReferralSetting,
  type TrustFigureField,
  type TrustFiguresEntry,
} from '@wardpulse/shared';
import * as countDraft from '../forms/count-draft.js';
import type { FieldRef, FieldResolver } from '../forms/form-errors.js';

/** A figure of the form: a referral setting or one of the single counts. */
export type DraftField = ReferralSetting | TrustFigureField;

export const DRAFT_FIELDS: readonly DraftField[] = [...REFERRAL_SETTINGS, ...TRUST_FIGURE_FIELDS];

export interface TrustFiguresDraft {
  values: Record<DraftField, string>;
  /** The counting window the two "since the last return" counts belong to (ISO 8601). */
  countingSince: string;
}

/** The input id of a figure. */
export function fieldId(field: DraftField): string {
  return `figure-${field}`;
}

function isReferral(field: DraftField): field is ReferralSetting {
  return (REFERRAL_SETTINGS as readonly string[]).includes(field);
}

/** Where people wait, as words after "Referrals waiting". */
const WAITING_WHERE: Record<ReferralSetting, string> = {
  emergencyDepartment: 'in A&E',
  communityOrHome: 'at home or in the community',
  section136Suite: 'in a Section 136 suite',
  policeCustody: 'in police custody',
  acuteWard: 'on an acute (physical health) ward',
  other: 'elsewhere',
};

/** The figure's name in words, as it starts an error message. */
export function fieldLabel(field: DraftField): string {
  return isReferral(field) ? `Referrals waiting ${WAITING_WHERE[field]}` : TRUST_FIGURE_LABELS[field];
}

export function draftOf(entry: TrustFiguresEntry): TrustFiguresDraft {
  const values = Object.fromEntries(
    DRAFT_FIELDS.map((field) => [field, String(isReferral(field) ? entry.referralsWaiting[field] : entry[field])]),
  ) as Record<DraftField, string>;
  return { values, countingSince: entry.countingSince };
}

/** One more or one fewer, never below 0; a value that is not a number starts from 0. */
export function stepped(value: string, by: 1 | -1): string {
  return countDraft.steppedCount(value, by, MAX_TRUST_FIGURE);
}

export type DraftCheck = { ok: true; entry: TrustFiguresEntry } | { ok: false; problems: { field: FieldRef; message: string }[] };

/** The figures to send, or what is wrong with the draft (blank, not a whole number, too large). */
export function checkDraft(draft: TrustFiguresDraft): DraftCheck {
  const problems: { field: FieldRef; message: string }[] = [];
  const numbers = {} as Record<DraftField, number>;
  for (const field of DRAFT_FIELDS) {
    const text = draft.values[field].trim();
    const ref = { id: fieldId(field), label: fieldLabel(field) };
    if (text === '') problems.push({ field: ref, message: `Enter ${ref.label.toLowerCase()}: 0 if there are none` });
    else if (!/^\d+$/.test(text)) problems.push({ field: ref, message: `${ref.label} must be a whole number of 0 or more` });
    else if (Number(text) > MAX_TRUST_FIGURE)
      problems.push({ field: ref, message: `${ref.label} must be at most ${MAX_TRUST_FIGURE}` });
    else numbers[field] = Number(text);
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    entry: {
      referralsWaiting: Object.fromEntries(REFERRAL_SETTINGS.map((setting) => [setting, numbers[setting]])) as Record<
        ReferralSetting,
        number
      >,
      countingSince: draft.countingSince,
      completedDischarges: numbers.completedDischarges,
      section136Breaches: numbers.section136Breaches,
      patientsFromOutside: numbers.patientsFromOutside,
    },
  };
}

/** The input each of the server's field paths belongs to (`referralsWaiting.policeCustody` → its stepper). */
export const draftFieldResolver: FieldResolver = (path) => {
  const field = path.startsWith('referralsWaiting.') ? path.slice('referralsWaiting.'.length) : path;
  if ((DRAFT_FIELDS as readonly string[]).includes(field)) {
    return { id: fieldId(field as DraftField), label: fieldLabel(field as DraftField) };
  }
  if (path === 'countingSince') return { id: fieldId('completedDischarges'), label: 'The counting window' };
  return undefined;
};

const STORAGE_PREFIX = 'wardpulse:trust-figures-draft:';

/** Keeps an unsaved draft for this tab (sessionStorage: gone when the tab closes, never sent anywhere). */
export function keepDraft(storage: Storage, ods: string, draft: TrustFiguresDraft): void {
  countDraft.keepDraft(storage, STORAGE_PREFIX + ods, draft);
}

export function forgetDraft(storage: Storage, ods: string): void {
  countDraft.forgetDraft(storage, STORAGE_PREFIX + ods);
}

/** The draft kept after a failed save, if it is still whole. */
export function keptDraft(storage: Storage, ods: string): TrustFiguresDraft | null {
  return countDraft.keptDraft(storage, STORAGE_PREFIX + ods, (value) => {
    const parsed = value as Partial<TrustFiguresDraft> | null;
    const whole =
      typeof parsed?.countingSince === 'string' && DRAFT_FIELDS.every((field) => typeof parsed.values?.[field] === 'string');
    return whole ? (parsed as TrustFiguresDraft) : null;
  });
}
