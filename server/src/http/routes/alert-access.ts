/**
 * Access checks for alerting routes, which act on a scope (a region, collaborative, trust, site or
 * ward): the ability over everything the scope shows, as for reading a board of that scope.
 */
import type { Ability, OrgIndex, Scope } from '@wardpulse/shared';
import { parseScope } from '@wardpulse/shared';
import type { Request } from 'express';
import { mayOnScope, type AccessPolicy, type Principal } from '../../auth/access.js';
import { requireAccess } from '../authenticate.js';
import { HttpError } from '../errors.js';

export interface ScopeAccessDeps {
  org: () => OrgIndex;
  policy: AccessPolicy;
}

/** A scope the organisation has; 404 otherwise. */
export function knownScope(org: OrgIndex, scope: string): Scope {
  const parsed = parseScope(scope);
  if (!parsed.ok || !org.has(parsed.scope)) throw new HttpError(404, 'not_found', `no such scope: ${scope}`);
  return parsed.scope;
}

export function requireOnScope(req: Request, ability: Ability, scope: string, deps: ScopeAccessDeps): Principal {
  return requireAccess(req, ability, { kind: 'scopes', scopes: [knownScope(deps.org(), scope)] }, deps.org(), deps.policy);
}

/** A filter for lists: whether `principal` may `ability` at each scope (memoised per call). */
export function scopeFilter(principal: Principal, ability: Ability, deps: ScopeAccessDeps): (scope: string) => boolean {
  const org = deps.org();
  const seen = new Map<string, boolean>();
  return (scope) => {
    let allowed = seen.get(scope);
    if (allowed === undefined) {
      const parsed = parseScope(scope);
      allowed = parsed.ok && mayOnScope(principal, ability, parsed.scope, org, deps.policy).allowed;
      seen.set(scope, allowed);
    }
    return allowed;
  };
}
