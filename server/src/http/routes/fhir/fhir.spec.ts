import type { Trust, Ward, WardBedState } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import {
  bedCountsExtension,
  fhirIdOfWard,
  wardLocation,
  wardOperationalStatus,
  wardStatus,
  type LocationResource,
} from './resources.js';
import { LOCATION_SEARCH, parseSearch } from './search.js';

const trust: Trust = { ods: 'RX4', name: 'Cumbria, Northumberland, Tyne and Wear NHS FT' };
const ward = (id: string, type: Ward['type'], name: string): Ward => ({
  id,
  trustOds: 'RX4',
  siteId: 'RX4-S1',
  name,
  type,
  sex: 'mixed',
  commissionedBeds: 10,
});
const state = (counts: Partial<WardBedState>): WardBedState => ({
  commissioned: 10,
  closed: 0,
  closedReason: null,
  source: { kind: 'feed', name: null },
  override: false,
  occupied: 0,
  onLeave: 0,
  pendingAdmissions: 0,
  clinicallyReadyForDischarge: 0,
  observedAt: '2026-11-26T08:00:00+01:00',
  eventId: 'e',
  ...counts,
});
const locations: LocationResource[] = [
  wardLocation({ ward: ward('RX4-W01', 'picu', 'Ébor Ward'), trust, site: undefined, state: state({ occupied: 10 }) }),
  wardLocation({ ward: ward('RX4-W02', 'adult-acute', 'Oak Ward'), trust, site: undefined, state: state({ occupied: 3 }) }),
  wardLocation({ ward: ward('RX4_W03', 'adult-acute', 'Elm Ward'), trust, site: undefined, state: null }),
];

function search(query: Record<string, string | string[]>): string[] {
  const parsed = parseSearch(query, LOCATION_SEARCH);
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => problem.message).join('; '));
  return locations.filter(parsed.search.matches).map((location) => location.identifier[0]!.value);
}

describe('FHIR Location search', () => {
  it('matches tokens by code, system|code, |code and system|', () => {
    expect(search({ type: 'picu' })).toEqual(['RX4-W01']);
    expect(search({ type: 'https://wardpulse.nhs.uk/fhir/CodeSystem/ward-type|adult-acute' })).toEqual(['RX4-W02', 'RX4_W03']);
    expect(search({ type: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode|' })).toHaveLength(3);
    expect(search({ status: '|active' })).toHaveLength(3);
    expect(search({ type: 'other-system|picu' })).toEqual([]);
  });

  it('ORs commas and ANDs repeated parameters', () => {
    expect(search({ 'operational-status': 'O,U' })).toEqual(['RX4-W01', 'RX4-W02']);
    expect(search({ type: ['adult-acute', 'PHU'], 'operational-status': 'U' })).toEqual(['RX4-W02']);
  });

  it('matches references by id, Type/id or absolute URL', () => {
    for (const value of ['RX4', 'Organization/RX4', 'https://example.org/fhir/r4/Organization/RX4'])
      expect(search({ organization: value })).toHaveLength(3);
    expect(search({ organization: 'Location/RX4' })).toEqual([]);
  });

  it('matches names from the start, ignoring case and accents, or exactly, or anywhere', () => {
    expect(search({ name: 'ebor' })).toEqual(['RX4-W01']);
    expect(search({ 'name:exact': 'Oak Ward' })).toEqual(['RX4-W02']);
    expect(search({ 'name:exact': 'oak ward' })).toEqual([]);
    expect(search({ 'name:contains': 'LM' })).toEqual(['RX4_W03']);
  });

  it('refuses unknown parameters and modifiers, and bad paging, naming them', () => {
    const parsed = parseSearch({ organisation: 'RX4', 'type:text': 'x', _count: '-1', _sort: 'name' }, LOCATION_SEARCH);
    expect(parsed.ok).toBe(false);
    const messages = parsed.ok ? [] : parsed.problems.map((problem) => problem.message);
    expect(messages).toEqual([
      expect.stringContaining('"organisation"'),
      expect.stringContaining(':text'),
      expect.stringContaining('_count'),
      expect.stringContaining('"_sort"'),
    ]);
  });

  it('gives wards whose ids are not FHIR ids a stable id of their own', () => {
    expect(fhirIdOfWard('RX4-W01')).toBe('RX4-W01');
    expect(fhirIdOfWard('RX4_W03')).toMatch(/^ward-[0-9a-f]{40}$/);
    expect(fhirIdOfWard('RX4_W03')).toBe(locations[2]!.id);
  });
});

const oak = ward('RX4-W02', 'adult-acute', 'Oak Ward');

describe('ward Location status', () => {
  it('is U while a bed is vacant, O when beds held for leave fill the rest, C when none is open', () => {
    expect(wardOperationalStatus(state({ occupied: 9 })).code).toBe('U');
    expect(wardOperationalStatus(state({ occupied: 8, onLeave: 2 })).code).toBe('O');
    // Leave beds reused: occupied + on leave above open beds is still just full.
    expect(wardOperationalStatus(state({ occupied: 10, onLeave: 3 })).code).toBe('O');
    expect(wardOperationalStatus(state({ closed: 10 })).code).toBe('C');
  });

  it('is active, suspended with every bed closed, inactive with no commissioned beds', () => {
    expect(wardStatus(oak, null)).toBe('active');
    expect(wardStatus(oak, state({ closed: 10, closedReason: 'estates' }))).toBe('suspended');
    expect(wardStatus({ ...oak, commissionedBeds: 0 }, null)).toBe('inactive');
    expect(wardStatus(oak, state({ commissioned: 0 }))).toBe('inactive');
  });

  it('carries the KH03 counts and occupancy (undefined occupancy left out)', () => {
    const parts = bedCountsExtension(state({ closed: 10, closedReason: 'staffing' })).extension!;
    expect(Object.fromEntries(parts.map((part) => [part.url, part.valueUnsignedInt ?? part.valueCode]))).toMatchObject({
      commissioned: 10,
      closed: 10,
      closedReason: 'staffing',
      open: 0,
      vacant: 0,
    });
    expect(parts.some((part) => part.url.startsWith('occupancy'))).toBe(false);
  });
});
