import { OIDC_FAILURE_CODES } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { oidcErrorMessage } from './oidc-errors.js';

describe('single sign-on errors on the sign-in page', () => {
  it('words every code the server sends, naming the provider where it matters', () => {
    for (const code of OIDC_FAILURE_CODES) expect(oidcErrorMessage(code, 'NHS CIS2')).toMatch(/\w/);
    expect(oidcErrorMessage('oidc_link_needs_password', 'NHS CIS2')).toMatch(/password first, then choose Sign in with NHS CIS2/);
    expect(oidcErrorMessage('oidc_account_bound', 'NHS CIS2')).toMatch(/already linked to a different NHS CIS2 account/);
  });

  it('says nothing for no code or one it does not know', () => {
    expect(oidcErrorMessage(null, 'NHS CIS2')).toBeUndefined();
    expect(oidcErrorMessage('<script>', 'NHS CIS2')).toBeUndefined();
  });
});
