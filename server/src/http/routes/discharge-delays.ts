/**
 * Delayed discharges (#17 item 1):
 * - POST /api/v1/discharge-delays — feeds (API key with ingest over the ward's trust), one ward's
 *   list or a batch, exactly like /bed-states (ingest-route.ts);
 * - PUT /api/v1/wards/:wardId/discharge-delays — a bed manager's list for the ward (`update-wards`
 *   over the ward's trust), observed now; the same validation, event log, worker and fan-out as a
 *   feed's; audited with the list before and after.
 */
import { randomUUID } from 'node:crypto';
import type { LiveStateRepository, MeasureIngest } from '@wardpulse/jobs';
import { readDischargeDelays } from '@wardpulse/jobs';
import type { DischargeDelaysSnapshot, DischargeDelaysUpdateResponse } from '@wardpulse/shared';
import {
  dischargeDelaysBatchSchema,
  dischargeDelaysFromUpdate,
  dischargeDelaysSnapshotSchema,
  dischargeDelaysUpdateRequestSchema,
} from '@wardpulse/shared';
import { Router } from 'express';
import { actorOf } from '../../auth/access.js';
import type { AuditLog } from '../../auth/audit.js';
import { requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';
import { ingestRefusal, ingestRoute, type IngestRouteDeps } from './ingest-route.js';

export interface DischargeDelaysRouteDeps extends IngestRouteDeps {
  measures: MeasureIngest;
  live: LiveStateRepository;
  audit: AuditLog;
}

export function dischargeDelaysRoute(deps: DischargeDelaysRouteDeps): Router {
  const router = Router();
  router.use(
    ingestRoute<DischargeDelaysSnapshot>(
      {
        path: '/discharge-delays',
        kind: 'dischargeDelays',
        noun: 'discharge delays list',
        schema: dischargeDelaysSnapshotSchema,
        batchSchema: dischargeDelaysBatchSchema,
        trustOf: (snapshot, org) => {
          const ward = org.wardsById.get(snapshot.wardId);
          return ward ? { ods: ward.trustOds, field: 'wardId' } : undefined;
        },
        accept: (snapshots, source, paths) => deps.measures.acceptDischargeDelays(snapshots, source, paths),
        impossible: 'the discharge delays cannot be accepted, or name an unknown ward',
      },
      deps,
    ),
  );

  router.put('/wards/:wardId/discharge-delays', async (req, res) => {
    // Refuse callers who may update nowhere before saying whether the ward exists.
    requireAccess(req, 'update-wards', SOMEWHERE, deps.org(), deps.policy);
    const ward = deps.org().wardsById.get(String(req.params.wardId));
    if (!ward) throw new HttpError(404, 'not_found', 'no such ward');
    const principal = requireAccess(req, 'update-wards', { kind: 'wards', wards: [ward] }, deps.org(), deps.policy);
    await deps.rateLimits.ingestRequest(actorOf(principal));
    const update = parseRequest(dischargeDelaysUpdateRequestSchema, req.body, 'discharge delays');
    const snapshot = dischargeDelaysFromUpdate(update, ward.id, `manual-${randomUUID()}`, Date.now());
    const before = (await readDischargeDelays(deps.live, ward.id))?.latest.delays ?? null;
    const result = await deps.measures.acceptDischargeDelays([snapshot], actorOf(principal), () => []);
    if (!result.ok) throw ingestRefusal(result, 'the discharge delays cannot be accepted');
    deps.metrics.ingested.inc({ kind: 'dischargeDelays', duplicate: 'false' });
    await deps.audit.record({
      actor: actorOf(principal),
      action: 'discharge-delays-updated',
      target: `ward:${ward.id}`,
      detail: { ward: ward.id, trust: ward.trustOds, before, after: snapshot.delays },
      ip: req.ip ?? null,
    });
    const response: DischargeDelaysUpdateResponse = { eventId: snapshot.eventId, snapshot };
    res.status(202).json(response);
  });
  return router;
}
