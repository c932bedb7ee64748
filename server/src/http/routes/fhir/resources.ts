/**
 * FHIR R4 resources built from WardPulse's organisation and live bed states: pure functions, no
 * I/O. Wards are `Location`s (physicalType `wa`) with their bed counts in an extension and a
 * ward-level operationalStatus; trusts are `Organization`s identified by ODS code; both carry the
 * UK Core profiles and NHS identifier systems. Choices and their reasons: docs/fhir.md.
 */
import { createHash } from 'node:crypto';
import type { Site, Trust, Ward, WardBedState } from '@wardpulse/shared';
import { bedFigures, WARD_TYPE_LABELS } from '@wardpulse/shared';

export const FHIR_BASE_PATH = '/fhir/r4';
export const FHIR_VERSION = '4.0.1';
export const FHIR_JSON = 'application/fhir+json';

export const ODS_ORGANIZATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const UK_CORE_LOCATION = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Location';
export const UK_CORE_ORGANIZATION = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization';
export const PHYSICAL_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
export const BED_STATUS_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0116';
export const ROLE_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
export const ORGANIZATION_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/organization-type';

/** WardPulse's own canonical namespace: code systems, identifiers and extensions it defines (docs/fhir.md). */
export const WARDPULSE_CANONICAL = 'https://wardpulse.nhs.uk/fhir';
export const WARD_TYPE_SYSTEM = `${WARDPULSE_CANONICAL}/CodeSystem/ward-type`;
export const WARD_ID_SYSTEM = `${WARDPULSE_CANONICAL}/Id/ward`;
export const BED_COUNTS_EXTENSION = `${WARDPULSE_CANONICAL}/StructureDefinition/bed-counts`;

export interface Coding {
  system?: string;
  code: string;
  display?: string;
}
export interface Identifier {
  system: string;
  value: string;
}
export interface Reference {
  reference: string;
  identifier?: Identifier;
  display?: string;
}
export interface Extension {
  url: string;
  valueUnsignedInt?: number;
  valueDecimal?: number;
  valueCode?: string;
  extension?: Extension[];
}
interface Meta {
  profile?: string[];
  lastUpdated?: string;
}

export interface LocationResource {
  resourceType: 'Location';
  id: string;
  meta: Meta;
  extension?: Extension[];
  identifier: Identifier[];
  status: 'active' | 'suspended' | 'inactive';
  operationalStatus?: Coding;
  name: string;
  description: string;
  mode: 'instance';
  type: { coding: Coding[]; text: string }[];
  physicalType: { coding: Coding[]; text: string };
  managingOrganization: Reference;
}

export interface OrganizationResource {
  resourceType: 'Organization';
  id: string;
  meta: Meta;
  identifier: Identifier[];
  active: true;
  type: { coding: Coding[] }[];
  name: string;
}

export type FhirResource = LocationResource | OrganizationResource;

/** A FHIR id is 1–64 of [A-Za-z0-9.-]; ward ids may also hold `_`, so those get a stable hashed id. */
const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;
export function fhirIdOfWard(wardId: string): string {
  if (FHIR_ID.test(wardId)) return wardId;
  return `ward-${createHash('sha256').update(wardId).digest('hex').slice(0, 40)}`;
}

/** ISO 8601 with offset → a FHIR instant in UTC. */
export function fhirInstant(time: string | number): string {
  return new Date(time).toISOString();
}

export function organizationReference(trust: Trust): Reference {
  return {
    reference: `Organization/${trust.ods}`,
    identifier: { system: ODS_ORGANIZATION_SYSTEM, value: trust.ods },
    display: trust.name,
  };
}

export function organizationResource(trust: Trust): OrganizationResource {
  return {
    resourceType: 'Organization',
    id: trust.ods,
    meta: { profile: [UK_CORE_ORGANIZATION] },
    identifier: [{ system: ODS_ORGANIZATION_SYSTEM, value: trust.ods }],
    active: true,
    type: [{ coding: [{ system: ORGANIZATION_TYPE_SYSTEM, code: 'prov', display: 'Healthcare Provider' }] }],
    name: trust.name,
  };
}

/**
 * The ward's state as one v2-0116 code: C when no bed is open, U while at least one open bed is
 * vacant, O when every open bed is occupied or held for a patient on leave.
 */
export function wardOperationalStatus(state: WardBedState): Coding {
  const figures = bedFigures(state);
  if (figures.open === 0) return { system: BED_STATUS_SYSTEM, code: 'C', display: 'Closed' };
  if (figures.vacant > 0) return { system: BED_STATUS_SYSTEM, code: 'U', display: 'Unoccupied' };
  return { system: BED_STATUS_SYSTEM, code: 'O', display: 'Occupied' };
}

