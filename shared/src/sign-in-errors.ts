/**
 * Why an OpenID Connect sign-in was refused, as the callback sends the browser to
 * `/sign-in?error=<code>` (the server's reasons are finer, and audited; these are what the person
 * is told).
 */
export const OIDC_FAILURE_CODES = [
  'oidc_state',
  'oidc_denied',
  'oidc_failed',
  'oidc_unavailable',
  'oidc_no_email',
  'oidc_email_unverified',
  'oidc_disabled',
  /** The account with this email is bound to another identity at the provider: never re-linked. */
  'oidc_account_bound',
  /** The account exists but may not be linked on the provider's word: sign in with its password first. */
  'oidc_link_needs_password',
  /** The account exists and this installation links no accounts (WARDPULSE_OIDC_LINK_BY_EMAIL=off). */
  'oidc_link_off',
] as const;
export type OidcFailureCode = (typeof OIDC_FAILURE_CODES)[number];

export function isOidcFailureCode(value: unknown): value is OidcFailureCode {
  return typeof value === 'string' && (OIDC_FAILURE_CODES as readonly string[]).includes(value);
}
