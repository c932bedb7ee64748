/** Request validation with the shared zod schemas: a 400 naming every bad field, or the parsed value. */
import { zodIssuesToDetails } from '@wardpulse/shared';
import type { z } from 'zod';
import { HttpError } from './errors.js';

export function parseRequest<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.infer<Schema> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success)
    throw new HttpError(400, 'malformed', `the ${what} is not well-formed`, zodIssuesToDetails(parsed.error.issues));
  return parsed.data;
}
