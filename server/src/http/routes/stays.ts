/**
 * Admissions, discharges and length of stay (#17 item 2):
 * - POST /api/v1/stays — feeds (API key with ingest over the ward's trust), one anonymous stay or a
 *   batch, exactly like /bed-states (ingest-route.ts);
 * - GET /api/v1/flow?scope=&month= — one scope's month: admissions and discharges per day, length
 *   of stay of the month's discharges and of the people in (read over the scope).
 */
import type { MeasureIngest } from '@wardpulse/jobs';
import { StayRepository, type Database } from '@wardpulse/jobs';
import type { FlowResponse, StayRecord } from '@wardpulse/shared';
import {
  flowQuerySchema,
  londonDateOf,
  londonMidnight,
  londonPeriod,
  monthFlow,
  parseScope,
  stayBatchSchema,
  stayRecordSchema,
} from '@wardpulse/shared';
import { Router } from 'express';
import { mayReadScope } from '../../auth/access.js';
import { principalOf, requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';
import { ingestRoute, type IngestRouteDeps } from './ingest-route.js';

export interface StaysRouteDeps extends IngestRouteDeps {
  measures: MeasureIngest;
  db: Database;
}

export function staysRoute(deps: StaysRouteDeps): Router {
  const router = Router();
  const stays = new StayRepository(deps.db);
  router.use(
    ingestRoute<StayRecord>(
      {
        path: '/stays',
        kind: 'stay',
        noun: 'stay',
        schema: stayRecordSchema,
        batchSchema: stayBatchSchema,
        trustOf: (stay, org) => {
          const ward = org.wardsById.get(stay.wardId);
          return ward ? { ods: ward.trustOds, field: 'wardId' } : undefined;
        },
        accept: (records, source, paths) => deps.measures.acceptStays(records, source, paths),
        impossible: 'the stay cannot be accepted, or names an unknown ward',
      },
      deps,
    ),
  );

  router.get('/flow', async (req, res) => {
    const org = deps.org();
    // Who may read at all comes first: an anonymous caller learns nothing about which scopes exist.
    requireAccess(req, 'read', SOMEWHERE, org, deps.policy);
    const query = parseRequest(flowQuerySchema, req.query, 'flow query');
    const parsed = parseScope(query.scope);
    if (!parsed.ok) throw new HttpError(400, 'malformed', 'scope is malformed', [{ path: 'scope', message: parsed.message }]);
    const wards = org.wardsIn(parsed.scope);
    if (!wards)
      throw new HttpError(404, 'unknown_scope', `no such scope: ${query.scope}`, [
        { path: 'scope', message: 'names nothing known' },
      ]);
    const decision = mayReadScope(principalOf(req), parsed.scope, org, deps.policy);
    if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.reason);
    const now = Date.now();
    const month = query.month ?? londonDateOf(now).slice(0, 7);
    const period = londonPeriod('month', londonMidnight(`${month}-01`));
    const rows = await stays.staysOverlapping(
      wards.map((ward) => ward.id),
      period.start,
      period.end,
    );
    const body: FlowResponse = monthFlow(query.scope, month, rows, now);
    res.json(body);
  });
  return router;
}
