/**
 * Scopes name the part of the organisation a reader looks at, and the Socket.IO rooms
 * clients subscribe to: `region:<Y63>`, `collaborative:<id>`, `trust:<ods>`, `site:<id>`,
 * `ward:<id>` (widest first).
 */
import { z } from 'zod';
import { odsCodeSchema, regionCodeSchema, siteIdSchema, wardIdSchema } from './org.js';

export const SCOPE_KINDS = ['region', 'collaborative', 'trust', 'site', 'ward'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export type Scope = { kind: ScopeKind; id: string };

export const collaborativeIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and hyphens');

const idSchemaByKind = {
  region: regionCodeSchema,
  collaborative: collaborativeIdSchema,
  trust: odsCodeSchema,
  site: siteIdSchema,
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
    return { ok: false, message: 'must start with region:, collaborative:, trust:, site: or ward:' };
  }
  const id = text.slice(colon + 1);
  const parsed = idSchemaByKind[kind].safeParse(id);
  if (!parsed.success) return { ok: false, message: `${kind} id ${parsed.error.issues[0]?.message ?? 'is invalid'}` };
  return { ok: true, scope: { kind, id } };
}

export const scopeTextSchema = z.string().superRefine((text, ctx) => {
  const parsed = parseScope(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});
