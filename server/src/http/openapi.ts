/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and
 * type responses (shared/). Served at /api/docs; committed as docs/openapi.yaml by
 * `npm run openapi`, and a test keeps the committed file equal to what the code generates.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import {
  apiErrorBodySchema,
  bedStateBatchSchema,
  bedStateSchema,
  escalationRuleSchema,
  ingestResponseSchema,
  liveResponseSchema,
  orgDirectorySchema,
  placementBatchSchema,
  placementEventSchema,
  videoConsultationBatchSchema,
  videoConsultationDaySchema,
  waitingListBatchSchema,
  waitingListSnapshotSchema,
} from '@wardpulse/shared';
import { stringify } from 'yaml';
import { z } from 'zod';

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: apiErrorBodySchema } } };
}

export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key created by an admin (`npm run cli -- api-key create`), scoped to trusts.',
  });
  // Named components via zod's own metadata (ids become $refs).
  const BedState = bedStateSchema.meta({ id: 'BedState' });
  const BedStateBatch = bedStateBatchSchema.meta({ id: 'BedStateBatch' });

  registry.registerPath({
    method: 'post',
    path: '/api/v1/bed-states',
    summary: 'Ingest one bed-state observation or a batch (all or nothing)',
    description:
      'Accepted events are logged durably, then applied asynchronously: 202 means "will be applied". ' +
      "The same eventId sent again counts once. An observation older than the ward's current one is logged but never overwrites it.",
    security: [{ [bearer.name]: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: z.union([BedState, BedStateBatch]) } } } },
    responses: {
      202: { description: 'Accepted', content: { 'application/json': { schema: ingestResponseSchema } } },
      400: errorResponse('Malformed: not JSON, missing or mistyped fields; `details[].path` names each field'),
      401: errorResponse('No API key, or an unknown or revoked one'),
      403: errorResponse("The key may not ingest, or is not scoped to a ward's trust"),
      413: errorResponse('Body too large'),
      422: errorResponse(
        'Well-formed but impossible (negative counts, closed > commissioned, occupied > open, future time) or unknown ward',
      ),
      503: errorResponse('Storage unavailable; nothing was accepted; retry after Retry-After seconds'),
    },
  });
  const measureIngests = [
    {
      path: '/api/v1/placements',
      summary: 'Ingest out-of-area placement events (started, updated, ended) or a batch',
      event: placementEventSchema.meta({ id: 'PlacementEvent' }),
      batch: placementBatchSchema.meta({ id: 'PlacementBatch' }),
      impossible:
        'Impossible or contradicting the placement so far: an end before its start, a second start or end, a reason that does not fit appropriate/inappropriate, an unknown trust, a future time',
    },
    {
      path: '/api/v1/waiting-lists',
      summary: "Ingest a waiting-list snapshot of one trust's service, or a batch",
      event: waitingListSnapshotSchema.meta({ id: 'WaitingListSnapshot' }),
      batch: waitingListBatchSchema.meta({ id: 'WaitingListBatch' }),
      impossible:
        'Impossible: wait bands not adding up to the number waiting, median above the 90th percentile, a standard the service does not have, more started within a standard than started, an unknown trust',
    },
    {
      path: '/api/v1/video-consultations',
      summary: "Ingest a day's care contacts by consultation mechanism (11 = video), or a batch",
      event: videoConsultationDaySchema.meta({ id: 'VideoConsultationDay' }),
      batch: videoConsultationBatchSchema.meta({ id: 'VideoConsultationBatch' }),
      impossible: 'Impossible: an unknown CONSULTATION MECHANISM code, a negative count, a date after today, an unknown trust',
    },
  ];
  for (const ingest of measureIngests) {
    registry.registerPath({
      method: 'post',
      path: ingest.path,
      summary: ingest.summary,
      description:
        'Like /api/v1/bed-states: logged durably, applied asynchronously, idempotent by eventId, last-writer-wins on source time.',
      security: [{ [bearer.name]: [] }],
      request: { body: { required: true, content: { 'application/json': { schema: z.union([ingest.event, ingest.batch]) } } } },
      responses: {
        202: { description: 'Accepted', content: { 'application/json': { schema: ingestResponseSchema } } },
        400: errorResponse('Malformed; `details[].path` names each field'),
        401: errorResponse('No API key, or an unknown or revoked one'),
        403: errorResponse('The key may not ingest, or is not scoped to the trust'),
        413: errorResponse('Body too large'),
        422: errorResponse(ingest.impossible),
        503: errorResponse('Storage unavailable; nothing was accepted; retry after Retry-After seconds'),
      },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/api/v1/escalation-rule',
    summary: 'The escalation (OPEL) rule in force and what each indicator measures',
    security: [{ [bearer.name]: [] }],
    responses: {
      200: {
        description: 'The rule (WARDPULSE_ESCALATION_RULE or the default)',
        content: {
          'application/json': {
            schema: z.object({
              rule: escalationRuleSchema.meta({ id: 'EscalationRule' }),
              indicators: z.record(z.string(), z.string()),
            }),
          },
        },
      },
      401: errorResponse('A read API key is required'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/live',
    summary: 'Live snapshot of a scope',
    security: [{ [bearer.name]: [] }],
    request: {
      query: z.object({ scope: z.string().describe('`collaborative:<id>`, `trust:<ODS code>` or `ward:<ward id>`') }),
    },
    responses: {
      200: {
        description: 'The snapshot, its sequence and the four measures summarised',
        content: { 'application/json': { schema: liveResponseSchema } },
      },
      400: errorResponse('Malformed scope'),
      401: errorResponse('A read API key is required'),
      403: errorResponse('The key is not scoped to every trust the scope shows'),
      404: errorResponse('Unknown scope'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/org',
    summary: 'Collaboratives, trusts, sites and wards the caller may read',
    security: [{ [bearer.name]: [] }],
    responses: {
      200: { description: 'The organisation directory', content: { 'application/json': { schema: orgDirectorySchema } } },
      401: errorResponse('A read API key is required'),
    },
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'WardPulse API',
      version: '1.0.0',
      description:
        'Live bed occupancy, out-of-area placements, waiting lists and video consultations for NHS mental health trusts and provider collaboratives. ' +
        'Live updates are pushed over Socket.IO (contract v1, see docs/api.md).',
    },
    servers: [{ url: '/' }],
  });
}

export function openApiYaml(): string {
  return stringify(openApiDocument(), { lineWidth: 0 });
}
