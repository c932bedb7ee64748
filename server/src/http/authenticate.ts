/**
 * Puts the caller's principal on the request: a bearer secret (API key or display token), the
 * session cookie (a person), or anonymous. A bearer that does not check out is refused (401)
 * rather than treated as anonymous, so a revoked feed key fails loudly.
 *
 * Cookie-authenticated state changes must carry the session's CSRF token in `X-CSRF-Token` and,
 * when the browser sends one, an Origin of this site: a page elsewhere cannot act with the
 * cookie. Bearer requests need neither (a browser never attaches a bearer on its own).
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Ability, OrgIndex } from '@wardpulse/shared';
import { authorise, bearerToken, type AccessPolicy, type AccessTarget, type Principal } from '../auth/access.js';
import type { Authenticator } from '../auth/authenticator.js';
import { HttpError } from './errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export function principalOf(req: Request): Principal {
  return req.principal ?? { kind: 'anonymous' };
}

/** A target that is "anywhere at all": may the caller do this for some part of the organisation. */
export const SOMEWHERE: AccessTarget = { kind: 'trusts', trusts: [] };

/**
 * The caller, if `authorise` lets them `ability` the target; otherwise 401 for an anonymous caller
 * or 403 with the reason. Routes call it before reading a request, so a caller without the right
 * learns nothing (e.g. which trusts exist) from validation errors.
 */
export function requireAccess(
  req: Request,
  ability: Ability,
  target: AccessTarget,
  org: OrgIndex,
  policy: AccessPolicy,
): Principal {
  const principal = principalOf(req);
  const decision = authorise(principal, ability, target, org, policy);
  if (decision.allowed) return principal;
  throw principal.kind === 'anonymous'
    ? new HttpError(401, 'unauthenticated', decision.reason)
    : new HttpError(403, 'forbidden', decision.reason);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether an Authorization header carries exactly `Bearer <secret>` (compared in constant time). */
export function bearerIs(header: string | undefined, secret: string): boolean {
  return header !== undefined && /^Bearer /i.test(header) && sameText(header.slice(7).trim(), secret);
}

/** Whether a browser's Origin (if any) is this site or one explicitly allowed. */
export function originIsOurs(req: Request, allowedOrigins: readonly string[] = []): boolean {
  const origin = req.get('origin');
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

export function authenticate(authenticator: Authenticator, allowedOrigins: readonly string[] = []) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (header !== undefined) {
      const token = bearerToken(header);
      const principal = token ? await authenticator.fromBearer(token) : undefined;
      if (!principal) {
        throw new HttpError(401, 'unauthenticated', 'the API key or display token is missing, malformed, unknown or revoked', [
          { path: 'Authorization', message: 'must be "Bearer <API key or display token>" with an active one' },
        ]);
      }
      req.principal = principal;
      return next();
    }
    const person = await authenticator.fromCookies(req.get('cookie'));
    req.principal = person ?? { kind: 'anonymous' };
    if (person?.kind === 'user' && !SAFE_METHODS.has(req.method)) {
      const sent = req.get('x-csrf-token') ?? '';
      if (!originIsOurs(req, allowedOrigins) || !sameText(sent, person.csrfToken)) {
        throw new HttpError(403, 'csrf', 'this change must come from a WardPulse page', [
          { path: 'X-CSRF-Token', message: "must be the session's CSRF token, sent from this site" },
        ]);
      }
    }
    next();
  };
}
