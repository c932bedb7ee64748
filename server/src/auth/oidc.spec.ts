import { AuthorizationResponseError, ResponseBodyError } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import {
  type OidcSignInError,
  describeFailure,
  identityFromClaims,
  readOidcSettings,
  readPublicUrl,
  redirectUriFor,
} from './oidc.js';

describe('OIDC settings from the environment', () => {
  it('is off when nothing is set', () => {
    expect(readOidcSettings({})).toBeUndefined();
    expect(loadConfig({}, [], '/srv').oidc).toBeUndefined();
  });

  it('reads a confidential Entra ID client with defaults filled in', () => {
    expect(
      readOidcSettings({
        WARDPULSE_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
        WARDPULSE_OIDC_CLIENT_ID: 'app-id',
        WARDPULSE_OIDC_CLIENT_SECRET: 'secret',
        WARDPULSE_OIDC_NAME: 'Microsoft Entra ID',
      }),
    ).toEqual({
      issuer: 'https://login.microsoftonline.com/tenant-id/v2.0',
      clientId: 'app-id',
      clientSecret: 'secret',
      name: 'Microsoft Entra ID',
      scopes: ['openid', 'profile', 'email'],
      emailClaim: 'email',
      allowHttp: false,
      linkByEmail: 'unbound',
      requireEmailVerified: true,
    });
  });

  it('reads the linking settings: link by email on or off, and whether a missing email_verified counts', () => {
    const base = { WARDPULSE_OIDC_ISSUER: 'https://idp.example', WARDPULSE_OIDC_CLIENT_ID: 'x' };
    expect(loadConfig(base, [], '/srv').oidc).toMatchObject({ linkByEmail: 'unbound', requireEmailVerified: true });
    expect(
      loadConfig({ ...base, WARDPULSE_OIDC_LINK_BY_EMAIL: 'off', WARDPULSE_OIDC_REQUIRE_EMAIL_VERIFIED: 'off' }, [], '/srv').oidc,
    ).toMatchObject({ linkByEmail: 'off', requireEmailVerified: false });
    expect(() => loadConfig({ ...base, WARDPULSE_OIDC_LINK_BY_EMAIL: 'always' }, [], '/srv')).toThrow(
      /WARDPULSE_OIDC_LINK_BY_EMAIL: must be unbound or off/,
    );
  });

  it('reads a public CIS2 client through loadConfig, with its own scopes and email claim', () => {
    const config = loadConfig(
      {
        WARDPULSE_OIDC_ISSUER:
          'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
        WARDPULSE_OIDC_CLIENT_ID: 'wardpulse',
        WARDPULSE_OIDC_SCOPES: 'openid profile email nationalrbacaccess',
        WARDPULSE_OIDC_EMAIL_CLAIM: 'email',
        WARDPULSE_PUBLIC_URL: 'https://wardpulse.example.nhs.uk/',
      },
      [],
      '/srv',
    );
    expect(config.oidc).toMatchObject({
      clientSecret: undefined,
      name: 'NHS CIS2',
      scopes: ['openid', 'profile', 'email', 'nationalrbacaccess'],
    });
    expect(config.publicUrl).toBe('https://wardpulse.example.nhs.uk');
  });

  it('refuses incomplete, insecure or malformed settings', () => {
    const refused = (env: Record<string, string>) => () => loadConfig(env, [], '/srv');
    expect(refused({ WARDPULSE_OIDC_ISSUER: 'https://idp.example' })).toThrow(/WARDPULSE_OIDC_CLIENT_ID: required/);
    expect(refused({ WARDPULSE_OIDC_CLIENT_ID: 'x' })).toThrow(/WARDPULSE_OIDC_ISSUER: required/);
    expect(refused({ WARDPULSE_OIDC_CLIENT_SECRET: 'x' })).toThrow(ConfigError);
    expect(refused({ WARDPULSE_OIDC_ISSUER: 'http://idp.example', WARDPULSE_OIDC_CLIENT_ID: 'x' })).toThrow(/must be https/);
    expect(refused({ WARDPULSE_OIDC_ISSUER: 'ftp://idp.example', WARDPULSE_OIDC_CLIENT_ID: 'x' })).toThrow(/https URL/);
    expect(refused({ WARDPULSE_OIDC_ISSUER: 'https://idp.example?x=1', WARDPULSE_OIDC_CLIENT_ID: 'x' })).toThrow(/query/);
    expect(
      refused({
        WARDPULSE_OIDC_ISSUER: 'https://idp.example',
        WARDPULSE_OIDC_CLIENT_ID: 'x',
        WARDPULSE_OIDC_SCOPES: 'profile email',
      }),
    ).toThrow(/must include openid/);
    expect(
      refused({ WARDPULSE_OIDC_ISSUER: 'https://idp.example', WARDPULSE_OIDC_CLIENT_ID: 'x', WARDPULSE_OIDC_EMAIL_CLAIM: 'a b' }),
    ).toThrow(/claim name/);
    expect(refused({ WARDPULSE_OIDC_ALLOW_HTTP: 'maybe' })).toThrow(/on or off/);
    expect(
      refused({ WARDPULSE_OIDC_ISSUER: 'https://login.microsoftonline.com/common/v2.0', WARDPULSE_OIDC_CLIENT_ID: 'x' }),
    ).toThrow(/your Entra ID tenant/);
    expect(
      refused({ WARDPULSE_OIDC_ISSUER: 'https://login.microsoftonline.com/organizations/v2.0', WARDPULSE_OIDC_CLIENT_ID: 'x' }),
    ).toThrow(/your Entra ID tenant/);
    expect(refused({ WARDPULSE_PUBLIC_URL: 'wardpulse.example' })).toThrow(/WARDPULSE_PUBLIC_URL/);
  });

  it('allows a plain-http issuer only with WARDPULSE_OIDC_ALLOW_HTTP=on', () => {
    const config = loadConfig(
      { WARDPULSE_OIDC_ISSUER: 'http://127.0.0.1:9000', WARDPULSE_OIDC_CLIENT_ID: 'x', WARDPULSE_OIDC_ALLOW_HTTP: 'on' },
      [],
      '/srv',
    );
    expect(config.oidc).toMatchObject({ issuer: 'http://127.0.0.1:9000', allowHttp: true });
  });
});

