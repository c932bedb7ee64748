/**
 * Turns what a request or socket handshake carries into a principal: `Bearer wpk_…` (API key),
 * `Bearer wpd_…` or `auth.token` (display token or API key), or the session cookie (a person).
 * One place for HTTP and Socket.IO, so both see the same rules.
 */
import { parse as parseCookies } from 'cookie';
import type { Principal } from './access.js';
import type { ApiKeyRepository } from './api-keys.js';
import type { DisplayTokenRepository } from './display-tokens.js';
import { SESSION_COOKIE, type SessionStore } from './sessions.js';
import type { UserRepository } from './users.js';

export interface AuthenticatorDeps {
  apiKeys: ApiKeyRepository;
  displayTokens: DisplayTokenRepository;
  sessions: SessionStore;
  users: UserRepository;
}

export class Authenticator {
  constructor(private readonly deps: AuthenticatorDeps) {}

  /** The principal a bearer secret names, or undefined when it is unknown, malformed or revoked. */
  async fromBearer(token: string): Promise<Principal | undefined> {
    if (token.startsWith('wpk_')) {
      const key = await this.deps.apiKeys.findActive(token);
      if (!key) return undefined;
      void this.deps.apiKeys.touch(key.id).catch(() => undefined);
      return { kind: 'api-key', key };
    }
    if (token.startsWith('wpd_')) {
      const displayToken = await this.deps.displayTokens.findActive(token);
      if (!displayToken) return undefined;
      void this.deps.displayTokens.touch(displayToken.id).catch(() => undefined);
      return { kind: 'display-token', token: displayToken };
    }
    return undefined;
  }

  /** The signed-in person of a Cookie header, or undefined (no cookie, or an expired or revoked session). */
  async fromCookies(cookieHeader: string | undefined): Promise<Principal | undefined> {
    if (!cookieHeader) return undefined;
    const sessionId = parseCookies(cookieHeader)[SESSION_COOKIE];
    if (!sessionId) return undefined;
    const session = await this.deps.sessions.get(sessionId);
    if (!session) return undefined;
    const user = await this.deps.users.get(session.userId);
    if (!user || user.disabledAt) {
      await this.deps.sessions.destroy(sessionId);
      return undefined;
    }
    return { kind: 'user', user, sessionId, csrfToken: session.csrfToken };
  }
}
