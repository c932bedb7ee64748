/**
 * Checks on free text and source times that PostgreSQL would otherwise refuse deep inside a
 * write (a 500 instead of a 400/422): NUL characters and lone UTF-16 surrogates cannot be stored
 * in text or jsonb, and timestamps before year 1 do not exist in PostgreSQL.
 */
import { z } from 'zod';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether text can be stored as PostgreSQL text: no NUL, no lone surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** A string that PostgreSQL can store, of bounded length. */
export function storableText(maxLength: number) {
  return z
    .string()
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine(isStorableText, 'must not contain NUL characters or broken (lone surrogate) characters');
}

/** Facts are about the present era: an observation before 2000 is a data error (or a year typed as 0000). */
export const EARLIEST_SOURCE_TIME = '2000-01-01T00:00:00Z';

/** A 422 detail when a well-formed source time is implausibly old; none otherwise. */
export function sourceTimeViolations(time: string, path: readonly PropertyKey[]): ErrorDetail[] {
  return Date.parse(time) < Date.parse(EARLIEST_SOURCE_TIME)
    ? [{ path: formatPath(path), message: `is before ${EARLIEST_SOURCE_TIME.slice(0, 4)}: not a plausible time for this data` }]
    : [];
}

/**
 * A preprocess step for records keyed by codes: zod's record drops a `__proto__` key without a
 * word (its guard against prototype pollution), so junk under it would pass as valid. Such a key
 * is named instead, with `message` (any other key that is not a code is the 422 check's to name).
 */
export function refuseProtoKey(message: string): (input: unknown, ctx: z.RefinementCtx) => unknown {
  return (input, ctx) => {
    if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__'))
      ctx.addIssue({ code: 'custom', path: ['__proto__'], message });
    return input;
  };
}
