/**
 * Sign-in with OpenID Connect (NHS CIS2 or Microsoft Entra ID), beside email and password:
 * - GET /api/v1/auth/providers → which sign-in methods this deployment offers.
 * - GET /api/v1/auth/oidc/login?next=/path → 302 to the provider (code flow, PKCE S256, state, nonce).
 * - GET /api/v1/auth/oidc/callback → checks and exchanges the code, opens a session, 302 to `next`.
 *
 * The flow's secrets stay in Redis (auth/oidc.ts). The browser only holds a short-lived httpOnly
 * cookie naming the state it started: a callback link made in another browser (login CSRF,
 * signing a victim in as the attacker) does not match it and is refused. Failures are audited
 * and go to `/sign-in?error=<code>`; tokens are never logged or shown.
 */
import { timingSafeEqual } from 'node:crypto';
import { parse as parseCookies, serialize } from 'cookie';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Redis } from 'ioredis';
import type { AuditLog } from '../../auth/audit.js';
import { accountForOidc } from '../../auth/oidc-accounts.js';
import {
  OIDC_LOGIN_PATH,
  OIDC_STATE_TTL_SECONDS,
  OidcSignInError,
  describeFailure,
  redirectUriFor,
  type OidcSignIn,
} from '../../auth/oidc.js';
import { safeNextPath } from '@wardpulse/shared';
import type { SessionStore } from '../../auth/sessions.js';
import type { UserRepository } from '../../auth/users.js';
import { principalOf } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { openSession } from './session.js';

export const OIDC_STATE_COOKIE = 'wp_oidc_state';
const COOKIE_PATH = '/api/v1/auth/oidc';

export const authProvidersSchema = z
  .object({
    password: z.literal(true),
    oidc: z
      .object({
        name: z.string().describe('Label for the sign-in button, e.g. "NHS CIS2"'),
        loginUrl: z.string().describe('Send the browser here (add `?next=/path` to come back to a page)'),
      })
      .nullable()
      .describe('null when OpenID Connect is not configured'),
  })
  .meta({ id: 'AuthProviders' });

export interface OidcRouteDeps {
  oidc: OidcSignIn | undefined;
  /** The base of the redirect URI (http/public-origin.ts): never an unlisted Host, or the code would go there. */
  originOf: (req: Request) => string;
  users: UserRepository;
  sessions: SessionStore;
  audit: AuditLog;
  redis: Redis;
  keyPrefix: string;
}

function stateCookie(req: Request, value: string, maxAgeSeconds: number): string {
  return serialize(OIDC_STATE_COOKIE, value, {
    httpOnly: true,
    secure: req.secure,
    // Lax: sent on the provider's top-level redirect back to us, not on cross-site subrequests.
    sameSite: 'lax',
    path: COOKIE_PATH,
    maxAge: maxAgeSeconds,
  });
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function signInPage(code: string): string {
  return `/sign-in?error=${encodeURIComponent(code)}`;
}

export function oidcRoute(deps: OidcRouteDeps): Router {
  const router = Router();

  router.get('/auth/providers', (_req, res) => {
    const body: z.infer<typeof authProvidersSchema> = {
      password: true,
      oidc: deps.oidc ? { name: deps.oidc.name, loginUrl: OIDC_LOGIN_PATH } : null,
    };
    res.set('Cache-Control', 'no-store').json(body);
  });

  const configured = (): OidcSignIn => {
    if (!deps.oidc) throw new HttpError(404, 'not_found', 'OpenID Connect sign-in is not configured on this server');
    return deps.oidc;
  };

  router.get('/auth/oidc/login', async (req, res) => {
    const oidc = configured();
    res.set('Cache-Control', 'no-store');
    const redirectUri = redirectUriFor(deps.originOf(req));
    try {
      const { url, state } = await oidc.start({ redirectUri, next: safeNextPath(req.query.next) });
      res.append('Set-Cookie', stateCookie(req, state, OIDC_STATE_TTL_SECONDS));
      res.redirect(302, url.href);
    } catch (error) {
      const failure = describeFailure(error);
      req.log?.warn({ reason: failure.reason, error: failure.error }, 'OpenID Connect sign-in could not start');
      res.redirect(302, signInPage(failure.code));
    }
  });

  router.get('/auth/oidc/callback', async (req, res) => {
    const oidc = configured();
    res.set('Cache-Control', 'no-store');
    res.append('Set-Cookie', stateCookie(req, '', 0));
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    try {
      const state = query.get('state') ?? '';
      const started = parseCookies(req.get('cookie') ?? '')[OIDC_STATE_COOKIE] ?? '';
      if (!started || !sameText(started, state)) throw new OidcSignInError('oidc_state', 'state_not_from_this_browser');
      const identity = await oidc.finish(query);
      const before = principalOf(req);
      const { user, linked } = await accountForOidc(deps.users, identity, {
        linkByEmail: oidc.settings.linkByEmail,
        signedInUserId: before.kind === 'user' ? before.user.id : undefined,
      });
      if (user.disabledAt) throw new OidcSignInError('oidc_disabled', 'disabled', undefined, user.email, user.id);
      if (linked) {
        await deps.audit.record({
          actor: `user:${user.id}`,
          action: 'oidc-linked',
          target: `user:${user.id}`,
          detail: { issuer: identity.issuer, subject: identity.subject, by: linked },
          ip: req.ip ?? null,
        });
      }
      await openSession(deps, req, res, user, 'oidc');
      res.redirect(302, identity.next);
    } catch (error) {
      const failure = describeFailure(error);
      // Name, code and message only: a library error's cause may hold a token or its claims.
      const { name, message } = error instanceof Error ? error : { name: typeof error, message: '' };
      if (failure.reason === 'unexpected')
        req.log?.error({ error: { name, message, code: failure.error } }, 'OpenID Connect sign-in failed unexpectedly');
      else req.log?.info({ reason: failure.reason, error: failure.error }, 'OpenID Connect sign-in refused');
      await deps.audit.record({
        actor: failure.email ?? 'oidc',
        action: 'sign-in-failed',
        ...(failure.userId ? { target: `user:${failure.userId}` } : {}),
        detail: { method: 'oidc', reason: failure.reason, ...(failure.error ? { error: failure.error } : {}) },
        ip: req.ip ?? null,
      });
      res.redirect(302, signInPage(failure.code));
    }
  });

  return router;
}
