/**
 * POST /api/v1/bed-states — one observation or a batch `{events:[…]}`, all or nothing.
 * 400 malformed, 401 no or bad key, 403 key not scoped to a ward's trust, 422 impossible state
 * or unknown ward, 202 with each event's id (and whether it was a duplicate).
 */
import type { BedStateIngest } from '@wardpulse/jobs';
import type { BedStateObservation, ErrorDetail, IngestResponse, OrgIndex } from '@wardpulse/shared';
import { bedStateBatchSchema, bedStateSchema, formatPath, zodIssuesToDetails } from '@wardpulse/shared';
import { Router } from 'express';
import { mayDo, type AccessPolicy } from '../../auth/access.js';
import type { Metrics } from '../../metrics.js';
import { principalOf } from '../authenticate.js';
import { HttpError } from '../errors.js';

export interface BedStatesRouteDeps {
  ingest: BedStateIngest;
  org: () => OrgIndex;
  policy: AccessPolicy;
  metrics: Metrics;
}

function parseBody(body: unknown): { observations: BedStateObservation[]; batch: boolean } {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'malformed', 'body must be a JSON object: one bed state or {"events":[…]}', [
      { path: '(body)', message: 'must be a JSON object sent with Content-Type: application/json' },
    ]);
  }
  const batch = 'events' in body;
  const parsed = batch ? bedStateBatchSchema.safeParse(body) : bedStateSchema.safeParse(body);
  if (!parsed.success) {
    throw new HttpError(400, 'malformed', 'the bed state is not well-formed', zodIssuesToDetails(parsed.error.issues));
  }
  const observations = batch ? (parsed.data as { events: BedStateObservation[] }).events : [parsed.data as BedStateObservation];
  return { observations, batch };
}

export function bedStatesRoute(deps: BedStatesRouteDeps): Router {
  const router = Router();
  router.post('/bed-states', async (req, res) => {
    const principal = principalOf(req);
    if (principal.kind !== 'api-key') {
      throw new HttpError(401, 'unauthenticated', 'ingest needs an API key', [
        { path: 'Authorization', message: 'must be "Bearer <API key>"' },
      ]);
    }
    const may = mayDo(principal, 'ingest', deps.policy);
    if (!may.allowed) throw new HttpError(403, 'forbidden', may.reason);

    const { observations, batch } = parseBody(req.body);
    const paths = (index: number): PropertyKey[] => (batch ? ['events', index] : []);
    const org = deps.org();
    const forbidden: ErrorDetail[] = [];
    observations.forEach((observation, index) => {
      const ward = org.wardsById.get(observation.wardId);
      if (ward && !principal.key.trusts.includes(ward.trustOds)) {
        forbidden.push({
          path: formatPath([...paths(index), 'wardId']),
          message: `ward ${ward.id} belongs to trust ${ward.trustOds}, which this API key is not scoped to`,
        });
      }
    });
    if (forbidden.length > 0) throw new HttpError(403, 'forbidden', 'this API key may not send data for these wards', forbidden);

    const result = await deps.ingest.accept(observations, principal.key.id, paths);
    if (!result.ok) throw new HttpError(422, 'invalid', 'the bed state describes an impossible ward', result.details);

    const duplicates = result.events.filter((event) => event.duplicate).length;
    deps.metrics.ingested.inc({ kind: 'bedState', duplicate: 'false' }, result.events.length - duplicates);
    if (duplicates > 0) deps.metrics.ingested.inc({ kind: 'bedState', duplicate: 'true' }, duplicates);
    const response: IngestResponse = {
      accepted: result.events.length - duplicates,
      duplicates,
      events: result.events.map((event) => ({ eventId: event.eventId, status: event.duplicate ? 'duplicate' : 'accepted' })),
    };
    res.status(202).json(response);
  });
  return router;
}
