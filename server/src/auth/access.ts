/**
 * Who is asking, and what they may do: checked in this one place for every HTTP route and every
 * Socket.IO subscription.
 *
 * - People (session cookie) may do what their grants' roles allow over the grants' scopes
 *   (`ROLE_ABILITIES` and `coverageOf` in shared/).
 * - API keys may `read` and/or `ingest`, for the trusts they are scoped to.
 * - Display tokens may `read` what the scopes of their wall screen show.
 *
 * Every principal's reach is one Coverage (shared/access.ts): everything, or per trust the whole trust
 * or some of its wards. Trust-level data (placements, waiting lists, video, trust figures, sitreps,
 * Section 136 suites) needs the trust whole; a ward's data needs the ward; a scope needs all it shows
 * (OrgIndex.partsOf) — so a grant over a specialised collaborative reads its service lines' wards and
 * the collaborative's board, never its members' other wards or trust-wide returns.
 * - Anonymous callers may `read` in demo mode only (synthetic data); nothing else, ever.
 */
import type { Ability, Coverage, OrgIndex, Scope, WardRef } from '@wardpulse/shared';
import { coverageOf, coverageOfScopes, coverageOfTrusts, outsideCoverage, parseScope, ROLE_ABILITIES } from '@wardpulse/shared';
import type { ApiKeyRecord } from './api-keys.js';
import { scopesOfDisplay, type DisplayTokenRecord } from './display-tokens.js';
import type { UserRecord } from './users.js';

export type Principal =
  | { kind: 'user'; user: UserRecord; sessionId: string; csrfToken: string }
  | { kind: 'api-key'; key: ApiKeyRecord }
  | { kind: 'display-token'; token: DisplayTokenRecord }
  | { kind: 'anonymous' };

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

export interface AccessPolicy {
  /** Demo mode: anonymous readers may read (synthetic data only). */
  anonymousRead: boolean;
}

/**
 * What an action touches: some trusts' trust-level data (each trust whole), some wards' data, what
 * some scopes show, or the whole installation (users, audit, rules).
 */
export type AccessTarget =
  | { kind: 'trusts'; trusts: readonly string[] }
  | { kind: 'wards'; wards: readonly WardRef[] }
  | { kind: 'scopes'; scopes: readonly Scope[] }
  | { kind: 'everything' };

const ALLOWED: AccessDecision = { allowed: true };
const deny = (reason: string): AccessDecision => ({ allowed: false, reason });

/** The trusts and wards a target touches; undefined for an unknown scope. */
function partsOfTarget(
  target: Exclude<AccessTarget, { kind: 'everything' }>,
  org: OrgIndex,
): { trusts: readonly string[]; wards: readonly WardRef[] } | undefined {
  if (target.kind === 'trusts') return { trusts: target.trusts, wards: [] };
  if (target.kind === 'wards') return { trusts: [], wards: target.wards };
  const parts = target.scopes.map((scope) => org.partsOf(scope));
  if (parts.some((found) => found === undefined)) return undefined;
  return { trusts: parts.flatMap((found) => found!.trusts), wards: parts.flatMap((found) => found!.wards) };
}

/** What of the target the coverage leaves out, in words; undefined when it covers it all. */
function missingFrom(coverage: Coverage, target: Exclude<AccessTarget, { kind: 'everything' }>, org: OrgIndex) {
  const parts = partsOfTarget(target, org);
  if (!parts) return 'an unknown scope';
  const missing = outsideCoverage(coverage, parts);
  const named = [...missing.trusts, ...missing.wards.map((id) => `ward ${id}`)];
  if (named.length === 0) return undefined;
  return named.length > 5 ? `${named.slice(0, 5).join(', ')} and ${named.length - 5} more` : named.join(', ');
}

