/**
 * The delayed-discharges part of the OpenAPI document (#17 item 1): wards' lists from feeds and
 * from bed managers. Docs: docs/api.md, docs/measures.md ("Delayed discharges").
 */
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  dischargeDelaysBatchSchema,
  dischargeDelaysSnapshotSchema,
  dischargeDelaysUpdateRequestSchema,
  dischargeDelaysUpdateResponseSchema,
  ingestResponseSchema,
} from '@wardpulse/shared';
import { z } from 'zod';
import { EVENT_ID_CONFLICT_DESCRIPTION } from './routes/ingest-route.js';

type ErrorResponse = (description: string) => { description: string; content: Record<string, { schema: z.ZodType }> };

const IMPOSSIBLE =
  'Cannot be accepted: an unknown ward, a future observedAt, a `ref` shaped like an NHS number (ten digits, with or without separators) or listed twice on the ward, a delay beginning after observedAt or over 10 years before';

export function registerDischargeDelayPaths(
  registry: OpenAPIRegistry,
  security: { feeds: RouteConfig['security']; people: RouteConfig['security'] },
  errorResponse: ErrorResponse,
): void {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const Snapshot = dischargeDelaysSnapshotSchema.meta({ id: 'DischargeDelaysSnapshot' });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/discharge-delays',
    summary: "Ingest a ward's delayed discharges (its whole list) or a batch of wards' lists",
    description:
      'Like /api/v1/bed-states: logged durably, applied asynchronously, idempotent by eventId (per trust and kind; 409 for an eventId reused for a different fact), last-writer-wins on observedAt per ward. ' +
      "Each list replaces the ward's previous one; an empty list says no delay is open. Each delay has an opaque `ref` the source chooses (never an NHS number, name or hospital number), " +
      'the MHSDS v6 delay reason code, optionally whom it is attributable to (04 NHS, 05 social care, 06 both) and the date it began.',
    security: security.feeds,
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: z.union([Snapshot, dischargeDelaysBatchSchema.meta({ id: 'DischargeDelaysBatch' })]) },
        },
      },
    },
    responses: {
      202: { description: 'Accepted', ...json(ingestResponseSchema) },
      400: errorResponse(
        'Malformed: a missing or mistyped field, an unknown reason code, a ref with spaces; `details[].path` names each',
      ),
      401: errorResponse('No API key, or an unknown or revoked one'),
      403: errorResponse("The key may not ingest, or is not scoped to a ward's trust"),
      409: errorResponse(EVENT_ID_CONFLICT_DESCRIPTION),
      413: errorResponse('Body too large'),
      422: errorResponse(IMPOSSIBLE),
      503: errorResponse('Storage unavailable; nothing was accepted; retry after Retry-After seconds'),
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/wards/{wardId}/discharge-delays',
    summary: "Save a ward's delayed discharges (a person with update-wards over its trust)",
    description:
      "The ward's whole list, observed now: add a delay by listing it, remove one (discharged, or no longer ready) by leaving it out. " +
      'Goes through the same validation, event log, worker and live fan-out as a feed. Audited as `discharge-delays-updated` with the list before and after.',
    security: security.people,
    request: {
      params: z.object({ wardId: z.string().describe('The ward id, e.g. RX4-W01') }),
      body: { required: true, ...json(dischargeDelaysUpdateRequestSchema) },
    },
    responses: {
      202: { description: 'Accepted; boards show it within a second', ...json(dischargeDelaysUpdateResponseSchema) },
      400: errorResponse('Malformed; `details[].path` names each field'),
      401: errorResponse('Sign in first'),
      403: errorResponse('Your grants do not allow it, or the CSRF token is missing'),
      404: errorResponse('No such ward'),
      422: errorResponse(IMPOSSIBLE),
    },
  });
}
