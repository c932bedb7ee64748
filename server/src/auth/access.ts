/**
 * Who is asking, and what they may do: checked in this one place for HTTP routes and for every
 * Socket.IO subscription.
 *
 * Until people can sign in (issue #4), readers are API keys with `read`; in demo mode an
 * anonymous reader may also read, because demo data is synthetic. Outside demo mode nothing is
 * readable without a key.
 */
import type { OrgIndex, Scope } from '@wardpulse/shared';
import type { ApiKeyRecord, KeyAbility } from './api-keys.js';

export type Principal = { kind: 'api-key'; key: ApiKeyRecord } | { kind: 'anonymous' };

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

export interface AccessPolicy {
  /** Demo mode: anonymous readers may read (synthetic data only). */
  anonymousRead: boolean;
}

export function mayDo(principal: Principal, ability: KeyAbility, policy: AccessPolicy): AccessDecision {
  if (principal.kind === 'anonymous') {
    return ability === 'read' && policy.anonymousRead ? { allowed: true } : { allowed: false, reason: 'an API key is required' };
  }
  return principal.key.can.includes(ability) ? { allowed: true } : { allowed: false, reason: `this API key may not ${ability}` };
}

/** Whether the principal may `ability` every trust whose data the scope shows. */
export function mayAccessTrusts(
  principal: Principal,
  ability: KeyAbility,
  trusts: readonly string[],
  policy: AccessPolicy,
): AccessDecision {
  const may = mayDo(principal, ability, policy);
  if (!may.allowed || principal.kind === 'anonymous') return may;
  const outside = trusts.filter((ods) => !principal.key.trusts.includes(ods));
  return outside.length === 0
    ? { allowed: true }
    : { allowed: false, reason: `this API key is not scoped to ${outside.join(', ')}` };
}

export function mayReadScope(principal: Principal, scope: Scope, org: OrgIndex, policy: AccessPolicy): AccessDecision {
  const trusts = org.trustsIn(scope);
  if (!trusts) return { allowed: false, reason: 'unknown scope' };
  return mayAccessTrusts(principal, 'read', trusts, policy);
}

/** Reads `Authorization: Bearer <key>`; undefined when absent. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
