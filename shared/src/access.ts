/**
 * Roles, what each may do, and grants: a role over a part of the organisation (everything, a
 * collaborative or a trust). Defined once for the server's checks and the admin UI.
 */
import { z } from 'zod';
import type { OrgIndex } from './org-index.js';

export const ROLES = ['admin', 'executive', 'bed-manager', 'on-call', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  executive: 'Executive',
  'bed-manager': 'Bed manager',
  'on-call': 'On-call manager',
  viewer: 'Viewer',
};

/**
 * What can be done. `read`: live boards, the bed finder, trends. `ingest`: send facts (feeds).
 * `respond-alerts`: acknowledge, resolve, silence alerts. `manage-alerts`: rules and rotas.
 * `manage-access`: users, grants, API keys, display tokens. `manage-org`: trusts, sites, wards,
 * bed numbers. `view-audit`: the audit log. `update-wards`: put a ward's figures (and a trust's own
 * returns) in by hand, as a bed manager does for wards with no electronic feed.
 */
export const ABILITIES = [
  'read',
  'ingest',
  'respond-alerts',
  'manage-alerts',
  'manage-access',
  'manage-org',
  'view-audit',
  'update-wards',
] as const;
export type Ability = (typeof ABILITIES)[number];

export const ROLE_ABILITIES: Record<Role, readonly Ability[]> = {
  admin: ['read', 'respond-alerts', 'manage-alerts', 'manage-access', 'manage-org', 'view-audit', 'update-wards'],
  executive: ['read'],
  'bed-manager': ['read', 'respond-alerts', 'update-wards'],
  'on-call': ['read', 'respond-alerts'],
  viewer: ['read'],
};

export const grantScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('collaborative'), id: z.string().min(1, 'must name a collaborative') }),
  z.strictObject({ kind: z.literal('trust'), id: z.string().min(1, 'must name a trust') }),
]);
export type GrantScope = z.infer<typeof grantScopeSchema>;

export const grantSchema = z.strictObject({ role: z.enum(ROLES), scope: grantScopeSchema });
export type Grant = z.infer<typeof grantSchema>;

export function formatGrantScope(scope: GrantScope): string {
  return scope.kind === 'all' ? 'all' : `${scope.kind}:${scope.id}`;
}

/**
 * The trusts a set of grants lets someone `ability`: 'all' when a grant covers everything.
 * A collaborative grant covers its member trusts as they are now.
 */
export function trustsCovered(grants: readonly Grant[], ability: Ability, org: OrgIndex): 'all' | Set<string> {
  const trusts = new Set<string>();
  for (const grant of grants) {
    if (!ROLE_ABILITIES[grant.role].includes(ability)) continue;
    if (grant.scope.kind === 'all') return 'all';
    if (grant.scope.kind === 'trust') trusts.add(grant.scope.id);
    else for (const ods of org.collaborativesById.get(grant.scope.id)?.trustOds ?? []) trusts.add(ods);
  }
  return trusts;
}
