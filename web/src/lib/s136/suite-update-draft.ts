/**
 * The /s136 page's form for one suite: a draft the inputs bind to, filled from the suite's current
 * state (so re-marking an occupied suite keeps its arrival time), and the body of
 * `PUT /api/v1/s136-suites/{id}/state` it becomes. Times are London wall-clock `datetime-local`
 * values (bed managers mean London time whatever the browser says); empty arrival means now.
 */
import {
  CLOSED_REASONS,
  S136_MAX_EXTENSION_HOURS,
  type ClosedReason,
  type S136SuiteState,
  type S136SuiteStatus,
  type S136SuiteUpdateRequest,
} from '@wardpulse/shared';
import { isoToLondonInput, londonInputToIso } from '../alerts/london-time.js';
import { fieldTable, localErrors, type FieldResolver, type FieldRef, type FormErrors } from '../forms/form-errors.js';

export interface SuiteUpdateDraft {
  status: S136SuiteStatus;
  /** When the person arrived at this suite; '' for now. */
  arrivedAt: string;
  /** When the detention began if earlier (arrival at A&E or another place of safety); '' for on arrival here. */
  detentionStartedAt: string;
  /** s136B extension in hours, '' for none. */
  extensionHours: string;
  closedReason: ClosedReason | '';
}

export const EXTENSION_OPTIONS = [
  { value: '', label: 'None' },
  ...Array.from({ length: S136_MAX_EXTENSION_HOURS }, (_, index) => ({
    value: String(index + 1),
    label: `${index + 1} ${index === 0 ? 'hour' : 'hours'}`,
  })),
];

export function suiteDraft(state: S136SuiteState | null): SuiteUpdateDraft {
  const draft: SuiteUpdateDraft = {
    status: state?.status ?? 'available',
    arrivedAt: '',
    detentionStartedAt: '',
    extensionHours: '',
    closedReason: '',
  };
  if (state?.status === 'occupied') {
    draft.arrivedAt = isoToLondonInput(state.since);
    if (state.detentionStartedAt) draft.detentionStartedAt = isoToLondonInput(state.detentionStartedAt);
    if (state.extensionHours) draft.extensionHours = String(state.extensionHours);
  }
  if (state?.status === 'closed') draft.closedReason = state.closedReason;
  return draft;
}

/** The inputs of one suite's form, by their ids (`<prefix>-status` and so on). */
export function suiteFields(prefix: string) {
  return {
    status: { id: `${prefix}-status`, label: 'State' },
    arrivedAt: { id: `${prefix}-arrived`, label: 'Arrival at this suite' },
    detentionStartedAt: { id: `${prefix}-detention`, label: 'Start of detention' },
    extensionHours: { id: `${prefix}-extension`, label: 'Extension' },
    closedReason: { id: `${prefix}-reason`, label: 'Reason closed' },
  } satisfies Record<keyof SuiteUpdateDraft, FieldRef>;
}

/** Where the server's error paths land in the form. */
export function suiteFieldResolver(prefix: string): FieldResolver {
  const fields = suiteFields(prefix);
  return fieldTable({
    status: fields.status,
    since: fields.arrivedAt,
    detentionStartedAt: fields.detentionStartedAt,
    extensionHours: fields.extensionHours,
    closedReason: fields.closedReason,
  });
}

/** The request body, or the problems found before sending. */
export function suiteUpdateBody(
  draft: SuiteUpdateDraft,
  prefix: string,
): { ok: true; body: S136SuiteUpdateRequest } | { ok: false; errors: FormErrors } {
  const fields = suiteFields(prefix);
  const problems: { field: FieldRef; message: string }[] = [];
  if (draft.status === 'available') return { ok: true, body: { status: 'available' } };
  if (draft.status === 'closed') {
    const reason = CLOSED_REASONS.find((candidate) => candidate === draft.closedReason);
    if (!reason)
      return { ok: false, errors: localErrors([{ field: fields.closedReason, message: 'Choose why the suite is closed' }]) };
    return { ok: true, body: { status: 'closed', closedReason: reason } };
  }
  const time = (value: string, field: FieldRef) => {
    if (value.trim() === '') return undefined;
    const iso = londonInputToIso(value);
    if (iso === null) problems.push({ field, message: `Enter the ${field.label.toLowerCase()} as a date and time` });
    return iso ?? undefined;
  };
  const since = time(draft.arrivedAt, fields.arrivedAt);
  const detentionStartedAt = time(draft.detentionStartedAt, fields.detentionStartedAt);
  if (problems.length > 0) return { ok: false, errors: localErrors(problems) };
  const extensionHours = draft.extensionHours === '' ? undefined : Number(draft.extensionHours);
  return {
    ok: true,
    body: {
      status: 'occupied',
      ...(since ? { since } : {}),
      ...(detentionStartedAt ? { detentionStartedAt } : {}),
      ...(extensionHours ? { extensionHours } : {}),
    },
  };
}
