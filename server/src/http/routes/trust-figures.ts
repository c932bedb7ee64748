/**
 * POST /api/v1/trusts/{ods}/figures — a bed manager keys the trust's own figures by hand (the
 * quick form at /trusts/{ods}/update). Needs `update-wards` over the trust. The figures become a
 * report observed now, source `manual` with the person's name, and go through the same event log,
 * worker and fan-out as a feed's report. Audited: who, which trust, the figures before → after.
 */
import type { LiveStateRepository, MeasureIngest } from '@wardpulse/jobs';
import type { TrustFiguresObservation, TrustFiguresRecord, TrustFiguresUpdateResponse } from '@wardpulse/shared';
import { trustFiguresEntryOf, trustFiguresEntrySchema } from '@wardpulse/shared';
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { actorOf, nameOf } from '../../auth/access.js';
import type { AuditLog } from '../../auth/audit.js';
import { requireAccess } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';
import { ingestRefusal, type IngestRouteDeps } from './ingest-route.js';

export interface TrustFiguresRouteDeps extends IngestRouteDeps {
  measures: MeasureIngest;
  live: LiveStateRepository;
  audit: AuditLog;
}

export function trustFiguresRoute(deps: TrustFiguresRouteDeps): Router {
  const router = Router();
  router.post('/trusts/:ods/figures', async (req, res) => {
    const ods = String(req.params.ods).toUpperCase();
    const principal = requireAccess(req, 'update-wards', { kind: 'trusts', trusts: [ods] }, deps.org(), deps.policy);
    if (!deps.org().trustsByOds.has(ods)) throw new HttpError(404, 'not_found', `no trust "${ods}"`);
    // The same allowance as every other way in, so a form cannot out-post a feed.
    await deps.rateLimits.ingestRequest(actorOf(principal));
    const entry = parseRequest(trustFiguresEntrySchema, req.body, 'trust figures');
    const name = nameOf(principal);
    const report: TrustFiguresObservation = {
      eventId: `manual-${randomUUID()}`,
      trustOds: ods,
      observedAt: new Date().toISOString(),
      ...entry,
    };
    const before = await deps.live.readTrustFigures(ods);
    const result = await deps.measures.acceptTrustFigures([report], actorOf(principal), { kind: 'manual', name }, () => []);
    if (!result.ok) throw ingestRefusal(result, 'the trust figures cannot be true');
    deps.metrics.ingested.inc({ kind: 'trustFigures', duplicate: 'false' });
    await deps.audit.record({
      actor: actorOf(principal),
      action: 'trust-figures-updated',
      target: `trust:${ods}`,
      detail: { eventId: report.eventId, before: before ? trustFiguresEntryOf(before) : null, after: trustFiguresEntryOf(entry) },
      ip: req.ip ?? null,
    });
    const trustFigures: TrustFiguresRecord = { ...report, source: { kind: 'manual', name } };
    res.status(202).json({ eventId: report.eventId, trustFigures } satisfies TrustFiguresUpdateResponse);
  });
  return router;
}
