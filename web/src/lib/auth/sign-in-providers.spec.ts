import { describe, expect, it } from 'vitest';
import { loadSignInProviders, parseProviders, PASSWORD_ONLY } from './sign-in-providers.js';

describe('sign-in providers', () => {
  it('offers single sign-on when the server names a provider', () => {
    expect(parseProviders({ password: true, oidc: { name: 'NHSmail', loginUrl: '/api/v1/auth/oidc/login' } })).toEqual({
      password: true,
      oidc: { name: 'NHSmail', loginUrl: '/api/v1/auth/oidc/login' },
    });
  });

  it('ignores an unusable provider and keeps passwords', () => {
    expect(parseProviders({ password: true, oidc: null })).toEqual(PASSWORD_ONLY);
    expect(parseProviders({ oidc: { name: 'X', loginUrl: 'javascript:alert(1)' } })).toEqual(PASSWORD_ONLY);
    expect(parseProviders({ oidc: { name: 'X', loginUrl: '//evil.example' } })).toEqual(PASSWORD_ONLY);
    expect(parseProviders('nonsense')).toEqual(PASSWORD_ONLY);
  });

  it('treats a server without the endpoint (404) as passwords only', async () => {
    const fetch404 = (async () =>
      Response.json({ error: { code: 'not_found', message: 'no API route', details: [] } }, { status: 404 })) as typeof fetch;
    await expect(loadSignInProviders(fetch404)).resolves.toEqual(PASSWORD_ONLY);
  });
});
