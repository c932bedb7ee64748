/**
 * The stays part of the OpenAPI document (#17 item 2): anonymous stays from feeds, and one scope's
 * month of admissions, discharges and length of stay. Docs: docs/api.md, docs/measures.md
 * ("Length of stay").
 */
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { flowQuerySchema, flowResponseSchema, ingestResponseSchema, stayBatchSchema, stayRecordSchema } from '@wardpulse/shared';
import { z } from 'zod';
import { EVENT_ID_CONFLICT_DESCRIPTION } from './routes/ingest-route.js';

type ErrorResponse = (description: string) => { description: string; content: Record<string, { schema: z.ZodType }> };

export function registerStayPaths(
  registry: OpenAPIRegistry,
  security: { feeds: RouteConfig['security']; readers: RouteConfig['security'] },
  errorResponse: ErrorResponse,
): void {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/stays',
    summary: 'Ingest an anonymous stay (admitted, and once known discharged) or a batch of them',
    description:
      'Like /api/v1/bed-states: logged durably, applied asynchronously, idempotent by eventId (per trust and kind; 409 for an eventId reused for a different fact). ' +
      'Send the stay as the source holds it each time it changes; the latest recordedAt (ties: the larger eventId) is the stay, so a cancelled discharge is a later fact with dischargedAt null. ' +
      '`stayRef` is an opaque key the source chooses, the same in every fact about the stay: never an NHS number, name or hospital number.',
    security: security.feeds,
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.union([stayRecordSchema.meta({ id: 'StayRecord' }), stayBatchSchema.meta({ id: 'StayBatch' })]),
          },
        },
      },
    },
    responses: {
      202: { description: 'Accepted', ...json(ingestResponseSchema) },
      400: errorResponse('Malformed: a missing or mistyped field, a stayRef with spaces; `details[].path` names each'),
      401: errorResponse('No API key, or an unknown or revoked one'),
      403: errorResponse("The key may not ingest, or is not scoped to a ward's trust"),
      409: errorResponse(EVENT_ID_CONFLICT_DESCRIPTION),
      413: errorResponse('Body too large'),
      422: errorResponse(
        'Cannot be accepted: an unknown ward, a stayRef shaped like an NHS number, a discharge before the admission, a time in the future, or recordedAt before what it records',
      ),
      503: errorResponse('Storage unavailable; nothing was accepted; retry after Retry-After seconds'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/flow',
    summary:
      "One scope's month: admissions and discharges per day, length of stay of the month's discharges and of the people in",
    description:
      'Length of stay is counted in nights between London calendar dates (same day 0); medians and 90th percentiles by PERCENTILE.INC; long stays are 60 and 90 nights or more. See docs/measures.md.',
    security: security.readers,
    request: { query: flowQuerySchema },
    responses: {
      200: { description: 'The month', ...json(flowResponseSchema.meta({ id: 'FlowResponse' })) },
      400: errorResponse('A malformed scope or month'),
      401: errorResponse('Sign in, or use a read API key'),
      403: errorResponse('Your grants or key do not cover the scope'),
      404: errorResponse('No such scope'),
    },
  });
}
