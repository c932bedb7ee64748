/**
 * The quick ward update (#14 item 1), for people (`update-wards` over the ward's trust):
 * - POST /api/v1/wards/:wardId/bed-state — the figures a bed manager keys (commissioned beds come
 *   from the organisation);
 * - POST /api/v1/wards/:wardId/bed-state/confirm — "confirm unchanged": the current figures as a
 *   fresh observation, so a quiet ward is not shown stale.
 * Both become an observation observed now, source `manual` with the person's name, and go through
 * the same ingest as a feed (validation, event log, worker, fan-out). Every update is audited with
 * the figures before and after.
 */
import { randomUUID } from 'node:crypto';
import type { BedStateIngest, LiveStateRepository } from '@wardpulse/jobs';
import type { AuditAction, BedStateObservation, Ward, WardUpdateRequest, WardUpdateResponse } from '@wardpulse/shared';
import { observationFromWardUpdate, wardUpdateFromState, wardUpdateRequestSchema, wardUpdateViolations } from '@wardpulse/shared';
import type { Request, Response } from 'express';
import { Router } from 'express';
import { actorOf, nameOf, type Principal } from '../../auth/access.js';
import type { AuditLog } from '../../auth/audit.js';
import { requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';
import { ingestRefusal, type IngestRouteDeps } from './ingest-route.js';

export interface WardUpdatesRouteDeps extends IngestRouteDeps {
  ingest: BedStateIngest;
  live: LiveStateRepository;
  audit: AuditLog;
}

export function wardUpdatesRoute(deps: WardUpdatesRouteDeps): Router {
  const router = Router();

  const authorisedWard = (req: Request): { ward: Ward; principal: Principal } => {
    // Refuse callers who may update nowhere before saying whether the ward exists.
    requireAccess(req, 'update-wards', SOMEWHERE, deps.org(), deps.policy);
    const ward = deps.org().wardsById.get(String(req.params.wardId));
    if (!ward) throw new HttpError(404, 'not_found', 'no such ward');
    // Ward-level: a grant over a specialised collaborative updates its service lines' wards only.
    const principal = requireAccess(req, 'update-wards', { kind: 'wards', wards: [ward] }, deps.org(), deps.policy);
    return { ward, principal };
  };

  const record = async (
    req: Request,
    res: Response,
    ward: Ward,
    principal: Principal,
    update: WardUpdateRequest,
    action: AuditAction,
  ) => {
    const observation = observationFromWardUpdate(update, ward, nameOf(principal), `manual-${randomUUID()}`, Date.now());
    // Every problem at once, the form's own rule and a feed's, each naming its field; nothing is applied.
    const invalid = [...wardUpdateViolations(update), ...deps.ingest.violations([observation], () => [])];
    if (invalid.length > 0) throw new HttpError(422, 'invalid', 'the ward update cannot be accepted', invalid);
    const before = (await deps.live.readWardStates([ward.id])).get(ward.id) ?? null;
    const result = await deps.ingest.accept([observation], actorOf(principal), () => []);
    if (!result.ok) throw ingestRefusal(result, 'the bed state describes an impossible ward');
    deps.metrics.ingested.inc({ kind: 'bedState', duplicate: 'false' });
    await deps.audit.record({
      actor: actorOf(principal),
      action,
      target: `ward:${ward.id}`,
      detail: { ward: ward.id, trust: ward.trustOds, before: before && figuresOf(before), after: figuresOf(observation) },
      ip: req.ip ?? null,
    });
    const response: WardUpdateResponse = { eventId: observation.eventId, observation };
    res.status(202).json(response);
  };

  router.post('/wards/:wardId/bed-state', async (req, res) => {
    const { ward, principal } = authorisedWard(req);
    await deps.rateLimits.ingestRequest(actorOf(principal));
    const update = parseRequest(wardUpdateRequestSchema, req.body, 'ward update');
    await record(req, res, ward, principal, update, 'ward-updated');
  });

  router.post('/wards/:wardId/bed-state/confirm', async (req, res) => {
    const { ward, principal } = authorisedWard(req);
    await deps.rateLimits.ingestRequest(actorOf(principal));
    const current = (await deps.live.readWardStates([ward.id])).get(ward.id);
    if (!current) throw new HttpError(409, 'conflict', 'the ward has no figures yet to confirm; enter them instead');
    await record(req, res, ward, principal, wardUpdateFromState(current), 'ward-confirmed');
  });
  return router;
}

/** The figures an audit entry keeps (no event ids or provenance: who is the entry's actor). */
type Figures = Omit<BedStateObservation, 'eventId' | 'wardId' | 'observedAt' | 'source' | 'closedReason'> & {
  closedReason?: BedStateObservation['closedReason'] | null;
};
function figuresOf(state: Figures) {
  return {
    commissioned: state.commissioned,
    closed: state.closed,
    closedReason: state.closedReason ?? null,
    occupied: state.occupied,
    onLeave: state.onLeave,
    pendingAdmissions: state.pendingAdmissions,
    clinicallyReadyForDischarge: state.clinicallyReadyForDischarge,
  };
}
