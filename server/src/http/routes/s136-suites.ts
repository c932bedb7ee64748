/**
 * Section 136 suite states:
 * - POST /api/v1/s136-suite-states — feeds (API key with ingest over the suite's trust), one state
 *   or a batch, exactly like /bed-states (ingest-route.ts);
 * - PUT /api/v1/s136-suites/:suiteId/state — a person marking a suite available, occupied or
 *   closed (`update-wards` over the suite's trust). Observed now; the same validation, event log,
 *   worker and fan-out as a feed's state; audited with the state before and after.
 */
import { randomUUID } from 'node:crypto';
import type { LiveStateRepository, S136SuiteIngest } from '@wardpulse/jobs';
import { readS136SuiteStates } from '@wardpulse/jobs';
import type { S136SuiteState, S136SuiteUpdateResponse } from '@wardpulse/shared';
import {
  s136SuiteStateBatchSchema,
  s136SuiteStateFromUpdate,
  s136SuiteStateSchema,
  s136SuiteUpdateRequestSchema,
} from '@wardpulse/shared';
import { Router } from 'express';
import { actorOf } from '../../auth/access.js';
import type { AuditLog } from '../../auth/audit.js';
import { requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';
import { ingestRefusal, ingestRoute, type IngestRouteDeps } from './ingest-route.js';

export interface S136SuitesRouteDeps extends IngestRouteDeps {
  s136: S136SuiteIngest;
  live: LiveStateRepository;
  audit: AuditLog;
}

export function s136SuitesRoute(deps: S136SuitesRouteDeps): Router {
  const router = Router();
  router.use(
    ingestRoute<S136SuiteState>(
      {
        path: '/s136-suite-states',
        kind: 's136SuiteState',
        noun: 'Section 136 suite state',
        schema: s136SuiteStateSchema,
        batchSchema: s136SuiteStateBatchSchema,
        trustOf: (state, org) => {
          const suite = org.s136SuitesById.get(state.suiteId);
          return suite ? { ods: suite.trustOds, field: 'suiteId' } : undefined;
        },
        accept: (states, source, paths) => deps.s136.accept(states, source, paths),
        impossible: 'the Section 136 suite state cannot be true, or names an unknown suite',
      },
      deps,
    ),
  );

  router.put('/s136-suites/:suiteId/state', async (req, res) => {
    // Refuse callers who may update nowhere before saying whether the suite exists.
    requireAccess(req, 'update-wards', SOMEWHERE, deps.org(), deps.policy);
    const suite = deps.org().s136SuitesById.get(String(req.params.suiteId));
    if (!suite) throw new HttpError(404, 'not_found', 'no such Section 136 suite');
    const principal = requireAccess(req, 'update-wards', { kind: 'trusts', trusts: [suite.trustOds] }, deps.org(), deps.policy);
    await deps.rateLimits.ingestRequest(actorOf(principal));
    const update = parseRequest(s136SuiteUpdateRequestSchema, req.body, 'Section 136 suite state');
    const state = s136SuiteStateFromUpdate(update, suite.id, `manual-${randomUUID()}`, Date.now());
    const before = (await readS136SuiteStates(deps.live, suite.trustOds)).get(suite.id) ?? null;
    const result = await deps.s136.accept([state], actorOf(principal), () => []);
    if (!result.ok) throw ingestRefusal(result, 'the Section 136 suite state cannot be true');
    deps.metrics.ingested.inc({ kind: 's136SuiteState', duplicate: 'false' });
    await deps.audit.record({
      actor: actorOf(principal),
      action: 's136-suite-updated',
      target: `s136-suite:${suite.id}`,
      detail: { suite: suite.id, trust: suite.trustOds, before, after: state },
      ip: req.ip ?? null,
    });
    const response: S136SuiteUpdateResponse = { eventId: state.eventId, state };
    res.status(202).json(response);
  });
  return router;
}
