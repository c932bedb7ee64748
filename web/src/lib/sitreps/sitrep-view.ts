/**
 * Words and addresses for the sitrep pages: a return's title, its status as a tag, London times,
 * and the list's filters as they sit in the page's address and in the API's query (JSON and CSV).
 */
import {
  calendarDateSchema,
  parseScope,
  SITREP_KIND_LABELS,
  SITREP_KINDS,
  SITREP_STATUS_LABELS,
  SITREP_STATUSES,
  type SitrepField,
  type SitrepKind,
  type SitrepStatus,
  type SitrepSummary,
} from '@wardpulse/shared';
import { queryString } from '../api/api-client.js';

export const SITREPS_API = '/api/v1/sitreps';

const DATE = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** "Mon 30 Mar 2026" for a London calendar date. */
export function formatSitrepDate(date: string): string {
  // From the parts: engines differ on the comma after the weekday.
  const parts = Object.fromEntries(DATE.formatToParts(new Date(`${date}T12:00:00Z`)).map((part) => [part.type, part.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

/** "30 Mar, 14:20" on the London clock. */
export function formatLondonDateTime(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

/** "Adult mental health sitrep, Mon 30 Mar 2026 14:00". */
export function sitrepTitle(sitrep: Pick<SitrepSummary, 'kind' | 'date' | 'time'>): string {
  return `${SITREP_KIND_LABELS[sitrep.kind]}, ${formatSitrepDate(sitrep.date)} ${sitrep.time}`;
}

export type SitrepStanding = SitrepStatus | 'missing';

/** Short words on a tag (the full label is SITREP_STATUS_LABELS). */
export const SITREP_STATUS_TAGS: Record<SitrepStanding, string> = {
  unsigned: 'To sign',
  late: 'Late',
  signed: 'Signed',
  missing: 'Not assembled',
};

export function statusTone(status: SitrepStanding): 'green' | 'red' | 'grey' {
  if (status === 'signed') return 'green';
  return status === 'late' || status === 'missing' ? 'red' : 'grey';
}

export { SITREP_STATUS_LABELS };

export interface SitrepFilters {
  /** `trust:RX4`, `collaborative:nenc`, or '' for every trust this person may read. */
  scope: string;
  kind: SitrepKind | '';
  status: SitrepStatus | '';
  from: string;
  to: string;
}

export const NO_SITREP_FILTERS: SitrepFilters = { scope: '', kind: '', status: '', from: '', to: '' };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return values.find((candidate) => candidate === value) ?? '';
}

const validDate = (text: string | null) => (text !== null && calendarDateSchema.safeParse(text).success ? text : '');

export function sitrepFiltersFromSearch(search: URLSearchParams): SitrepFilters {
  const scope = search.get('scope') ?? '';
  const parsed = parseScope(scope);
  return {
    scope: parsed.ok && parsed.scope.kind !== 'ward' ? scope : '',
    kind: oneOf(SITREP_KINDS, search.get('kind')),
    status: oneOf(SITREP_STATUSES, search.get('status')),
    from: validDate(search.get('from')),
    to: validDate(search.get('to')),
  };
}

export function searchFromSitrepFilters(filters: SitrepFilters): string {
  return queryString({ ...filters });
}

/** The API's list for these filters: JSON for the page, or the CSV download. */
export function sitrepsApiPath(filters: SitrepFilters, format: 'json' | 'csv' = 'json'): string {
  const parsed = parseScope(filters.scope);
  return `${SITREPS_API}${queryString({
    trust: parsed.ok && parsed.scope.kind === 'trust' ? parsed.scope.id : null,
    collaborative: parsed.ok && parsed.scope.kind === 'collaborative' ? parsed.scope.id : null,
    kind: filters.kind,
    status: filters.status,
    from: filters.from,
    to: filters.to,
    format: format === 'csv' ? 'csv' : null,
  })}`;
}

/** The form's fields in groups a reviewer reads down, in the form's order. */
export const SITREP_FIELD_GROUPS: readonly { legend: string; fields: readonly SitrepField[] }[] = [
  {
    legend: 'Beds',
    fields: ['coreBeds', 'emptyBeds', 'closedInfectionControl', 'closedStaffing', 'closedEstates', 'closedOther'],
  },
  { legend: 'Discharges', fields: ['fitForDischarge', 'completedDischarges'] },
  {
    legend: 'Admission referrals waiting',
    fields: [
      'referralsEmergencyDepartment',
      'referralsCommunityOrHome',
      'referralsSection136Suite',
      'referralsPoliceCustody',
      'referralsAcuteWard',
      'referralsOther',
    ],
  },
  { legend: 'Section 136', fields: ['section136CoreSuites', 'section136EmptySuites', 'section136Breaches'] },
  { legend: 'Out of area', fields: ['ownPatientsPlacedOutside', 'patientsFromOutside'] },
  { legend: 'Escalation', fields: ['opelLevel'] },
];
