/** GET /api/v1/live?scope=trust:RX4 — the live snapshot of a scope, with its sequence and its four measures summarised. */
import type { LiveStateRepository } from '@wardpulse/jobs';
import type { FreshnessLimits, LiveResponse, OrgIndex } from '@wardpulse/shared';
import { parseScope, summariseLive } from '@wardpulse/shared';
import { Router } from 'express';
import { mayReadScope, type AccessPolicy } from '../../auth/access.js';
import { readScopeSnapshot } from '@wardpulse/jobs';
import { principalOf, requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';

export interface LiveRouteDeps {
  live: LiveStateRepository;
  org: () => OrgIndex;
  /** The not-reporting limits the snapshot and summary are computed with. */
  freshness: FreshnessLimits;
  policy: AccessPolicy;
  seq: (streamId: string) => string;
}

export function liveRoute(deps: LiveRouteDeps): Router {
  const router = Router();
  router.get('/live', async (req, res) => {
    const parsed = parseScope(req.query.scope);
    if (!parsed.ok)
      throw new HttpError(400, 'malformed', 'scope is missing or malformed', [{ path: 'scope', message: parsed.message }]);
    const org = deps.org();
    // Who may read at all comes first: an anonymous caller learns nothing about which scopes exist.
    requireAccess(req, 'read', SOMEWHERE, org, deps.policy);
    if (!org.has(parsed.scope)) {
      throw new HttpError(404, 'unknown_scope', `no such scope: ${String(req.query.scope)}`, [
        { path: 'scope', message: 'names nothing known' },
      ]);
    }
    const decision = mayReadScope(principalOf(req), parsed.scope, org, deps.policy);
    if (!decision.allowed) {
      throw new HttpError(
        principalOf(req).kind === 'anonymous' ? 401 : 403,
        principalOf(req).kind === 'anonymous' ? 'unauthenticated' : 'forbidden',
        decision.reason,
      );
    }
    const now = Date.now();
    const read = await readScopeSnapshot(deps.live, org, parsed.scope, now, deps.freshness);
    if (!read) throw new HttpError(404, 'unknown_scope', 'no such scope');
    const body: LiveResponse = {
      seq: deps.seq(read.streamId),
      snapshot: read.snapshot,
      summary: summariseLive(read.snapshot, now),
    };
    res.set('Cache-Control', 'no-store').json(body);
  });
  return router;
}
