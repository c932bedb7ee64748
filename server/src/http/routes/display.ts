/** GET /api/v1/display — what the calling wall screen (its display token) shows: home board and playlist. */
import type { DisplayConfig } from '@wardpulse/shared';
import { Router } from 'express';
import { principalOf } from '../authenticate.js';
import { HttpError } from '../errors.js';

export function displayRoute(): Router {
  const router = Router();
  router.get('/display', (req, res) => {
    const principal = principalOf(req);
    if (principal.kind !== 'display-token') {
      throw principal.kind === 'anonymous'
        ? new HttpError(401, 'unauthenticated', 'open this with a display token')
        : new HttpError(403, 'forbidden', 'only wall screens (display tokens) have a display');
    }
    const { id, name, scope, playlist } = principal.token;
    const config: DisplayConfig = { id, name, scope, playlist };
    res.json(config);
  });
  return router;
}
