/**
 * One ingest endpoint per kind of fact, all alike: one event or a batch `{events:[…]}`, all or
 * nothing. 400 malformed (zod, with every field's path), 401 no or bad key, 403 a key not
 * allowed to ingest or not scoped to an event's trust, 422 impossible or unknown, 409 an eventId
 * the trust already used for a different fact of the kind, 202 with each event's id and whether
 * it was a duplicate (the same fact again).
 */
import type { IngestResult } from '@wardpulse/jobs';
import type { ErrorDetail, IngestResponse, OrgIndex } from '@wardpulse/shared';
import { formatPath, zodIssuesToDetails } from '@wardpulse/shared';
import { Router, type Request } from 'express';
import type { z } from 'zod';
import { actorOf, mayAccessTrusts, mayDo, type AccessPolicy, type Principal } from '../../auth/access.js';
import type { Metrics } from '../../metrics.js';
import { principalOf } from '../authenticate.js';
import { HttpError } from '../errors.js';
import type { RateLimits } from '../rate-limits.js';

export interface IngestRouteSpec<Event> {
  path: string;
  /** Metrics label and the noun used in messages. */
  kind: string;
  noun: string;
  schema: z.ZodType<Event>;
  batchSchema: z.ZodType<{ events: Event[] }>;
  /** The trust an event belongs to and the field that names it; undefined when unknown (then 422 from accept). */
  trustOf: (event: Event, org: OrgIndex) => { ods: string; field: string } | undefined;
  /** `source` is the event log's source (the caller as an actor); `principal` the caller, for facts that name their reporter. */
  accept: (
    events: Event[],
    source: string,
    paths: (index: number) => PropertyKey[],
    principal: Principal,
  ) => Promise<IngestResult>;
  /** Summary for 422 responses. */
  impossible: string;
}

/** The 409 of every JSON ingest door, as the OpenAPI document describes it. */
export const EVENT_ID_CONFLICT_DESCRIPTION =
  'An eventId this trust already used for a different fact of the kind (`details[].path` names each such eventId); nothing was logged. The same fact sent again is a duplicate, not a conflict';

/** An ingest door's refusal over HTTP: 409 for an event id clash, 422 for an impossible or unknown fact. */
export function ingestRefusal(result: Extract<IngestResult, { ok: false }>, impossible: string): HttpError {
  return result.conflict
    ? new HttpError(
        409,
        'conflict',
        'an eventId was already used by this trust for a different fact; nothing was logged',
        result.details,
      )
    : new HttpError(422, 'invalid', impossible, result.details);
}

export interface IngestRouteDeps {
  org: () => OrgIndex;
  policy: AccessPolicy;
  metrics: Metrics;
  rateLimits: RateLimits;
}

/** The caller of an ingest door: 401 without an API key (or session), 403 when it may ingest nowhere. */
export function requireIngester(req: Request, deps: Pick<IngestRouteDeps, 'org' | 'policy'>): Principal {
  const principal = principalOf(req);
  if (principal.kind === 'anonymous') {
    throw new HttpError(401, 'unauthenticated', 'ingest needs an API key', [
      { path: 'Authorization', message: 'must be "Bearer <API key>"' },
    ]);
  }
  const may = mayDo(principal, 'ingest', deps.org(), deps.policy);
  if (!may.allowed) throw new HttpError(403, 'forbidden', may.reason);
  return principal;
}

export function ingestRoute<Event>(spec: IngestRouteSpec<Event>, deps: IngestRouteDeps): Router {
  const router = Router();
  router.post(spec.path, async (req, res) => {
    const principal = requireIngester(req, deps);
    await deps.rateLimits.ingestRequest(actorOf(principal));

    const body: unknown = req.body;
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new HttpError(400, 'malformed', `body must be a JSON object: one ${spec.noun} or {"events":[…]}`, [
        { path: '(body)', message: 'must be a JSON object sent with Content-Type: application/json' },
      ]);
    }
    const batch = 'events' in body;
    const parsed = batch ? spec.batchSchema.safeParse(body) : spec.schema.safeParse(body);
    if (!parsed.success) {
      throw new HttpError(400, 'malformed', `the ${spec.noun} is not well-formed`, zodIssuesToDetails(parsed.error.issues));
    }
    const events = batch ? (parsed.data as { events: Event[] }).events : [parsed.data as Event];
    const paths = (index: number): PropertyKey[] => (batch ? ['events', index] : []);

    const org = deps.org();
    const forbidden: ErrorDetail[] = [];
    events.forEach((event, index) => {
      const trust = spec.trustOf(event, org);
      const decision = trust ? mayAccessTrusts(principal, 'ingest', [trust.ods], org, deps.policy) : undefined;
      if (trust && decision && !decision.allowed) {
        forbidden.push({ path: formatPath([...paths(index), trust.field]), message: decision.reason });
      }
    });
    if (forbidden.length > 0)
      throw new HttpError(403, 'forbidden', `this API key may not send ${spec.noun}s for these trusts`, forbidden);

    const result = await spec.accept(events, actorOf(principal), paths, principal);
    if (!result.ok) throw ingestRefusal(result, spec.impossible);

    const duplicates = result.events.filter((event) => event.duplicate).length;
    deps.metrics.ingested.inc({ kind: spec.kind, duplicate: 'false' }, result.events.length - duplicates);
    if (duplicates > 0) deps.metrics.ingested.inc({ kind: spec.kind, duplicate: 'true' }, duplicates);
    const response: IngestResponse = {
      accepted: result.events.length - duplicates,
      duplicates,
      events: result.events.map((event) => ({ eventId: event.eventId, status: event.duplicate ? 'duplicate' : 'accepted' })),
    };
    res.status(202).json(response);
  });
  return router;
}
