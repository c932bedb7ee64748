/**
 * Sign-in with a local account, and the session it opens:
 * - POST /api/v1/session `{ email, password }` → the person and a CSRF token; sets the httpOnly
 *   session cookie (Secure over TLS, SameSite=Lax). Rate-limited; every attempt is audited.
 * - GET /api/v1/session → who is signed in (401 when nobody is).
 * - DELETE /api/v1/session → signs out.
 */
import { serialize } from 'cookie';
import { oneTimeSignInRequestSchema, type sessionResponseSchema, signInRequestSchema } from '@wardpulse/shared';
import type { Redis } from 'ioredis';
import { redeemOneTimeSignIn } from '../../auth/bootstrap.js';
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { AuditLog } from '../../auth/audit.js';
import { publishRevocation } from '../../auth/revocations.js';
import { hashSecret } from '../../auth/secret-tokens.js';
import { SESSION_COOKIE, type SessionStore } from '../../auth/sessions.js';
import type { UserRecord, UserRepository } from '../../auth/users.js';
import { originIsOurs, principalOf } from '../authenticate.js';
import { HttpError } from '../errors.js';
import type { RateLimits } from '../rate-limits.js';
import { parseRequest } from '../validate.js';

export interface SessionRouteDeps {
  users: UserRepository;
  sessions: SessionStore;
  audit: AuditLog;
  rateLimits: RateLimits;
  allowedOrigins: readonly string[];
  redis: Redis;
  keyPrefix: string;
}

export function sessionCookie(req: Request, value: string, maxAgeSeconds?: number): string {
  return serialize(SESSION_COOKIE, value, {
    httpOnly: true,
    secure: req.secure,
    sameSite: 'lax',
    path: '/',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  });
}

/** Ends a session, and disconnects its live sockets on every replica (as disabling a person does). */
export async function endSession(
  deps: Pick<SessionRouteDeps, 'sessions' | 'redis' | 'keyPrefix'>,
  sessionId: string,
): Promise<void> {
  await deps.sessions.destroy(sessionId);
  await publishRevocation(deps.redis, deps.keyPrefix, { kind: 'session', id: hashSecret(sessionId) });
}

/**
 * Opens a session for a person who has just proved who they are (password, one-time link or
 * OpenID Connect). A session this browser already had ends first: signing in again rotates the
 * session rather than leaving the old cookie valid.
 */
export async function openSession(
  deps: Pick<SessionRouteDeps, 'sessions' | 'audit' | 'redis' | 'keyPrefix'>,
  req: Request,
  res: Response,
  user: UserRecord,
  method: string,
): Promise<z.infer<typeof sessionResponseSchema>> {
  const before = principalOf(req);
  if (before.kind === 'user') await endSession(deps, before.sessionId);
  const { id, session } = await deps.sessions.create(user.id);
  res.append('Set-Cookie', sessionCookie(req, id));
  await deps.audit.record({
    actor: `user:${user.id}`,
    action: 'sign-in',
    target: `user:${user.id}`,
    detail: { method },
    ip: req.ip ?? null,
  });
  return { user, csrfToken: session.csrfToken };
}

export function sessionRoute(deps: SessionRouteDeps): Router {
  const router = Router();

  router.post('/session', async (req, res) => {
    // A sign-in form elsewhere must not sign this browser in (login CSRF).
    if (!originIsOurs(req, deps.allowedOrigins)) throw new HttpError(403, 'csrf', 'sign in from a WardPulse page');
    const body = parseRequest(signInRequestSchema, req.body, 'sign-in request');
    const address = req.ip ?? 'unknown';
    await deps.rateLimits.signIn(address, body.email);
    const user = await deps.users.verifyPassword(body.email, body.password);
    if (!user) {
      await deps.audit.record({
        actor: body.email.toLowerCase(),
        action: 'sign-in-failed',
        detail: { method: 'password' },
        ip: address,
      });
      throw new HttpError(401, 'unauthenticated', 'the email or password is not right', [
        { path: 'password', message: 'does not match an active account with this email' },
      ]);
    }
    await deps.rateLimits.signedIn(address, body.email);
    res.json(await openSession(deps, req, res, user, 'password'));
  });

  // A one-time sign-in link (first start without an admin password): the token, once.
  router.post('/session/one-time', async (req, res) => {
    if (!originIsOurs(req, deps.allowedOrigins)) throw new HttpError(403, 'csrf', 'sign in from a WardPulse page');
    const body = parseRequest(oneTimeSignInRequestSchema, req.body, 'one-time sign-in');
    await deps.rateLimits.signIn(req.ip ?? 'unknown', 'one-time');
    const userId = await redeemOneTimeSignIn(deps.redis, deps.keyPrefix, body.token);
    const user = userId ? await deps.users.get(userId) : undefined;
    if (!user || user.disabledAt) {
      await deps.audit.record({
        actor: 'one-time-link',
        action: 'sign-in-failed',
        detail: { method: 'one-time' },
        ip: req.ip ?? null,
      });
      throw new HttpError(401, 'unauthenticated', 'this sign-in link is used, expired or unknown', [
        { path: 'token', message: 'is not valid' },
      ]);
    }
    res.json(await openSession(deps, req, res, user, 'one-time link'));
  });

  router.get('/session', (req, res) => {
    const principal = principalOf(req);
    if (principal.kind !== 'user') throw new HttpError(401, 'unauthenticated', 'nobody is signed in');
    res.set('Cache-Control', 'no-store').json({ user: principal.user, csrfToken: principal.csrfToken });
  });

  router.delete('/session', async (req, res) => {
    const principal = principalOf(req);
    if (principal.kind === 'user') {
      await endSession(deps, principal.sessionId);
      await deps.audit.record({
        actor: `user:${principal.user.id}`,
        action: 'sign-out',
        target: `user:${principal.user.id}`,
        ip: req.ip ?? null,
      });
    }
    res.append('Set-Cookie', sessionCookie(req, '', 0));
    res.status(204).end();
  });
  return router;
}
