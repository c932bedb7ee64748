/**
 * The HL7 v2 part of the OpenAPI document (issue #9): the HTTP door for ADT messages and the
 * admin of feeds' location mappings. MLLP is not HTTP and is described in docs/hl7.md.
 */
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { createHl7MappingRequestSchema, hl7FeedsResponseSchema, hl7LocationMappingSchema } from '@wardpulse/shared';
import { z } from 'zod';

type ErrorResponse = (description: string) => { description: string; content: Record<string, { schema: z.ZodType }> };

export function registerHl7Paths(
  registry: OpenAPIRegistry,
  security: { feeds: RouteConfig['security']; people: RouteConfig['security'] },
  errorResponse: ErrorResponse,
): void {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const ack = (description: string) => ({
    description,
    content: {
      'application/hl7-v2': { schema: z.string().describe('The HL7 ACK: MSH, MSA (code, control id, reason), ERR per problem') },
    },
  });
  const feed = z.object({ feed: z.string().describe('Feed id from WARDPULSE_HL7_FEEDS (e.g. demo-rx4)') });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/hl7/{feed}',
    summary: 'Send one HL7 v2 ADT message; the answer is its ACK (docs/hl7.md)',
    description:
      'A01, A02, A03, A08, A11, A12, A13, A17, A21 and A22 change wards’ censuses; other ADT events are acknowledged (AA) and ignored. ' +
      'Idempotent by feed and MSH-10. PID and every other identifying segment are dropped on receipt. ' +
      'Needs an API key allowed to ingest for the feed’s trust.',
    security: security.feeds,
    request: {
      params: feed,
      body: {
        required: true,
        content: { 'application/hl7-v2': { schema: z.string().describe('The message, segments separated by CR') } },
      },
    },
    responses: {
      200: ack('AA: accepted, a duplicate (counted once) or an event that does not change bed states'),
      400: ack('AR: not an ADT message WardPulse can read (ERR names the field)'),
      401: errorResponse('No API key'),
      403: errorResponse('The key may not ingest for the feed’s trust'),
      404: errorResponse('No such feed'),
      409: ack('AE: the control id (MSH-10) was received before with a different message (ERR-3 205); nothing was logged'),
      413: errorResponse('Larger than WARDPULSE_HL7_MAX_MESSAGE_BYTES'),
      422: ack('AE: a field is missing or wrong; ERR-2 names it, ERR-8 and MSA-3 say why'),
      503: ack('AR: could not be stored now; send again (Retry-After)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/hl7/feeds',
    summary: 'HL7 feeds of the trusts you manage (manage-org), their location mappings and the locations no mapping covers',
    security: security.people,
    responses: { 200: { description: 'Feeds', ...json(hl7FeedsResponseSchema) }, 403: errorResponse('No manage-org grant') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/admin/hl7/feeds/{feed}/mappings',
    summary: 'Map a location of a feed (point of care, or one room or bed of it) to a ward of the feed’s trust',
    description: 'Admitted visits there are counted on the ward at once. Audited as `org-changed`.',
    security: security.people,
    request: { params: feed, body: { required: true, ...json(createHl7MappingRequestSchema) } },
    responses: {
      201: { description: 'Mapped', ...json(hl7LocationMappingSchema) },
      400: errorResponse('Malformed (a bed without a room)'),
      403: errorResponse('You may not manage the feed’s trust'),
      404: errorResponse('No such feed'),
      409: errorResponse('This location is already mapped'),
      422: errorResponse('The ward is not one of the feed’s trust'),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/admin/hl7/feeds/{feed}/mappings/{id}',
    summary: 'Remove a location mapping (its visits are no longer counted on the ward)',
    security: security.people,
    request: { params: feed.extend({ id: z.string() }) },
    responses: { 204: { description: 'Removed' }, 404: errorResponse('No such mapping of this feed') },
  });
}
