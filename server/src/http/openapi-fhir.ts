/**
 * The FHIR R4 read API in the OpenAPI document. Bodies are FHIR resources (their schema is the
 * FHIR specification, docs/fhir.md), so only their outline is described here; the query
 * parameters come from the same search definitions the routes parse with.
 */
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { FHIR_BASE_PATH, FHIR_JSON } from './routes/fhir/resources.js';
import { DEFAULT_COUNT, LOCATION_SEARCH, MAX_COUNT, ORGANIZATION_SEARCH, type SearchParam } from './routes/fhir/search.js';

const resource = (type: string, description: string) =>
  z.looseObject({ resourceType: z.literal(type), id: z.string().optional() }).describe(description);

export function registerFhirPaths(registry: OpenAPIRegistry, readers: RouteConfig['security']): void {
  const fhirJson = (schema: z.ZodType) => ({ content: { [FHIR_JSON]: { schema } } });
  const outcome = resource('OperationOutcome', 'FHIR R4 OperationOutcome: issue[].code and diagnostics say what is wrong').meta({
    id: 'FhirOperationOutcome',
  });
  const error = (description: string) => ({ description, ...fhirJson(outcome) });
  const bundle = (of: string) =>
    resource(
      'Bundle',
      `FHIR R4 Bundle, type searchset: total, a self (and next) link, entries of ${of} with fullUrl and search.mode match`,
    );
  const searchQuery = (params: readonly SearchParam<never>[]) =>
    z.object({
      ...Object.fromEntries(
        params.map((param) => [param.name, z.string().optional().describe(`${param.type}: ${param.documentation}`)]),
      ),
      _count: z
        .string()
        .optional()
        .describe(`Entries per page, 0–${MAX_COUNT} (default ${DEFAULT_COUNT}; 0 gives the total only)`),
      _offset: z.string().optional().describe('Where the page starts (next links carry it)'),
      _format: z.string().optional().describe('json, application/json or application/fhir+json; anything else is 406'),
    });
  const readErrors = {
    401: error('Not signed in and no read API key or display token (outside demo mode), or a bad one'),
    403: error('The caller may not read the trust of this resource'),
    404: error('No such resource'),
  };

  registry.registerPath({
    method: 'get',
    path: `${FHIR_BASE_PATH}/metadata`,
    summary: 'FHIR R4 CapabilityStatement: resources, interactions and search parameters (docs/fhir.md)',
    responses: {
      200: { description: 'CapabilityStatement', ...fhirJson(resource('CapabilityStatement', 'FHIR R4 CapabilityStatement')) },
    },
  });
  for (const [type, params, what] of [
    ['Location', LOCATION_SEARCH, 'wards (physicalType wa) with bed counts and operationalStatus, UK Core Location'],
    ['Organization', ORGANIZATION_SEARCH, 'trusts by ODS code, UK Core Organization'],
  ] as const) {
    registry.registerPath({
      method: 'get',
      path: `${FHIR_BASE_PATH}/${type}`,
      summary: `Search FHIR ${type}: ${what}; only trusts the caller may read`,
      security: readers,
      request: { query: searchQuery(params as readonly SearchParam<never>[]) },
      responses: {
        200: { description: 'searchset Bundle', ...fhirJson(bundle(type)) },
        400: error('An unknown search parameter or modifier, or a bad value; the issue names it'),
        401: readErrors[401],
        406: error('A _format or Accept other than JSON'),
      },
    });
    registry.registerPath({
      method: 'get',
      path: `${FHIR_BASE_PATH}/${type}/{id}`,
      summary: `Read one FHIR ${type}`,
      security: readers,
      request: { params: z.object({ id: z.string().describe(type === 'Location' ? 'The ward id' : 'The ODS code') }) },
      responses: { 200: { description: type, ...fhirJson(resource(type, `FHIR R4 ${type}`)) }, ...readErrors },
    });
  }
}
