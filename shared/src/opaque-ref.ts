/**
 * Keys a source chooses for something about a patient that WardPulse must tell apart without
 * knowing who (a delayed discharge, a stay): letters, digits and . _ - only (so no names with
 * spaces), and never an NHS number — ten digits, with or without separators, is refused outright
 * (a hospital number cannot be told from an opaque key, so the API documentation asks for neither).
 */
import { z } from 'zod';

export function opaqueRefSchema(maxLength: number) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, dots, hyphens or underscores only: an opaque key, never a name');
}

const NHS_NUMBER_SHAPE = /^\d{10}$/;

/** Whether a key has an NHS number's shape (ten digits once dots, hyphens and underscores are dropped). */
export function looksLikeNhsNumber(ref: string): boolean {
  return NHS_NUMBER_SHAPE.test(ref.replace(/[._-]/g, ''));
}

export const NHS_NUMBER_REFUSAL = 'looks like an NHS number (ten digits): use an opaque key, never a patient identifier';
