/** Puts the caller's principal on the request: an API key from `Authorization: Bearer`, or anonymous. */
import type { NextFunction, Request, Response } from 'express';
import { bearerToken, type Principal } from '../auth/access.js';
import type { ApiKeyRepository } from '../auth/api-keys.js';
import { HttpError } from './errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export function principalOf(req: Request): Principal {
  return req.principal ?? { kind: 'anonymous' };
}

export function authenticate(apiKeys: ApiKeyRepository) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (header === undefined) {
      req.principal = { kind: 'anonymous' };
      return next();
    }
    const token = bearerToken(header);
    const key = token ? await apiKeys.findActive(token) : undefined;
    if (!key) {
      throw new HttpError(401, 'unauthenticated', 'the API key is missing, malformed, unknown or revoked', [
        { path: 'Authorization', message: 'must be "Bearer <API key>" with an active key' },
      ]);
    }
    req.principal = { kind: 'api-key', key };
    void apiKeys.touch(key.id).catch((error: unknown) => req.log?.warn({ err: error }, 'could not record key use'));
    next();
  };
}
