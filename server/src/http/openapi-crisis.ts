/**
 * The alternatives-to-admission part of the OpenAPI document (#17 item 3): capacity reports of
 * crisis houses, crisis day services and home treatment teams from feeds. Docs: docs/api.md,
 * docs/measures.md ("Alternatives to admission").
 */
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { crisisCapacityBatchSchema, crisisCapacityReportSchema, ingestResponseSchema } from '@wardpulse/shared';
import { z } from 'zod';
import { EVENT_ID_CONFLICT_DESCRIPTION } from './routes/ingest-route.js';

type ErrorResponse = (description: string) => { description: string; content: Record<string, { schema: z.ZodType }> };

export function registerCrisisPaths(
  registry: OpenAPIRegistry,
  security: { feeds: RouteConfig['security'] },
  errorResponse: ErrorResponse,
): void {
  const Report = crisisCapacityReportSchema.meta({ id: 'CrisisCapacityReport' });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/crisis-capacity',
    summary: "Ingest an alternative to admission's capacity (crisis house, crisis day service, home treatment team) or a batch",
    description:
      'Like /api/v1/bed-states: logged durably, applied asynchronously, idempotent by eventId (per trust and kind; 409 for an eventId reused for a different fact), last-writer-wins on observedAt then eventId per service. ' +
      'Places for a crisis house or day service, caseload for a home treatment team (which may run over its caseload). ' +
      'A service whose latest report is older than the wards’ default not-reporting limit leaves the totals and offers no free place.',
    security: security.feeds,
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: z.union([Report, crisisCapacityBatchSchema.meta({ id: 'CrisisCapacityBatch' })]) },
        },
      },
    },
    responses: {
      202: { description: 'Accepted', content: { 'application/json': { schema: ingestResponseSchema } } },
      400: errorResponse('Malformed: a missing or mistyped field, a negative or fractional count; `details[].path` names each'),
      401: errorResponse('No API key, or an unknown or revoked one'),
      403: errorResponse("The key may not ingest, or is not scoped to a service's trust"),
      409: errorResponse(EVENT_ID_CONFLICT_DESCRIPTION),
      413: errorResponse('Body too large'),
      422: errorResponse(
        'Cannot be true: an unknown service, a future observedAt, more closed than capacity, more places in use than open (a crisis house or day service place holds one person)',
      ),
      503: errorResponse('Storage unavailable; nothing was accepted; retry after Retry-After seconds'),
    },
  });
}
