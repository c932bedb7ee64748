/**
 * FHIR search over resources already built: which parameters each resource type supports, how a
 * query string is parsed (unknown parameters and modifiers are refused, naming them) and how a
 * value matches (token `[system]|[code]`, reference `[Type/]id` or an absolute URL, string
 * starts-with unless `:exact` or `:contains`; commas OR, repeated parameters AND). Pure.
 */
import type { FhirResource, LocationResource, OrganizationResource } from './resources.js';
import { ODS_ORGANIZATION_SYSTEM, WARD_ID_SYSTEM, WARDPULSE_CANONICAL } from './resources.js';

interface Token {
  system?: string | undefined;
  code: string;
}

interface ParamBase {
  name: string;
  /** The SearchParameter it implements (core R4, or WardPulse's own). */
  definition: string;
  documentation: string;
}
export type SearchParam<R> =
  | (ParamBase & { type: 'token'; tokens: (resource: R) => Token[] })
  | (ParamBase & { type: 'string'; strings: (resource: R) => string[] })
  | (ParamBase & { type: 'reference'; references: (resource: R) => string[] });

const core = (name: string) => `http://hl7.org/fhir/SearchParameter/${name}`;
const idParam = <R extends FhirResource>(): SearchParam<R> => ({
  name: '_id',
  type: 'token',
  definition: core('Resource-id'),
  documentation: 'Logical id',
  tokens: (resource) => [{ code: resource.id }],
});
const identifiers = (resource: FhirResource): Token[] =>
  resource.identifier.map((identifier) => ({ system: identifier.system, code: identifier.value }));

export const LOCATION_SEARCH: SearchParam<LocationResource>[] = [
  idParam(),
  {
    name: 'identifier',
    type: 'token',
    definition: core('Location-identifier'),
    documentation: `The ward id: ${WARD_ID_SYSTEM}|<ward id>`,
    tokens: identifiers,
  },
  {
    name: 'name',
    type: 'string',
    definition: core('Location-name'),
    documentation: 'Ward name: starts with (case and accents ignored), or :exact, or :contains',
    strings: (location) => [location.name],
  },
  {
    name: 'organization',
    type: 'reference',
    definition: core('Location-organization'),
    documentation: 'The managing trust: an ODS code (RX4), Organization/RX4 or its full URL',
    references: (location) => [location.managingOrganization.reference],
  },
  {
    name: 'type',
    type: 'token',
    definition: core('Location-type'),
    documentation: 'Ward type: a WardPulse ward-type code (picu, adult-acute, …) or v3-RoleCode PHU',
    tokens: (location) => location.type.flatMap((type) => type.coding),
  },
  {
    name: 'physical-type',
    type: 'token',
    definition: `${WARDPULSE_CANONICAL}/SearchParameter/Location-physical-type`,
    documentation: 'Location.physicalType (location-physical-type): wa for wards',
    tokens: (location) => location.physicalType.coding,
  },
  {
    name: 'status',
    type: 'token',
    definition: core('Location-status'),
    documentation: 'active, suspended (every bed closed) or inactive (no commissioned beds)',
    tokens: (location) => [{ code: location.status }],
  },
  {
    name: 'operational-status',
    type: 'token',
    definition: core('Location-operational-status'),
    documentation: 'v2-0116: U (a bed is vacant), O (none vacant) or C (no bed open); wards that have not reported have none',
    tokens: (location) => (location.operationalStatus ? [location.operationalStatus] : []),
  },
];

export const ORGANIZATION_SEARCH: SearchParam<OrganizationResource>[] = [
  idParam(),
  {
    name: 'identifier',
    type: 'token',
    definition: core('Organization-identifier'),
    documentation: `ODS code: ${ODS_ORGANIZATION_SYSTEM}|RX4`,
    tokens: identifiers,
  },
  {
    name: 'name',
    type: 'string',
    definition: core('Organization-name'),
    documentation: 'Trust name: starts with (case and accents ignored), or :exact, or :contains',
    strings: (organization) => [organization.name],
  },
];

