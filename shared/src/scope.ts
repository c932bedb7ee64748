/**
 * Scopes name the part of the organisation a reader looks at, and the Socket.IO rooms
 * clients subscribe to: `collaborative:<id>`, `trust:<ods>`, `ward:<id>`.
 */
import { z } from 'zod';
import { odsCodeSchema, wardIdSchema } from './org.js';

export const SCOPE_KINDS = ['collaborative', 'trust', 'ward'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export type Scope = { kind: 'collaborative'; id: string } | { kind: 'trust'; id: string } | { kind: 'ward'; id: string };

export const collaborativeIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and hyphens');

const idSchemaByKind = {
  collaborative: collaborativeIdSchema,
  trust: odsCodeSchema,
  ward: wardIdSchema,
} as const satisfies Record<ScopeKind, z.ZodType<string>>;

export function formatScope(scope: Scope): string {
  return `${scope.kind}:${scope.id}`;
}

/** Parses `trust:RX4`; returns the reason when the text is not a scope. */
export function parseScope(text: unknown): { ok: true; scope: Scope } | { ok: false; message: string } {
  if (typeof text !== 'string') return { ok: false, message: 'must be a string such as "trust:RX4"' };
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon) as ScopeKind;
  if (colon < 0 || !SCOPE_KINDS.includes(kind)) {
    return { ok: false, message: 'must start with collaborative:, trust: or ward:' };
  }
  const id = text.slice(colon + 1);
  const parsed = idSchemaByKind[kind].safeParse(id);
  if (!parsed.success) return { ok: false, message: `${kind} id ${parsed.error.issues[0]?.message ?? 'is invalid'}` };
  return { ok: true, scope: { kind, id } as Scope };
}

export const scopeTextSchema = z.string().superRefine((text, ctx) => {
  const parsed = parseScope(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});