describe('public URL and redirect URI', () => {
  it('reads WARDPULSE_PUBLIC_URL as a base without a trailing slash, and puts the callback under an origin', () => {
    expect(readPublicUrl(undefined)).toBeUndefined();
    expect(readPublicUrl('https://wardpulse.example.nhs.uk/')).toBe('https://wardpulse.example.nhs.uk');
    expect(redirectUriFor('https://wardpulse.example.nhs.uk')).toBe('https://wardpulse.example.nhs.uk/api/v1/auth/oidc/callback');
  });
});

describe('identityFromClaims', () => {
  it('takes the subject, email and name, with UserInfo filling gaps', () => {
    expect(identityFromClaims({ sub: 's1' }, { email: 'Ann.Smith@NHS.net', name: 'Ann Smith' }, 'email')).toMatchObject({
      subject: 's1',
      email: 'ann.smith@nhs.net',
      name: 'Ann Smith',
    });
    expect(
      identityFromClaims({ sub: 's2', email: 'b@nhs.net', given_name: 'Bea', family_name: 'Jones' }, undefined, 'email').name,
    ).toBe('Bea Jones');
    expect(identityFromClaims({ sub: 's3', email: 'c@nhs.net' }, undefined, 'email').name).toBe('c@nhs.net');
  });

  it('counts an email as verified only when the provider says so, unless told to trust its silence', () => {
    const verified = (claims: Record<string, unknown>, emailClaim = 'email', require = true) =>
      identityFromClaims({ sub: 's', email: 'a@nhs.net', ...claims }, undefined, emailClaim, require).emailVerified;
    expect(verified({ email_verified: true })).toBe(true);
    expect(verified({ email_verified: 'true' })).toBe(true);
    expect(verified({})).toBe(false);
    expect(verified({ email_verified: 'yes' })).toBe(false);
    expect(verified({}, 'email', false)).toBe(true);
    // email_verified speaks of `email`, not of another claim read as the email.
    expect(verified({ upn: 'a@nhs.net', email_verified: true }, 'upn')).toBe(false);
    expect(verified({ upn: 'a@nhs.net' }, 'upn', false)).toBe(true);
  });

  it('reads the email from the configured claim (e.g. Entra ID preferred_username)', () => {
    expect(identityFromClaims({ sub: 's', preferred_username: 'dee@trust.nhs.uk' }, undefined, 'preferred_username').email).toBe(
      'dee@trust.nhs.uk',
    );
  });

  it('refuses an identity without a usable email, or with an unverified one', () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as OidcSignInError).code;
      }
      return 'accepted';
    };
    expect(code(() => identityFromClaims({ sub: 's' }, undefined, 'email'))).toBe('oidc_no_email');
    expect(code(() => identityFromClaims({ sub: 's', email: 'not an email' }, undefined, 'email'))).toBe('oidc_no_email');
    expect(code(() => identityFromClaims({ sub: 's', email: ['a@b.c'] }, undefined, 'email'))).toBe('oidc_no_email');
    expect(code(() => identityFromClaims({ sub: 's', email: 'a@nhs.net', email_verified: false }, undefined, 'email'))).toBe(
      'oidc_email_unverified',
    );
    expect(code(() => identityFromClaims({ email: 'a@nhs.net' }, undefined, 'email'))).toBe('oidc_failed');
  });
});

describe('describeFailure', () => {
  it('names provider refusals, token errors and ID token claim mismatches without their values', () => {
    const denied = describeFailure(
      new AuthorizationResponseError('denied', { cause: new URLSearchParams({ error: 'access_denied', state: 's' }) }),
    );
    expect(denied).toMatchObject({ code: 'oidc_denied', reason: 'provider_error', error: 'access_denied' });
    const grant = describeFailure(
      new ResponseBodyError('bad', { cause: { error: 'invalid_grant' }, response: new Response('{}', { status: 400 }) }),
    );
    expect(grant).toMatchObject({ code: 'oidc_failed', reason: 'token_error', error: 'invalid_grant' });
    const nonce = Object.assign(new Error('unexpected JWT claim value encountered'), {
      code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
      cause: { cause: { claim: 'nonce', expected: 'secret-nonce', claims: { email: 'a@b.c' } } },
    });
    const failure = describeFailure(nonce);
    expect(failure).toMatchObject({ code: 'oidc_failed', reason: 'id_token_nonce' });
    expect(JSON.stringify(failure)).not.toContain('secret-nonce');
    expect(describeFailure(new TypeError('fetch failed'))).toMatchObject({ code: 'oidc_unavailable' });
    expect(describeFailure(new Error('boom'))).toMatchObject({ code: 'oidc_failed', reason: 'unexpected' });
  });
});
