/**
 * Form errors the NHS way: each message beside its field, and all of them in an error summary at the
 * top that links to the fields. The server's error details name fields by the request body's own path
 * (`grants[0].scope.id`); a page says which input (id and label) each path belongs to.
 */
import type { ErrorDetail } from '@wardpulse/shared';
import { ApiError } from '../api/api-client.js';

export interface FieldRef {
  /** The id of the input (or the first input of a group) the summary links to. */
  id: string;
  /** The field's name in words, starting the message: "Name must not be empty". */
  label: string;
}

export interface ErrorSummaryItem {
  message: string;
  /** `#id` of the field; absent for problems that belong to no field. */
  href?: string;
}

export interface FormErrors {
  summary: ErrorSummaryItem[];
  /** Message by field id. */
  byField: Record<string, string>;
}

export const NO_ERRORS: FormErrors = { summary: [], byField: {} };

export type FieldResolver = (path: string) => FieldRef | undefined;

/** A resolver from a plain table of API paths. */
export function fieldTable(table: Record<string, FieldRef>): FieldResolver {
  return (path) => table[path];
}

export function capitalise(text: string): string {
  return text === '' ? text : text[0]!.toUpperCase() + text.slice(1);
}

/** "840" → "14 minutes"; "45" → "45 seconds"; rounds minutes up so people do not come back early. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

function detailMessage(detail: ErrorDetail, field: FieldRef | undefined): string {
  return field ? `${field.label} ${detail.message}` : capitalise(`${detail.path} ${detail.message}`);
}

/**
 * Turns a failure into form errors. Details on known fields go beside them; the rest go in the
 * summary only. A failure without details (refused, rate-limited, unreachable) is one summary line
 * in the server's own words.
 */
export function formErrors(error: unknown, resolve: FieldResolver): FormErrors {
  if (!(error instanceof ApiError)) {
    return { summary: [{ message: error instanceof Error ? error.message : String(error) }], byField: {} };
  }
  if (error.status === 429) {
    const wait = error.retryAfterSeconds;
    return {
      summary: [
        { message: wait === null ? capitalise(error.message) : `Too many attempts. Wait ${formatWait(wait)}, then try again.` },
      ],
      byField: {},
    };
  }
  const summary: ErrorSummaryItem[] = [];
  const byField: Record<string, string> = {};
  for (const detail of error.details) {
    const field = resolve(detail.path);
    const message = detailMessage(detail, field);
    if (field && byField[field.id] === undefined) {
      byField[field.id] = message;
      summary.push({ message, href: `#${field.id}` });
    } else if (!field) {
      summary.push({ message });
    }
  }
  // The server's headline adds context the field messages lack (e.g. "a grant names something unknown").
  if (summary.length === 0 || !error.details.some((detail) => resolve(detail.path))) {
    summary.unshift({ message: capitalise(error.message) });
  }
  return { summary, byField };
}

/**
 * Errors found before sending (a required field left empty), in the same shape. Messages are whole
 * sentences in the NHS style ("Enter your email address"); the first problem per field wins.
 */
export function localErrors(problems: readonly { field: FieldRef; message: string }[]): FormErrors {
  const byField: Record<string, string> = {};
  const summary: ErrorSummaryItem[] = [];
  for (const problem of problems) {
    if (byField[problem.field.id] !== undefined) continue;
    const message = problem.message;
    byField[problem.field.id] = message;
    summary.push({ message, href: `#${problem.field.id}` });
  }
  return { summary, byField };
}

export function hasErrors(errors: FormErrors): boolean {
  return errors.summary.length > 0;
}

/** The ids a field's aria-describedby lists: its hint and its error message, when shown. */
export function describedByIds(id: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}
