/**
 * Roles, what each may do, and grants: a role over a part of the organisation (everything, a
 * region, a collaborative or a trust). Defined once for the server's checks and the admin UI.
 *
 * What grants (or an API key, or a display token's boards) reach is a Coverage: everything, or per
 * trust the whole trust or some of its wards. A specialised collaborative's grant covers only its
 * members' wards of its service lines, never those trusts whole; every decision is read off the
 * coverage (coversTrust, coversWard, coversParts).
 */
import { z } from 'zod';
import type { OrgIndex, ScopeParts } from './org-index.js';
import type { Ward } from './org.js';
import type { Scope } from './scope.js';

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
  z.strictObject({ kind: z.literal('region'), id: z.string().min(1, 'must name a region') }),
  z.strictObject({ kind: z.literal('collaborative'), id: z.string().min(1, 'must name a collaborative') }),
  z.strictObject({ kind: z.literal('trust'), id: z.string().min(1, 'must name a trust') }),
]);
export type GrantScope = z.infer<typeof grantScopeSchema>;

export const grantSchema = z.strictObject({ role: z.enum(ROLES), scope: grantScopeSchema });
export type Grant = z.infer<typeof grantSchema>;

/** The kinds of scope a grant (or a display token's board) may be over: not a site or a ward. */
export const GRANT_SCOPE_KINDS = ['region', 'collaborative', 'trust'] as const;

export function isGrantableScope(scope: Scope): scope is { kind: (typeof GRANT_SCOPE_KINDS)[number]; id: string } {
  return (GRANT_SCOPE_KINDS as readonly string[]).includes(scope.kind);
}

export function formatGrantScope(scope: GrantScope): string {
  return scope.kind === 'all' ? 'all' : `${scope.kind}:${scope.id}`;
}

/** Everything, or per trust (ODS code) the whole trust or the ids of some of its wards. */
export type Coverage = 'all' | ReadonlyMap<string, 'whole' | ReadonlySet<string>>;

/** A ward as coverage reads it. */
export type WardRef = Pick<Ward, 'id' | 'trustOds'>;

/** The coverage of the parts of some scopes: their whole trusts, and their other wards one by one. */
export function coverageOfScopes(scopes: readonly Scope[], org: OrgIndex): Map<string, 'whole' | Set<string>> {
  const coverage = new Map<string, 'whole' | Set<string>>();
  const parts = scopes.map((scope) => org.partsOf(scope)).filter((found) => found !== undefined);
  for (const { trusts } of parts) for (const ods of trusts) coverage.set(ods, 'whole');
  for (const { wards } of parts) {
    for (const ward of wards) {
      const current = coverage.get(ward.trustOds) ?? new Set<string>();
      if (current === 'whole') continue;
      current.add(ward.id);
      coverage.set(ward.trustOds, current);
    }
  }
  return coverage;
}

/** Whole trusts, as an API key is scoped. */
export function coverageOfTrusts(trusts: readonly string[]): Map<string, 'whole'> {
  return new Map(trusts.map((ods) => [ods, 'whole']));
}

/**
 * What a set of grants lets someone `ability`: 'all' when a grant covers everything. A region or
 * collaborative grant covers what that scope covers as the organisation is now (OrgIndex.partsOf):
 * a region's trusts whole, a place-based collaborative's members whole, a specialised
 * collaborative's members' wards of its service lines only.
 */
export function coverageOf(grants: readonly Grant[], ability: Ability, org: OrgIndex): Coverage {
  const scopes: Scope[] = [];
  for (const grant of grants) {
    if (!ROLE_ABILITIES[grant.role].includes(ability)) continue;
    if (grant.scope.kind === 'all') return 'all';
    scopes.push(grant.scope);
  }
  // A trust grant covers the trust whole even before the trust is in the directory.
  const coverage = coverageOfScopes(scopes, org);
  for (const scope of scopes) if (scope.kind === 'trust') coverage.set(scope.id, 'whole');
  return coverage;
}

/** Whether the coverage includes a trust whole (its trust-level data). */
export function coversTrust(coverage: Coverage, ods: string): boolean {
  return coverage === 'all' || coverage.get(ods) === 'whole';
}

/** Whether the coverage includes a ward (its trust whole, or the ward itself). */
export function coversWard(coverage: Coverage, ward: WardRef): boolean {
  if (coverage === 'all') return true;
  const ofTrust = coverage.get(ward.trustOds);
  return ofTrust === 'whole' || (ofTrust?.has(ward.id) ?? false);
}

/** What of these parts the coverage leaves out: trusts not covered whole, and wards not covered. */
export function outsideCoverage(
  coverage: Coverage,
  parts: { trusts: readonly string[]; wards: readonly WardRef[] },
): { trusts: string[]; wards: string[] } {
  return {
    trusts: parts.trusts.filter((ods) => !coversTrust(coverage, ods)),
    wards: parts.wards.filter((ward) => !coversWard(coverage, ward)).map((ward) => ward.id),
  };
}

/** Whether the coverage includes everything a scope shows (see OrgIndex.partsOf); false for an unknown scope. */
export function coversScope(coverage: Coverage, scope: Scope, org: OrgIndex): boolean {
  const parts: ScopeParts | undefined = org.partsOf(scope);
  if (!parts) return false;
  const missing = outsideCoverage(coverage, parts);
  return missing.trusts.length === 0 && missing.wards.length === 0;
}

/** The trusts covered whole: 'all', or their ODS codes. */
export function trustsCovered(grants: readonly Grant[], ability: Ability, org: OrgIndex): 'all' | Set<string> {
  const coverage = coverageOf(grants, ability, org);
  if (coverage === 'all') return 'all';
  return new Set([...coverage].filter(([, covered]) => covered === 'whole').map(([ods]) => ods));
}
