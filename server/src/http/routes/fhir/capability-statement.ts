/** The CapabilityStatement of the FHIR R4 read API: what `GET /fhir/r4/metadata` answers. Pure. */
import { FHIR_JSON, FHIR_VERSION, UK_CORE_LOCATION, UK_CORE_ORGANIZATION } from './resources.js';
import type { SearchParam } from './search.js';
import { DEFAULT_COUNT, LOCATION_SEARCH, MAX_COUNT, ORGANIZATION_SEARCH } from './search.js';

/** When this API's capabilities last changed (CapabilityStatement.date). */
export const CAPABILITIES_DATE = '2026-11-26';

function resource(type: 'Location' | 'Organization', supportedProfile: string, params: readonly SearchParam<never>[]) {
  return {
    type,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    supportedProfile: [supportedProfile],
    interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
    searchParam: params.map(({ name, type: paramType, definition, documentation }) => ({
      name,
      definition,
      type: paramType,
      documentation,
    })),
  };
}

export function capabilityStatement(baseUrl: string) {
  return {
    resourceType: 'CapabilityStatement' as const,
    status: 'active' as const,
    date: CAPABILITIES_DATE,
    publisher: 'WardPulse',
    description:
      'Read-only FHIR R4 view of live mental health bed state: wards as Location (physicalType wa) with bed counts, and trusts as Organization.',
    kind: 'instance' as const,
    software: { name: 'WardPulse' },
    implementation: { description: 'WardPulse FHIR R4 read API', url: baseUrl },
    fhirVersion: FHIR_VERSION,
    format: [FHIR_JSON, 'json'],
    rest: [
      {
        mode: 'server' as const,
        documentation:
          `Searches return searchset Bundles of ${DEFAULT_COUNT} entries by default (_count up to ${MAX_COUNT}, 0 for the total only), ` +
          'with a next link while more remain. Unknown search parameters are refused (400).',
        security: {
          description:
            'The same principals as the WardPulse REST API: a read API key or display token (Authorization: Bearer), or a session cookie; ' +
            'anonymous in demo mode only. Results cover only the trusts the caller may read.',
        },
        resource: [
          resource('Location', UK_CORE_LOCATION, LOCATION_SEARCH as SearchParam<never>[]),
          resource('Organization', UK_CORE_ORGANIZATION, ORGANIZATION_SEARCH as SearchParam<never>[]),
        ],
      },
    ],
  };
}
