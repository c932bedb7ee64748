/**
 * The Section 136 part of the OpenAPI document (issue #14 item 4): suite states from feeds and
 * people, and the admin of suites. Docs: docs/api.md, docs/measures.md ("Section 136").
 */
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  createS136SuiteRequestSchema,
  ingestResponseSchema,
  s136SuiteSchema,
  s136SuiteStateBatchSchema,
  s136SuiteStateSchema,
  s136SuiteUpdateRequestSchema,
  s136SuiteUpdateResponseSchema,
  updateS136SuiteRequestSchema,
} from '@wardpulse/shared';
import { z } from 'zod';
import { EVENT_ID_CONFLICT_DESCRIPTION } from './routes/ingest-route.js';

type ErrorResponse = (description: string) => { description: string; content: Record<string, { schema: z.ZodType }> };

export function registerS136Paths(
  registry: OpenAPIRegistry,
  security: { feeds: RouteConfig['security']; people: RouteConfig['security'] },
  errorResponse: ErrorResponse,
): void {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const State = s136SuiteStateSchema.meta({ id: 'S136SuiteState' });
  const Suite = s136SuiteSchema.meta({ id: 'S136Suite' });
  const suiteId = z.object({ suiteId: z.string().describe('The suite id, e.g. RX4-136-1') });
  const id = z.object({ id: z.string().describe('The suite id, e.g. RX4-136-1') });
  const signedIn = {
    401: errorResponse('Sign in first'),
    403: errorResponse('Your grants do not allow it, or the CSRF token is missing'),
  };

  registry.registerPath({
    method: 'post',
    path: '/api/v1/s136-suite-states',
    summary: "Ingest a Section 136 suite's state (available, occupied, closed) or a batch",
    description:
      'Like /api/v1/bed-states: logged durably, applied asynchronously, idempotent by eventId (per trust and kind; 409 for an eventId reused for a different fact), last-writer-wins on observedAt. ' +
      'Each status has its own fields: occupied needs `since` (arrival at this suite) and may carry `detentionStartedAt` ' +
      '(the start of the permitted period, e.g. arrival at A&E first) and `extensionHours` (s136B, at most 12); closed needs `closedReason`.',
    security: security.feeds,
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: z.union([State, s136SuiteStateBatchSchema.meta({ id: 'S136SuiteStateBatch' })]) },
        },
      },
    },
    responses: {
      202: { description: 'Accepted', ...json(ingestResponseSchema) },
      400: errorResponse(
        'Malformed: a missing or mistyped field, or a field the status does not have; `details[].path` names each',
      ),
      401: errorResponse('No API key, or an unknown or revoked one'),
      403: errorResponse("The key may not ingest, or is not scoped to a suite's trust"),
      409: errorResponse(EVENT_ID_CONFLICT_DESCRIPTION),
      413: errorResponse('Body too large'),
      422: errorResponse(
        'Cannot be true: an unknown suite, a future time, a status or detention beginning after it was observed or after arrival, a detention begun over 7 days before',
      ),
      503: errorResponse('Storage unavailable; nothing was accepted; retry after Retry-After seconds'),
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/s136-suites/{suiteId}/state',
    summary: 'Mark a Section 136 suite available, occupied or closed (a person with update-wards over its trust)',
    description:
      'Observed now; `since` defaults to now. Goes through the same validation, event log, worker and live fan-out as a feed. ' +
      'Audited as `s136-suite-updated` with the state before and after.',
    security: security.people,
    request: { params: suiteId, body: { required: true, ...json(s136SuiteUpdateRequestSchema) } },
    responses: {
      202: { description: 'Accepted; boards show it within a second', ...json(s136SuiteUpdateResponseSchema) },
      400: errorResponse('Malformed; `details[].path` names each field'),
      ...signedIn,
      404: errorResponse('No such suite'),
      422: errorResponse('Cannot be true (see POST /api/v1/s136-suite-states)'),
    },
  });

  const admin = (
    method: 'post' | 'patch' | 'delete',
    path: string,
    summary: string,
    responses: Record<number, unknown>,
    request: NonNullable<RouteConfig['request']> = {},
  ) =>
    registry.registerPath({
      method,
      path,
      summary,
      security: security.people,
      request,
      responses: { ...(responses as Record<number, { description: string }>), ...signedIn },
    });
  admin(
    'post',
    '/api/v1/admin/org/s136-suites',
    'Add a Section 136 suite to a site (manage-org over the trust)',
    {
      201: { description: 'Added', ...json(Suite) },
      409: errorResponse('Id taken'),
      422: errorResponse('Unknown trust, or a site of another trust'),
    },
    { body: { required: true, ...json(createS136SuiteRequestSchema) } },
  );
  admin(
    'patch',
    '/api/v1/admin/org/s136-suites/{id}',
    "Change a suite's name, site (within its trust), age group or commissioning",
    { 200: { description: 'Changed', ...json(Suite) }, 404: errorResponse('No such suite') },
    { params: id, body: { required: true, ...json(updateS136SuiteRequestSchema) } },
  );
  admin(
    'delete',
    '/api/v1/admin/org/s136-suites/{id}',
    'Remove a suite from the organisation (its logged states stay in the event log)',
    { 204: { description: 'Removed' }, 404: errorResponse('No such suite') },
    { params: id },
  );
}
