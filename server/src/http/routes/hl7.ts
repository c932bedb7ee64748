/**
 * POST /api/v1/hl7/{feed} — one HL7 v2 message as text (`application/hl7-v2`, `x-application/hl7-v2+er7`
 * or `text/plain`), answered with its ACK as text. The API key must be allowed to ingest for the
 * feed's trust. Status follows the ACK: 200 AA (accepted, duplicate or ignored), 400 AR (not a
 * message WardPulse can read), 422 AE (a field is missing or wrong: ERR names it), 409 AE (the
 * control id was used before for a different message), 503 AR (could not be stored now; send again).
 */
import { HL7_ERROR, type Hl7Answer, type Hl7FeedConfig, type Hl7Ingest } from '@wardpulse/jobs';
import type { OrgIndex } from '@wardpulse/shared';
import express, { Router } from 'express';
import { actorOf, mayAccessTrusts, type AccessPolicy } from '../../auth/access.js';
import { HttpError } from '../errors.js';
import type { RateLimits } from '../rate-limits.js';
import { requireIngester } from './ingest-route.js';

export const HL7_CONTENT_TYPE = 'application/hl7-v2; charset=utf-8';

export interface Hl7RouteDeps {
  feeds: readonly Hl7FeedConfig[];
  ingest: Hl7Ingest;
  org: () => OrgIndex;
  policy: AccessPolicy;
  rateLimits: RateLimits;
  maxMessageBytes: number;
}

const STATUS_OF = { accepted: 200, duplicate: 200, ignored: 200, unavailable: 503 } as const;

function httpStatusOf(answer: Hl7Answer): number {
  if (answer.status !== 'rejected') return STATUS_OF[answer.status];
  if (answer.ackCode !== 'AE') return 400;
  // A reused control id is a clash with what is logged, as for every other door's eventId.
  return answer.problems.some((problem) => problem.code === HL7_ERROR.duplicateKey) ? 409 : 422;
}

export function hl7Route(deps: Hl7RouteDeps): Router {
  const router = Router();
  const feeds = new Map(deps.feeds.map((feed) => [feed.id, feed]));
  router.post('/hl7/:feed', express.text({ type: () => true, limit: deps.maxMessageBytes }), async (req, res) => {
    const principal = requireIngester(req, deps);
    const feed = feeds.get(String(req.params.feed));
    if (!feed) throw new HttpError(404, 'not_found', 'no such HL7 feed', [{ path: 'feed', message: 'is not configured' }]);
    const decision = mayAccessTrusts(principal, 'ingest', [feed.trustOds], deps.org(), deps.policy);
    if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.reason, [{ path: 'feed', message: decision.reason }]);
    await deps.rateLimits.ingestRequest(actorOf(principal));

    const text = typeof req.body === 'string' ? req.body : '';
    const answer = await deps.ingest.receive(feed, text, 'http');
    const status = httpStatusOf(answer);
    if (answer.status === 'unavailable') res.set('Retry-After', '5');
    res.status(status).set('Content-Type', HL7_CONTENT_TYPE).set('X-HL7-Ack-Code', answer.ackCode).send(answer.ack);
  });
  return router;
}