/** The one authorisation decision. */
export function authorise(
  principal: Principal,
  ability: Ability,
  target: AccessTarget,
  org: OrgIndex,
  policy: AccessPolicy,
): AccessDecision {
  switch (principal.kind) {
    case 'anonymous':
      if (ability === 'read' && policy.anonymousRead && target.kind !== 'everything') return ALLOWED;
      return deny(ability === 'read' ? 'sign in, or use a read API key or display token' : 'sign in first');
    case 'api-key': {
      if (ability !== 'read' && ability !== 'ingest') return deny(`API keys may not ${ability}`);
      if (!principal.key.can.includes(ability)) return deny(`this API key may not ${ability}`);
      if (target.kind === 'everything') return deny('API keys are scoped to trusts');
      const missing = missingFrom(coverageOfTrusts(principal.key.trusts), target, org);
      return missing === undefined ? ALLOWED : deny(`this API key is not scoped to ${missing}`);
    }
    case 'display-token': {
      if (ability !== 'read') return deny('display tokens may only read');
      if (target.kind === 'everything') return deny('display tokens are scoped to the boards they show');
      // The home board and every view of its playlist.
      const shown = scopesOfDisplay(principal.token);
      const scopes = shown.flatMap((text) => {
        const scope = parseScope(text);
        return scope.ok ? [scope.scope] : [];
      });
      const missing = missingFrom(coverageOfScopes(scopes, org), target, org);
      return missing === undefined ? ALLOWED : deny(`this display token shows ${shown.join(', ')} only`);
    }
    case 'user': {
      const grants = principal.user.grants;
      if (!grants.some((grant) => ROLE_ABILITIES[grant.role].includes(ability))) return deny(`none of your roles may ${ability}`);
      const covered = coverageOf(grants, ability, org);
      if (target.kind === 'everything') return covered === 'all' ? ALLOWED : deny(`${ability} needs a grant over everything`);
      const missing = missingFrom(covered, target, org);
      return missing === undefined ? ALLOWED : deny(`you may not ${ability} for ${missing}`);
    }
  }
}

/** Whether the principal may `ability` anywhere at all (e.g. may this key ingest). */
export function mayDo(principal: Principal, ability: Ability, org: OrgIndex, policy: AccessPolicy): AccessDecision {
  return authorise(principal, ability, { kind: 'trusts', trusts: [] }, org, policy);
}

/** Whether the principal may `ability` every one of these trusts. */
export function mayAccessTrusts(
  principal: Principal,
  ability: Ability,
  trusts: readonly string[],
  org: OrgIndex,
  policy: AccessPolicy,
): AccessDecision {
  return authorise(principal, ability, { kind: 'trusts', trusts }, org, policy);
}

/** Whether the principal may read everything the scope shows: its whole trusts and every ward. */
export function mayReadScope(principal: Principal, scope: Scope, org: OrgIndex, policy: AccessPolicy): AccessDecision {
  return mayOnScope(principal, 'read', scope, org, policy);
}

/** Whether the principal may `ability` over everything the scope shows. */
export function mayOnScope(
  principal: Principal,
  ability: Ability,
  scope: Scope,
  org: OrgIndex,
  policy: AccessPolicy,
): AccessDecision {
  if (!org.has(scope)) return deny('unknown scope');
  return authorise(principal, ability, { kind: 'scopes', scopes: [scope] }, org, policy);
}

/** Whether the principal may `ability` for one ward's data. */
export function mayOnWard(
  principal: Principal,
  ability: Ability,
  ward: WardRef,
  org: OrgIndex,
  policy: AccessPolicy,
): AccessDecision {
  return authorise(principal, ability, { kind: 'wards', wards: [ward] }, org, policy);
}

/** Reads `Authorization: Bearer <key>`; undefined when absent. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** The name a board or return shows for who keyed something: a person's name, else the actor id. */
export function nameOf(principal: Principal): string {
  return principal.kind === 'user' ? principal.user.name : actorOf(principal);
}

/** A short description of who is acting, for the audit log (never a secret). */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.user.id}`;
    case 'api-key':
      return `api-key:${principal.key.id}`;
    case 'display-token':
      return `display-token:${principal.token.id}`;
    case 'anonymous':
      return 'anonymous';
  }
}
