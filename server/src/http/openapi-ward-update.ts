/**
 * The quick ward update's part of the OpenAPI document (issue #14 item 1): a person keys a
 * ward's figures, or confirms them unchanged. Docs: docs/api.md ("Quick ward update").
 */
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { wardUpdateRequestSchema, wardUpdateResponseSchema } from '@wardpulse/shared';
import { z } from 'zod';

type ErrorResponse = (description: string) => { description: string; content: Record<string, { schema: z.ZodType }> };

export function registerWardUpdatePaths(
  registry: OpenAPIRegistry,
  people: RouteConfig['security'],
  errorResponse: ErrorResponse,
): void {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const wardId = z.object({ wardId: z.string().describe('The ward id, e.g. RX4-W01') });
  const Response = wardUpdateResponseSchema.meta({ id: 'WardUpdateResponse' });
  const common = {
    401: errorResponse('Sign in first'),
    403: errorResponse("Your grants do not allow update-wards over the ward's trust, or the CSRF token is missing"),
    404: errorResponse('No such ward'),
    429: errorResponse('Too many updates; retry after Retry-After seconds'),
  };

  registry.registerPath({
    method: 'post',
    path: '/api/v1/wards/{wardId}/bed-state',
    summary: "Key a ward's figures (a person with update-wards over its trust)",
    description:
      'Commissioned beds come from the organisation. Becomes a bed-state observation observed now, source `manual` with the ' +
      "person's name, through the same validation, event log, worker and live fan-out as a feed. On a ward an electronic " +
      'source reports, the live state is marked `override: true` until that source next reports. ' +
      'Audited as `ward-updated` with the figures before and after.',
    security: people,
    request: { params: wardId, body: { required: true, ...json(wardUpdateRequestSchema.meta({ id: 'WardUpdateRequest' })) } },
    responses: {
      202: { description: 'Accepted; boards show it within a second', ...json(Response) },
      400: errorResponse('Malformed: a missing, mistyped or unknown field; `details[].path` names each'),
      ...common,
      422: errorResponse(
        'Cannot be true: closed beds without `closedReason`, counts negative or beyond the ward (see POST /api/v1/bed-states)',
      ),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/wards/{wardId}/bed-state/confirm',
    summary: "Confirm a ward's figures unchanged: a fresh observation with the current values",
    description: 'So a quiet ward is not shown stale. Same path and rights as a keyed update; audited as `ward-confirmed`.',
    security: people,
    request: { params: wardId },
    responses: {
      202: { description: 'Accepted', ...json(Response) },
      ...common,
      409: errorResponse('The ward has no figures yet; key them instead'),
      422: errorResponse(
        'The current figures no longer fit the ward (e.g. its commissioned beds were reduced); key them instead',
      ),
    },
  });
}
