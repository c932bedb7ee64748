/**
 * Access checks for alerting routes, which act on a scope (a trust or a collaborative): the
 * ability over every trust in it, as for reading a board of that scope.
 */
import type { Ability, OrgIndex } from '@wardpulse/shared';
import { parseScope } from '@wardpulse/shared';
import type { Request } from 'express';
import { authorise, type AccessPolicy, type Principal } from '../../auth/access.js';
import { requireAccess } from '../authenticate.js';
import { HttpError } from '../errors.js';

export interface ScopeAccessDeps {
  org: () => OrgIndex;
  policy: AccessPolicy;
}

/** The trusts of a scope; 404 for a scope the organisation does not have. */
export function trustsOfScope(org: OrgIndex, scope: string): string[] {
  const parsed = parseScope(scope);
  const trusts = parsed.ok ? org.trustsIn(parsed.scope) : undefined;
  if (!trusts) throw new HttpError(404, 'not_found', `no such scope: ${scope}`);
  return trusts;
}

export function requireOnScope(req: Request, ability: Ability, scope: string, deps: ScopeAccessDeps): Principal {
  return requireAccess(req, ability, { kind: 'trusts', trusts: trustsOfScope(deps.org(), scope) }, deps.org(), deps.policy);
}

/** A filter for lists: whether `principal` may `ability` at each scope (memoised per call). */
export function scopeFilter(principal: Principal, ability: Ability, deps: ScopeAccessDeps): (scope: string) => boolean {
  const org = deps.org();
  const seen = new Map<string, boolean>();
  return (scope) => {
    let allowed = seen.get(scope);
    if (allowed === undefined) {
      const parsed = parseScope(scope);
      const trusts = parsed.ok ? org.trustsIn(parsed.scope) : undefined;
      allowed = trusts !== undefined && authorise(principal, ability, { kind: 'trusts', trusts }, org, deps.policy).allowed;
      seen.set(scope, allowed);
    }
    return allowed;
  };
}
