/**
 * The sitrep part of the OpenAPI document (issue #14 item 5): returns listed (JSON or CSV), the
 * collaborative/region overview, one return, edits with a reason, sign-off by name. Generated
 * from the shared zod schemas the routes validate and answer with.
 */
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  sitrepDetailSchema,
  sitrepEditRequestSchema,
  sitrepListQuerySchema,
  sitrepListResponseSchema,
  sitrepOverviewQuerySchema,
  sitrepOverviewSchema,
  sitrepSignRequestSchema,
} from '@wardpulse/shared';
import { z } from 'zod';

type ErrorResponse = (description: string) => { description: string; content: Record<string, { schema: z.ZodType }> };

export function registerSitrepPaths(
  registry: OpenAPIRegistry,
  security: { readers: RouteConfig['security']; people: RouteConfig['security'] },
  errorResponse: ErrorResponse,
): void {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const id = z.object({ id: z.string().describe('e.g. RX4-adult-2026-03-30-1400') });
  const refused = {
    401: errorResponse('Not signed in (or no read API key)'),
    403: errorResponse("Not allowed for the return's trust"),
  };
  const Detail = sitrepDetailSchema.meta({ id: 'SitrepReturn' });
  const changed = {
    200: { description: 'The return as it now stands', ...json(Detail) },
    400: errorResponse('Malformed; `details[].path` names each field'),
    ...refused,
    404: errorResponse('No such return'),
    409: errorResponse('The return is signed off: it is frozen'),
  };
  const paths: RouteConfig[] = [
    {
      method: 'get',
      path: '/api/v1/sitreps',
      summary: 'Sitrep returns the caller may read, newest first, as JSON or CSV (`format=csv`)',
      description:
        'Filter by trust or collaborative (each must be readable), kind, status and London dates. ' +
        'The CSV has one row per return: trust, return, date, time, status, signature, then every field by its form label.',
      security: security.readers,
      request: { query: sitrepListQuerySchema },
      responses: {
        200: {
          description: 'Returns',
          content: {
            'application/json': { schema: sitrepListResponseSchema },
            'text/csv': { schema: z.string().describe('Header row first; blanks are empty cells') },
          },
        },
        400: errorResponse('Malformed query'),
        ...refused,
        404: errorResponse('No such trust or collaborative'),
      },
    },
    {
      method: 'get',
      path: '/api/v1/sitreps/overview',
      summary: "Every member's latest return and who has not submitted, for a collaborative or the region",
      security: security.readers,
      request: { query: sitrepOverviewQuerySchema },
      responses: {
        200: { description: 'The overview', ...json(sitrepOverviewSchema.meta({ id: 'SitrepOverview' })) },
        400: errorResponse('Malformed query'),
        ...refused,
        404: errorResponse('No such collaborative'),
      },
    },
    {
      method: 'get',
      path: '/api/v1/sitreps/{id}',
      summary: 'One return: figures as assembled and as edited, where each came from, every edit, its signature',
      security: security.readers,
      request: { params: id },
      responses: { 200: { description: 'The return', ...json(Detail) }, ...refused, 404: errorResponse('No such return') },
    },
    {
      method: 'patch',
      path: '/api/v1/sitreps/{id}',
      summary: 'Edit figures of an unsigned return with a reason (update-wards over its trust); each edit is audited',
      security: security.people,
      request: { params: id, body: { required: true, ...json(sitrepEditRequestSchema) } },
      responses: changed,
    },
    {
      method: 'post',
      path: '/api/v1/sitreps/{id}/sign',
      summary: 'Sign a return off by name (update-wards over its trust); from then on it is frozen and kept',
      security: security.people,
      request: { params: id, body: { required: true, ...json(sitrepSignRequestSchema) } },
      responses: {
        ...changed,
        422: errorResponse('The regional form would refuse the figures: `details` names each field and why'),
      },
    },
  ];
  for (const path of paths) registry.registerPath(path);
}
