/**
 * The quick ward update's form state (#14 item 1): the figures a bed manager keys, as typed (text, so
 * a blank or a stray letter is caught and named before anything is sent), the steppers' arithmetic,
 * the request body, and the draft kept in sessionStorage so a lost connection (or a reload) never
 * loses what was typed. Commissioned beds are not here: they come from the organisation.
 */
import {
  CLOSED_REASONS,
  WARD_UPDATE_FIELDS,
  type ClosedReason,
  type WardBedState,
  type WardUpdateField,
  type WardUpdateRequest,
} from '@wardpulse/shared';
import * as countDraft from '../forms/count-draft.js';
import { fieldTable, type FieldRef, type FieldResolver } from '../forms/form-errors.js';

export interface WardUpdateDraft {
  occupied: string;
  onLeave: string;
  closed: string;
  pendingAdmissions: string;
  clinicallyReadyForDischarge: string;
  /** '' when no reason is chosen. */
  closedReason: ClosedReason | '';
}

export type WardUpdateInput = WardUpdateField | 'closedReason';

/** Labels the form, the steppers' names and the error messages use (NHS style: short, plain). */
export const WARD_UPDATE_LABELS: Record<WardUpdateInput, string> = {
  occupied: 'Occupied',
  onLeave: 'On leave',
  closed: 'Closed',
  pendingAdmissions: 'Pending admissions',
  clinicallyReadyForDischarge: 'Clinically ready for discharge',
  closedReason: 'Why beds are closed',
};

export const WARD_UPDATE_HINTS: Record<WardUpdateInput, string> = {
  occupied: 'Patients on the ward now, not counting those on leave',
  onLeave: 'Patients on leave who keep their bed',
  closed: 'Beds that cannot take a patient',
  pendingAdmissions: 'People waiting for a bed on this ward',
  clinicallyReadyForDischarge: 'Inpatients ready to leave but still here',
  closedReason: 'Needed when any bed is closed',
};

/** The id of each input on the page (error summary links and aria-describedby use them). */
export function inputId(field: WardUpdateInput): string {
  return `ward-update-${field}`;
}

export function emptyDraft(): WardUpdateDraft {
  return { occupied: '', onLeave: '', closed: '', pendingAdmissions: '', clinicallyReadyForDischarge: '', closedReason: '' };
}

/** The form filled with the ward's current figures (blank when it has none yet). */
export function draftFromState(state: WardBedState | null): WardUpdateDraft {
  if (!state) return emptyDraft();
  return {
    occupied: String(state.occupied),
    onLeave: String(state.onLeave),
    closed: String(state.closed),
    pendingAdmissions: String(state.pendingAdmissions),
    clinicallyReadyForDischarge: String(state.clinicallyReadyForDischarge),
    closedReason: state.closedReason ?? '',
  };
}

const WHOLE_NUMBER = /^\d{1,4}$/;

/** The typed figure as a number; null when it is blank or not a whole number. */
export function figureOf(text: string): number | null {
  const trimmed = text.trim();
  return WHOLE_NUMBER.test(trimmed) ? Number(trimmed) : null;
}

/** One step of a − / + button: within 0 and 9999 (what the form accepts); a blank or unreadable figure steps from 0. */
export function stepped(text: string, by: 1 | -1): string {
  return countDraft.steppedCount(text, by, 9999);
}

export interface DraftProblem {
  field: FieldRef;
  message: string;
}

function ref(field: WardUpdateInput): FieldRef {
  return { id: inputId(field), label: WARD_UPDATE_LABELS[field] };
}

/** Problems found before sending, as whole sentences; empty when the draft can be sent. */
export function draftProblems(draft: WardUpdateDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  for (const field of WARD_UPDATE_FIELDS) {
    const text = draft[field].trim();
    const label = WARD_UPDATE_LABELS[field];
    if (text === '') problems.push({ field: ref(field), message: `Enter ${label.toLowerCase()}, or 0` });
    else if (figureOf(text) === null) problems.push({ field: ref(field), message: `${label} must be a whole number, like 3` });
  }
  const closed = figureOf(draft.closed);
  if (closed !== null && closed > 0 && draft.closedReason === '') {
    problems.push({ field: ref('closedReason'), message: 'Choose why beds are closed' });
  }
  return problems;
}

/** The request body of a draft without problems (draftProblems is empty). A reason with nothing closed is not sent. */
export function draftBody(draft: WardUpdateDraft): WardUpdateRequest {
  const figure = (field: WardUpdateField) => figureOf(draft[field]) ?? 0;
  const closed = figure('closed');
  return {
    occupied: figure('occupied'),
    onLeave: figure('onLeave'),
    closed,
    ...(closed > 0 && draft.closedReason !== '' ? { closedReason: draft.closedReason } : {}),
    pendingAdmissions: figure('pendingAdmissions'),
    clinicallyReadyForDischarge: figure('clinicallyReadyForDischarge'),
  };
}

/** The server's field paths (`occupied`, `closedReason`, …) mapped to this form's inputs. */
export const wardUpdateFieldResolver: FieldResolver = fieldTable(
  Object.fromEntries([...WARD_UPDATE_FIELDS, 'closedReason' as const].map((field) => [field, ref(field)])),
);

/* sessionStorage: the draft survives a failed request and a reload of the tab (never shared across tabs). */

export function draftStorageKey(wardId: string): string {
  return `wardpulse.ward-update.${wardId}`;
}

export function storeDraft(storage: Storage | undefined, wardId: string, draft: WardUpdateDraft): void {
  countDraft.keepDraft(storage, draftStorageKey(wardId), draft);
}

export function forgetDraft(storage: Storage | undefined, wardId: string): void {
  countDraft.forgetDraft(storage, draftStorageKey(wardId));
}

/** A stored draft of this ward, or null when there is none or it is not one (edited by hand, an old version). */
export function storedDraft(storage: Storage | undefined, wardId: string): WardUpdateDraft | null {
  return countDraft.keptDraft(storage, draftStorageKey(wardId), (value) => {
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Record<string, unknown>;
    const draft = emptyDraft();
    for (const field of WARD_UPDATE_FIELDS) {
      const text = record[field];
      if (typeof text !== 'string') return null;
      draft[field] = text;
    }
    const reason = record.closedReason;
    if (reason !== '' && !(CLOSED_REASONS as readonly unknown[]).includes(reason)) return null;
    draft.closedReason = reason as ClosedReason | '';
    return draft;
  });
}
