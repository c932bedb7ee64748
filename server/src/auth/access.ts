/**
 * Who is asking, and what they may do: checked in this one place for every HTTP route and every
 * Socket.IO subscription.
 *
 * - People (session cookie) may do what their grants' roles allow over the grants' scopes
 *   (`ROLE_ABILITIES` and `trustsCovered` in shared/).
 * - API keys may `read` and/or `ingest`, for the trusts they are scoped to.
 * - Display tokens may `read` the one scope of their wall screen.
 * - Anonymous callers may `read` in demo mode only (synthetic data); nothing else, ever.
 */
import type { Ability, OrgIndex, Scope } from '@wardpulse/shared';
import { parseScope, ROLE_ABILITIES, trustsCovered } from '@wardpulse/shared';
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

/** What an action touches: some trusts' data, or the whole installation (users, audit, rules). */
export type AccessTarget = { kind: 'trusts'; trusts: readonly string[] } | { kind: 'everything' };

const ALLOWED: AccessDecision = { allowed: true };
const deny = (reason: string): AccessDecision => ({ allowed: false, reason });

function outside(trusts: readonly string[], covered: 'all' | ReadonlySet<string>): string[] {
  return covered === 'all' ? [] : trusts.filter((ods) => !covered.has(ods));
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
      if (ability === 'read' && policy.anonymousRead && target.kind === 'trusts') return ALLOWED;
      return deny(ability === 'read' ? 'sign in, or use a read API key or display token' : 'sign in first');
    case 'api-key': {
      if (ability !== 'read' && ability !== 'ingest') return deny(`API keys may not ${ability}`);
      if (!principal.key.can.includes(ability)) return deny(`this API key may not ${ability}`);
      if (target.kind === 'everything') return deny('API keys are scoped to trusts');
      const missing = outside(target.trusts, new Set(principal.key.trusts));
      return missing.length === 0 ? ALLOWED : deny(`this API key is not scoped to ${missing.join(', ')}`);
    }
    case 'display-token': {
      if (ability !== 'read') return deny('display tokens may only read');
      if (target.kind === 'everything') return deny('display tokens are scoped to the boards they show');
      // The home board and every view of its playlist.
      const shown = scopesOfDisplay(principal.token);
      const covered = new Set(
        shown.flatMap((text) => {
          const scope = parseScope(text);
          return scope.ok ? (org.trustsIn(scope.scope) ?? []) : [];
        }),
      );
      const missing = outside(target.trusts, covered);
      return missing.length === 0 ? ALLOWED : deny(`this display token shows ${shown.join(', ')} only`);
    }
    case 'user': {
      const grants = principal.user.grants;
      if (!grants.some((grant) => ROLE_ABILITIES[grant.role].includes(ability))) return deny(`none of your roles may ${ability}`);
      const covered = trustsCovered(grants, ability, org);
      if (target.kind === 'everything') return covered === 'all' ? ALLOWED : deny(`${ability} needs a grant over everything`);
      const missing = outside(target.trusts, covered);
      return missing.length === 0 ? ALLOWED : deny(`you may not ${ability} for ${missing.join(', ')}`);
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

/** Whether the principal may read every trust whose data the scope shows. */
export function mayReadScope(principal: Principal, scope: Scope, org: OrgIndex, policy: AccessPolicy): AccessDecision {
  const trusts = org.trustsIn(scope);
  if (!trusts) return deny('unknown scope');
  return mayAccessTrusts(principal, 'read', trusts, org, policy);
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
