/**
 * The sitrep review form's working copy: every figure as typed (text, as the NHS design system
 * advises for numbers), the reason for changing them, and the name to sign off with. Saving sends
 * only the figures that differ from the return as it stands; the form's own rules (whole, not
 * negative) are checked here first, in the server's words, beside the right field.
 */
import {
  SITREP_FIELD_LABELS,
  SITREP_FIELDS,
  sitrepEditRequestSchema,
  zodIssuesToDetails,
  type SitrepEditRequest,
  type SitrepField,
  type SitrepFigures,
} from '@wardpulse/shared';
import type { FieldRef, FieldResolver } from '../forms/form-errors.js';

export interface SitrepDraft {
  values: Record<SitrepField, string>;
  reason: string;
}

export const REASON_FIELD: FieldRef = { id: 'sitrep-reason', label: 'Reason for the change' };
export const SIGN_NAME_FIELD: FieldRef = { id: 'sitrep-sign-name', label: 'Your name' };

export function fieldRef(field: SitrepField): FieldRef {
  return { id: `sitrep-${field}`, label: SITREP_FIELD_LABELS[field] };
}

export function draftOf(figures: SitrepFigures): SitrepDraft {
  return {
    values: Object.fromEntries(
      SITREP_FIELDS.map((field) => [field, figures[field] === null ? '' : String(figures[field])]),
    ) as Record<SitrepField, string>,
    reason: '',
  };
}

/** Server paths to the form's inputs: edit details (`figures.emptyBeds`), the form's rules (`emptyBeds`), the reason, the name. */
export const sitrepFieldResolver: FieldResolver = (path) => {
  if (path === 'reason') return REASON_FIELD;
  if (path === 'name') return SIGN_NAME_FIELD;
  const field = path.startsWith('figures.') ? path.slice('figures.'.length) : path;
  return (SITREP_FIELDS as readonly string[]).includes(field) ? fieldRef(field as SitrepField) : undefined;
};

export type EditResult =
  | { ok: true; request: SitrepEditRequest }
  | { ok: true; request: null }
  | { ok: false; problems: { field: FieldRef; message: string }[] };

/**
 * The edit to send: the figures that changed (a blank left blank is no change) and the reason. None
 * changed: nothing to send. A figure that is not a whole number, or no reason, is a problem to show.
 */
export function editFromDraft(draft: SitrepDraft, current: SitrepFigures): EditResult {
  const problems: { field: FieldRef; message: string }[] = [];
  const figures: Partial<Record<SitrepField, number>> = {};
  for (const field of SITREP_FIELDS) {
    const text = draft.values[field].trim();
    if (text === '') {
      if (current[field] !== null)
        problems.push({
          field: fieldRef(field),
          message: `Enter ${SITREP_FIELD_LABELS[field].toLowerCase()}: 0 where it does not apply`,
        });
      continue;
    }
    if (!/^-?\d+$/.test(text)) {
      problems.push({ field: fieldRef(field), message: `${SITREP_FIELD_LABELS[field]} must be a whole number, like 12` });
      continue;
    }
    const value = Number(text);
    if (value !== current[field]) figures[field] = value;
  }
  if (problems.length > 0) return { ok: false, problems };
  if (Object.keys(figures).length === 0) return { ok: true, request: null };
  const parsed = sitrepEditRequestSchema.safeParse({ figures, reason: draft.reason });
  if (!parsed.success) {
    return {
      ok: false,
      problems: zodIssuesToDetails(parsed.error.issues).map((detail) => {
        const field = sitrepFieldResolver(detail.path);
        return { field: field ?? REASON_FIELD, message: `${field?.label ?? detail.path} ${detail.message}` };
      }),
    };
  }
  return { ok: true, request: parsed.data };
}
