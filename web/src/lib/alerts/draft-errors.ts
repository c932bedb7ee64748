/**
 * Form errors found before sending, in the shapes the shared schemas report them: a form model runs
 * the same zod schema (and the same extra rules) the server runs, and each problem is put beside the
 * input its path names, worded as the server would word it ("Name must not be empty").
 */
import type { ErrorDetail } from '@wardpulse/shared';
import { capitalise, type FieldRef, type FieldResolver } from '../forms/form-errors.js';

export interface FormProblem {
  field: FieldRef;
  message: string;
}

/** Problems from schema details; a path no input owns is shown on `fallback` in the schema's words. */
export function detailProblems(details: readonly ErrorDetail[], resolve: FieldResolver, fallback: FieldRef): FormProblem[] {
  return details.map((detail) => {
    const field = resolve(detail.path);
    return field
      ? { field, message: `${field.label} ${detail.message}` }
      : { field: fallback, message: capitalise(`${detail.path} ${detail.message}`) };
  });
}

/** A whole number from a field, or null when the text is not one. */
export function parseWhole(text: string): number | null {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** A number from a field ("95", "95.5", "0,5" is refused), or null. */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** A number as a field shows it: no float noise (0.57 × 100 → "57"). */
export function fieldNumber(value: number): string {
  return String(Number(value.toFixed(6)));
}
