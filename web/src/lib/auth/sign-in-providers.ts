/**
 * How people may sign in here: always with a password, and with the trust's OpenID Connect provider
 * when one is configured (`GET /api/v1/auth/providers`). A server without that endpoint (404), or one
 * that cannot answer, offers passwords only.
 */
import { getJson } from '../api/api-client.js';

export const PROVIDERS_PATH = '/api/v1/auth/providers';

export interface SignInProviders {
  password: boolean;
  oidc: { name: string; loginUrl: string } | null;
}

export const PASSWORD_ONLY: SignInProviders = { password: true, oidc: null };

/** The providers, tolerating an older or partial server; a login URL must be on this site or https. */
export function parseProviders(body: unknown): SignInProviders {
  if (typeof body !== 'object' || body === null) return PASSWORD_ONLY;
  const record = body as { password?: unknown; oidc?: unknown };
  const oidc = record.oidc as { name?: unknown; loginUrl?: unknown } | null | undefined;
  const usable =
    typeof oidc?.name === 'string' &&
    oidc.name.trim() !== '' &&
    typeof oidc.loginUrl === 'string' &&
    (/^\/(?![/\\])/.test(oidc.loginUrl) || /^https:\/\//i.test(oidc.loginUrl));
  return {
    password: record.password !== false,
    oidc: usable ? { name: (oidc.name as string).trim(), loginUrl: oidc.loginUrl as string } : null,
  };
}

export async function loadSignInProviders(fetchImpl: typeof fetch, signal?: AbortSignal): Promise<SignInProviders> {
  try {
    return parseProviders(await getJson<unknown>(fetchImpl, PROVIDERS_PATH, null, signal));
  } catch {
    return PASSWORD_ONLY;
  }
}