/** inactive: no commissioned beds; suspended: every bed temporarily closed; otherwise active. */
export function wardStatus(ward: Ward, state: WardBedState | null): LocationResource['status'] {
  const commissioned = state?.commissioned ?? ward.commissionedBeds;
  if (commissioned === 0) return 'inactive';
  return state && bedFigures(state).open === 0 ? 'suspended' : 'active';
}

/** The ward's latest counts and derived figures (KH03 definitions) as one complex extension. */
export function bedCountsExtension(state: WardBedState): Extension {
  const figures = bedFigures(state);
  const count = (url: string, value: number): Extension => ({ url, valueUnsignedInt: value });
  const fraction = (url: string, value: number | null): Extension[] =>
    value === null ? [] : [{ url, valueDecimal: Math.round(value * 10_000) / 10_000 }];
  return {
    url: BED_COUNTS_EXTENSION,
    extension: [
      count('commissioned', state.commissioned),
      count('closed', state.closed),
      ...(state.closedReason ? [{ url: 'closedReason', valueCode: state.closedReason }] : []),
      count('open', figures.open),
      count('occupied', state.occupied),
      count('onLeave', state.onLeave),
      count('vacant', figures.vacant),
      count('pendingAdmissions', state.pendingAdmissions),
      count('clinicallyReadyForDischarge', state.clinicallyReadyForDischarge),
      ...fraction('occupancyExcludingLeave', figures.occupancyExcludingLeave),
      ...fraction('occupancyIncludingLeave', figures.occupancyIncludingLeave),
    ],
  };
}

const SEX_LABELS: Record<Ward['sex'], string> = { male: 'male', female: 'female', mixed: 'mixed-sex' };

export interface WardFacts {
  ward: Ward;
  trust: Trust;
  site: Site | undefined;
  state: WardBedState | null;
}

export function wardLocation({ ward, trust, site, state }: WardFacts): LocationResource {
  const typeLabel = WARD_TYPE_LABELS[ward.type];
  return {
    resourceType: 'Location',
    id: fhirIdOfWard(ward.id),
    meta: { profile: [UK_CORE_LOCATION], ...(state ? { lastUpdated: fhirInstant(state.observedAt) } : {}) },
    ...(state ? { extension: [bedCountsExtension(state)] } : {}),
    identifier: [{ system: WARD_ID_SYSTEM, value: ward.id }],
    status: wardStatus(ward, state),
    ...(state ? { operationalStatus: wardOperationalStatus(state) } : {}),
    name: ward.name,
    description: `${typeLabel} ${SEX_LABELS[ward.sex]} ward${site ? ` at ${site.name}` : ''}`,
    mode: 'instance',
    type: [
      {
        coding: [
          { system: ROLE_CODE_SYSTEM, code: 'PHU', display: 'Psychiatric hospital unit' },
          { system: WARD_TYPE_SYSTEM, code: ward.type, display: typeLabel },
        ],
        text: typeLabel,
      },
    ],
    physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'wa', display: 'Ward' }], text: 'Ward' },
    managingOrganization: organizationReference(trust),
  };
}

export interface SearchsetPage {
  /** Absolute URLs of this page and, when there is one, the next. */
  self: string;
  next?: string;
  total: number;
  entries: { fullUrl: string; resource: FhirResource }[];
  now: number;
}

export function searchsetBundle(page: SearchsetPage) {
  const updated = page.entries.flatMap(({ resource }) => (resource.meta.lastUpdated ? [resource.meta.lastUpdated] : []));
  return {
    resourceType: 'Bundle' as const,
    meta: { lastUpdated: updated.length > 0 ? updated.reduce((a, b) => (a > b ? a : b)) : fhirInstant(page.now) },
    type: 'searchset' as const,
    timestamp: fhirInstant(page.now),
    total: page.total,
    link: [{ relation: 'self', url: page.self }, ...(page.next ? [{ relation: 'next', url: page.next }] : [])],
    // FHIR JSON never has an empty array: no matches (or _count=0) means no entry at all.
    ...(page.entries.length > 0
      ? { entry: page.entries.map(({ fullUrl, resource }) => ({ fullUrl, resource, search: { mode: 'match' as const } })) }
      : {}),
  };
}

export type IssueCode =
  'invalid' | 'not-supported' | 'login' | 'forbidden' | 'not-found' | 'transient' | 'exception' | 'throttled';

export function operationOutcome(issues: { code: IssueCode; diagnostics: string }[]) {
  return {
    resourceType: 'OperationOutcome' as const,
    issue: issues.map((issue) => ({ severity: 'error' as const, code: issue.code, diagnostics: issue.diagnostics })),
  };
}
