/** Settings kept in a JSON file named by an environment variable (the OPEL rule, HL7 feeds): read, checked, or refused with every reason. */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export function readJsonSetting<Schema extends z.ZodType>(
  variable: string,
  path: string,
  schema: Schema,
  what: string,
  fail: (message: string) => Error = (message) => new Error(message),
): z.infer<Schema> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw fail(`${variable}: cannot read ${path} as JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.') || `(${what})`}: ${issue.message}`);
    throw fail(`${variable}: ${path} is not a valid ${what}\n${reasons.join('\n')}`);
  }
  return parsed.data;
}
