/**
 * The one error shape of the HTTP API (architecture.md, principle 7):
 * `{ error: { code, message, details: [{ path, message }] } }`.
 */
import { z } from 'zod';

export interface ErrorDetail {
  /** Where the problem is, in the request body's own terms: `events[3].occupied`. */
  path: string;
  message: string;
}

export const ERROR_CODES = [
  'malformed',
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'too_large',
  'unknown_scope',
  'conflict',
  'csrf',
  /** 421: a Host this server does not answer for (WARDPULSE_ALLOWED_HOSTS). */
  'misdirected',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** `['events', 3, 'occupied']` → `events[3].occupied`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text === '' ? '(body)' : text;
}

export function zodIssuesToDetails(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ErrorDetail[] {
  return issues.flatMap((issue) => {
    // An unrecognised key is reported on its parent; name each key itself so the sender can find it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...prefix, ...issue.path, key]),
        message: 'is not a recognised field',
      }));
    }
    return [{ path: formatPath([...prefix, ...issue.path]), message: issue.message }];
  });
}
