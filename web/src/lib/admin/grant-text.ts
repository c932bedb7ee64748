/**
 * Grants in words for people reading the admin pages: "Bed manager for North East and North Cumbria
 * (collaborative)" rather than `bed-manager collaborative:nenc`.
 */
import { ROLE_LABELS, type Grant, type GrantScope, type OrgDirectory } from '@wardpulse/shared';

type Names = Pick<OrgDirectory, 'collaboratives' | 'trusts'> & Partial<Pick<OrgDirectory, 'regions'>>;

export function describeGrantScope(scope: GrantScope, directory: Names | null): string {
  switch (scope.kind) {
    case 'all':
      return 'every trust';
    case 'region': {
      const name = directory?.regions?.find((region) => region.code === scope.id)?.name;
      return `region: ${name ?? scope.id}`;
    }
    case 'collaborative': {
      const name = directory?.collaboratives.find((collaborative) => collaborative.id === scope.id)?.name;
      return name ? `${name} (collaborative)` : `collaborative ${scope.id}`;
    }
    case 'trust': {
      const name = directory?.trusts.find((trust) => trust.ods === scope.id)?.name;
      return name ? `${name} (${scope.id})` : `trust ${scope.id}`;
    }
  }
}

export function describeGrant(grant: Grant, directory: Names | null): string {
  return `${ROLE_LABELS[grant.role]} for ${describeGrantScope(grant.scope, directory)}`;
}

/** Every grant in words, one per line's worth; "No access" when there are none. */
export function describeGrants(grants: readonly Grant[], directory: Names | null): string[] {
  return grants.length === 0 ? ['No access'] : grants.map((grant) => describeGrant(grant, directory));
}
