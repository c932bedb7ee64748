/**
 * What the sign-in page says when single sign-on sent the browser back with `?error=<code>`: what
 * happened and what to do, in the provider's name. Unknown codes say nothing (the link may be old
 * or made up).
 */
import { isOidcFailureCode, type OidcFailureCode } from '@wardpulse/shared';

const MESSAGES: Record<OidcFailureCode, (provider: string) => string> = {
  oidc_state: () => 'Your single sign-on took too long or was started in another browser. Try again.',
  oidc_denied: (provider) => `Sign-in with ${provider} was cancelled.`,
  oidc_failed: (provider) => `Sign-in with ${provider} did not work. Try again, or sign in with your password.`,
  oidc_unavailable: (provider) => `${provider} cannot be reached just now. Try again later, or sign in with your password.`,
  oidc_no_email: (provider) =>
    `${provider} did not give WardPulse your email address, so you cannot be signed in. Ask an administrator.`,
  oidc_email_unverified: (provider) => `${provider} has not verified your email address. Verify it there, then try again.`,
  oidc_disabled: () => 'Your WardPulse account is disabled. Ask an administrator.',
  oidc_account_bound: (provider) =>
    `The WardPulse account with your email is already linked to a different ${provider} account, so it was not opened. ` +
    'Ask an administrator to unlink it if your account there has changed.',
  oidc_link_needs_password: (provider) =>
    `A WardPulse account with your email already exists. To link it to ${provider}, sign in below with its password first, ` +
    `then choose Sign in with ${provider}.`,
  oidc_link_off: (provider) =>
    `A WardPulse account with your email already exists, and this WardPulse does not link accounts to ${provider}. ` +
    'Sign in with your password, or ask an administrator.',
};

export function oidcErrorMessage(code: string | null, provider: string): string | undefined {
  return isOidcFailureCode(code) ? MESSAGES[code](provider) : undefined;
}
