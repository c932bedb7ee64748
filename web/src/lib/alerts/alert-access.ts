/**
 * Which scopes a person may act on for alerting (respond to alerts, manage rules and rotas), by the
 * server's own rule: an ability over a scope needs it over everything the scope shows (`coverageOf`
 * and `coversScope` in shared). The interface hides what would be refused; the server decides.
 */
import { coverageOf, coversScope, OrgIndex, parseScope, type Ability, type Grant, type OrgDirectory } from '@wardpulse/shared';
import { boardScopeOptions, type ScopeOption } from '../trends/trend-scopes.js';

export function mayOverScope(grants: readonly Grant[], ability: Ability, scope: string, org: OrgIndex | null): boolean {
  const parsed = parseScope(scope);
  if (!parsed.ok || !org) return false;
  return coversScope(coverageOf(grants, ability, org), parsed.scope, org);
}

/** The regions, collaboratives, then trusts this person may `ability` over: the scopes an alerting form offers. */
export function alertScopeOptions(grants: readonly Grant[], ability: Ability, directory: OrgDirectory | null): ScopeOption[] {
  if (!directory) return [];
  const org = new OrgIndex(directory);
  return boardScopeOptions(directory, { region: ' (region)', collaborative: ' (collaborative)' }).filter((option) =>
    mayOverScope(grants, ability, option.value, org),
  );
}
