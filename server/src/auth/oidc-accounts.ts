/**
 * Which account an OpenID Connect sign-in opens. An identity (issuer and subject) bound to an
 * account opens it. Otherwise an account with the same email may be linked to it, once, on that
 * first sign-in, and only when:
 * - linking is on (WARDPULSE_OIDC_LINK_BY_EMAIL, default `unbound`), and
 * - the account is bound to no identity: an account bound to another subject is never re-linked
 *   (a provider account recreated, or someone else's given the same email, must not take it over;
 *   an administrator removes the old binding with `npm run cli -- user unlink-oidc <email>`), and
 * - the browser is already signed in to that very account (its password or one-time link proved
 *   it), or the provider vouches for the email (`email_verified: true`) and the account is not an
 *   administrator in use. An administrator with a password, or who has signed in before, is never
 *   linked on the provider's word alone: whoever can set that email at the provider would become an
 *   administrator here. One made to be claimed by single sign-on (`user create` without a password,
 *   never signed in) is linked like anyone else: that is what it was made for.
 * No account with the email: a new one, with no grants. Every refusal names its reason, and the
 * account it was refused for, for the audit log.
 */
import type { OidcFailureCode } from '@wardpulse/shared';
import type { OidcIdentity, OidcLinkByEmail } from './oidc.js';
import { OidcSignInError } from './oidc.js';
import type { UserRecord, UserRepository } from './users.js';

export interface OidcAccount {
  user: UserRecord;
  /** How this sign-in linked an existing account; absent when it was bound already or is new. */
  linked?: 'verified-email' | 'signed-in';
  created?: boolean;
}

export async function accountForOidc(
  users: UserRepository,
  identity: Pick<OidcIdentity, 'issuer' | 'subject' | 'email' | 'emailVerified' | 'name'>,
  options: { linkByEmail: OidcLinkByEmail; signedInUserId: string | undefined },
): Promise<OidcAccount> {
  const bound = await users.signInByOidc(identity.issuer, identity.subject);
  if (bound) return { user: bound };
  const existing = await users.oidcBindingByEmail(identity.email);
  if (!existing) return { user: await users.createOidc(identity), created: true };
  const refuse = (code: OidcFailureCode, reason: string) =>
    new OidcSignInError(code, reason, undefined, identity.email, existing.user.id);
  if (existing.subject !== null || existing.issuer !== null) throw refuse('oidc_account_bound', 'bound_to_another_identity');
  if (options.linkByEmail === 'off') throw refuse('oidc_link_off', 'link_disabled');
  if (existing.user.disabledAt) throw refuse('oidc_disabled', 'disabled');
  const signedIn = options.signedInUserId === existing.user.id;
  if (!signedIn) {
    if (!identity.emailVerified) throw refuse('oidc_link_needs_password', 'link_email_unverified');
    const admin = existing.user.grants.some((grant) => grant.role === 'admin');
    const awaitingSso = !existing.user.hasPassword && existing.user.lastSignInAt === null;
    if (admin && !awaitingSso) throw refuse('oidc_link_needs_password', 'link_admin');
  }
  // Conditional on still being unbound: of two first sign-ins at once, one links and the other is refused.
  if (!(await users.bindOidc(existing.user.id, identity.issuer, identity.subject)))
    throw refuse('oidc_account_bound', 'bound_to_another_identity');
  return { user: (await users.get(existing.user.id))!, linked: signedIn ? 'signed-in' : 'verified-email' };
}