/** Result parameters besides the search parameters themselves. */
export const DEFAULT_COUNT = 100;
export const MAX_COUNT = 1000;
const RESULT_PARAMS = ['_count', '_offset', '_format'];

export interface ParsedSearch<R> {
  matches: (resource: R) => boolean;
  count: number;
  offset: number;
}

export interface SearchProblem {
  code: 'invalid' | 'not-supported';
  message: string;
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function tokenMatches(value: string, tokens: Token[]): boolean {
  const bar = value.indexOf('|');
  if (bar < 0) return tokens.some((token) => token.code === value);
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  return tokens.some(
    (token) => (system === '' ? token.system === undefined : token.system === system) && (code === '' || token.code === code),
  );
}

function referenceMatches(value: string, references: string[]): boolean {
  const segments = value.split('/');
  const id = segments.at(-1) ?? '';
  const typed = segments.length > 1 ? `${segments.at(-2)}/${id}` : undefined;
  return references.some((reference) => (typed ? reference === typed : reference.split('/').at(-1) === id));
}

function stringMatches(value: string, modifier: string | undefined, strings: string[]): boolean {
  if (modifier === 'exact') return strings.includes(value);
  const wanted = fold(value);
  return strings.some((text) => (modifier === 'contains' ? fold(text).includes(wanted) : fold(text).startsWith(wanted)));
}

function oneOf<R>(param: SearchParam<R>, modifier: string | undefined, values: string[]): (resource: R) => boolean {
  switch (param.type) {
    case 'token':
      return (resource) => values.some((value) => tokenMatches(value, param.tokens(resource)));
    case 'reference':
      return (resource) => values.some((value) => referenceMatches(value, param.references(resource)));
    case 'string':
      return (resource) => values.some((value) => stringMatches(value, modifier, param.strings(resource)));
  }
}

function wholeNumber(name: string, text: string, max: number, problems: SearchProblem[]): number | undefined {
  if (!/^\d+$/.test(text) || Number(text) > max) {
    problems.push({ code: 'invalid', message: `${name} must be a whole number from 0 to ${max} (got "${text}")` });
    return undefined;
  }
  return Number(text);
}

/** Parses a query (Express's simple parser: a string, or an array when repeated). */
export function parseSearch<R>(
  query: Record<string, unknown>,
  params: readonly SearchParam<R>[],
): { ok: true; search: ParsedSearch<R> } | { ok: false; problems: SearchProblem[] } {
  const problems: SearchProblem[] = [];
  const filters: ((resource: R) => boolean)[] = [];
  let count = DEFAULT_COUNT;
  let offset = 0;
  for (const [key, raw] of Object.entries(query)) {
    const values = (Array.isArray(raw) ? raw : [raw]).map(String);
    if (RESULT_PARAMS.includes(key)) {
      const last = values.at(-1) ?? '';
      if (key === '_count') count = wholeNumber(key, last, MAX_COUNT, problems) ?? count;
      if (key === '_offset') offset = wholeNumber(key, last, Number.MAX_SAFE_INTEGER, problems) ?? offset;
      continue;
    }
    const [name = '', modifier] = key.split(':', 2);
    const param = params.find((candidate) => candidate.name === name);
    if (!param) {
      problems.push({
        code: 'not-supported',
        message: `unknown search parameter "${name}" (supported: ${[...params.map((p) => p.name), ...RESULT_PARAMS].join(', ')})`,
      });
      continue;
    }
    if (modifier !== undefined && !(param.type === 'string' && (modifier === 'exact' || modifier === 'contains'))) {
      problems.push({ code: 'not-supported', message: `modifier ":${modifier}" is not supported on search parameter "${name}"` });
      continue;
    }
    for (const value of values) {
      const alternatives = value.split(',').filter((alternative) => alternative !== '');
      if (alternatives.length === 0) {
        problems.push({ code: 'invalid', message: `search parameter "${key}" has no value` });
        continue;
      }
      filters.push(oneOf(param, modifier, alternatives));
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, search: { matches: (resource) => filters.every((filter) => filter(resource)), count, offset } };
}
