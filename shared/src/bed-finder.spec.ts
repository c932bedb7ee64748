import { describe, expect, it } from 'vitest';
import { bedFigures } from './bed-occupancy.js';
import {
  alternativesWhenNoBed,
  crisisAgeGroupFor,
  describeFreeAlternative,
  findVacantBeds,
  noBedHeadline,
  wardAdmits,
  type BedFinderQuery,
} from './bed-finder.js';
import type { CrisisServiceLive } from './crisis-capacity.js';
import { DEFAULT_FRESHNESS_LIMITS, type FreshnessLimits } from './freshness.js';
import type { WardBedState, WardLive } from './live.js';
import { OrgIndex } from './org-index.js';
import type { Ward } from './org.js';

function ward(id: string, overrides: Partial<Ward> = {}): Ward {
  return {
    id,
    trustOds: 'RX4',
    siteId: 'RX4-S1',
    name: `${id} Ward`,
    type: 'adult-acute',
    sex: 'male',
    commissionedBeds: 20,
    ...overrides,
  };
}

function live(w: Ward, counts: Partial<WardBedState> | null): WardLive {
  if (counts === null) return { ward: w, state: null, figures: null };
  const state: WardBedState = {
    commissioned: w.commissionedBeds,
    closed: 0,
    closedReason: null,
    source: { kind: 'feed', name: null },
    override: false,
    occupied: w.commissionedBeds,
    onLeave: 0,
    pendingAdmissions: 0,
    clinicallyReadyForDischarge: 0,
    observedAt: '2026-11-18T10:00:00Z',
    eventId: `evt-${w.id}`,
    ...counts,
  };
  return { ward: w, state, figures: bedFigures(state) };
}

const org = new OrgIndex({
  regions: [],
  collaboratives: [
    { id: 'nenc', name: 'North East and North Cumbria', kind: 'place-based', trustOds: ['RX3', 'RX4'], serviceLines: {} },
  ],
  trusts: [
    { ods: 'RX3', name: 'Tees, Esk and Wear Valleys NHS FT' },
    { ods: 'RX4', name: 'Cumbria, Northumberland, Tyne and Wear NHS FT' },
  ],
  sites: [
    { id: 'RX3-S1', trustOds: 'RX3', name: 'Roseberry Park' },
    { id: 'RX4-S1', trustOds: 'RX4', name: 'St Nicholas Hospital' },
  ],
  wards: [],
  s136Suites: [],
  crisisServices: [],
});

describe('wardAdmits', () => {
  const male = ward('M', { sex: 'male' });
  const female = ward('F', { sex: 'female' });
  const mixed = ward('X', { sex: 'mixed' });

  it('admits a patient to a ward of their own sex or a mixed ward, not the other sex', () => {
    const admits = (query: BedFinderQuery) => [male, female, mixed].filter((w) => wardAdmits(w, query)).map((w) => w.id);
    expect(admits({ patientSex: 'male' })).toEqual(['M', 'X']);
    expect(admits({ patientSex: 'female' })).toEqual(['F', 'X']);
    expect(admits({})).toEqual(['M', 'F', 'X']);
  });

  it('admits only wards of the type asked for', () => {
    const picu = ward('P', { type: 'picu', sex: 'mixed' });
    expect(wardAdmits(picu, { wardType: 'picu' })).toBe(true);
    expect(wardAdmits(picu, { wardType: 'adult-acute' })).toBe(false);
    expect(wardAdmits(picu, { wardType: 'picu', patientSex: 'female' })).toBe(true);
    expect(wardAdmits(ward('Q', { type: 'picu', sex: 'male' }), { wardType: 'picu', patientSex: 'female' })).toBe(false);
  });
});

// Reports below are from 18 Nov 2026 about 10:00 UTC (or 1 Jul for the offset test); each search is
// made within the 12 h limit of them unless the test says otherwise.
const NOV_NOON = Date.parse('2026-11-18T12:00:00Z');
const JUL_NOON = Date.parse('2026-07-01T12:00:00Z');
const LIMITS: FreshnessLimits = DEFAULT_FRESHNESS_LIMITS;

describe('findVacantBeds', () => {
  it('lists wards with a vacant bed, most vacant first, then the freshest report', () => {
    const rows = findVacantBeds(
      [
        live(ward('RX4-W1'), { occupied: 18 }), // 2 vacant, 10:00
        live(ward('RX4-W2'), { occupied: 15, onLeave: 2 }), // 20 − 15 − 2 = 3 vacant
        live(ward('RX3-W1', { trustOds: 'RX3', siteId: 'RX3-S1' }), { occupied: 18, observedAt: '2026-11-18T10:30:00Z' }), // 2 vacant, 10:30
        live(ward('RX4-W3'), { occupied: 20 }), // full
        live(ward('RX4-W4'), { occupied: 16, onLeave: 4 }), // full: the 4 empty beds are held for patients on leave
        live(ward('RX4-W5'), null), // not reported
      ],
      org,
      { patientSex: 'male' },
      NOV_NOON,
      LIMITS,
    );
    expect(rows.map((row) => [row.ward.id, row.vacant, row.observedAt])).toEqual([
      ['RX4-W2', 3, '2026-11-18T10:00:00Z'],
      ['RX3-W1', 2, '2026-11-18T10:30:00Z'],
      ['RX4-W1', 2, '2026-11-18T10:00:00Z'],
    ]);
    expect(rows[1]).toMatchObject({ trustName: 'Tees, Esk and Wear Valleys NHS FT', siteName: 'Roseberry Park' });
  });

  it('compares freshness as instants, whatever the offset, and breaks full ties by ward id', () => {
    const rows = findVacantBeds(
      [
        live(ward('RX4-W9'), { occupied: 19, observedAt: '2026-07-01T11:00:00+01:00' }), // 10:00Z
        live(ward('RX4-W8'), { occupied: 19, observedAt: '2026-07-01T10:30:00Z' }),
        live(ward('RX4-W7'), { occupied: 19, observedAt: '2026-07-01T10:00:00Z' }),
        live(ward('RX4-W6'), { occupied: 19, observedAt: '2026-07-01T10:00:00Z' }),
      ],
      org,
      {},
      JUL_NOON,
      LIMITS,
    );
    expect(rows.map((row) => row.ward.id)).toEqual(['RX4-W8', 'RX4-W6', 'RX4-W7', 'RX4-W9']);
  });

  it('leaves out wards that do not admit the patient', () => {
    const rows = findVacantBeds(
      [
        live(ward('RX4-W1', { sex: 'female' }), { occupied: 10 }),
        live(ward('RX4-W2', { sex: 'mixed', type: 'picu' }), { occupied: 5 }),
        live(ward('RX4-W3', { sex: 'male', type: 'picu' }), { occupied: 5 }),
      ],
      org,
      { patientSex: 'female', wardType: 'picu' },
      NOV_NOON,
      LIMITS,
    );
    expect(rows.map((row) => row.ward.id)).toEqual(['RX4-W2']);
  });

  it('counts no vacancy on a ward whose beds are all closed', () => {
    expect(
      findVacantBeds([live(ward('RX4-W1'), { closed: 20, closedReason: 'estates', occupied: 0 })], org, {}, NOV_NOON, LIMITS),
    ).toEqual([]);
  });

  it('falls back to codes when the trust or site is not in the directory', () => {
    const [row] = findVacantBeds(
      [live(ward('RV5-W1', { trustOds: 'RV5', siteId: 'RV5-S9' }), { occupied: 1 })],
      org,
      {},
      NOV_NOON,
      LIMITS,
    );
    expect(row).toMatchObject({ trustName: 'RV5', siteName: 'RV5-S9', vacant: 19 });
  });

  it('offers no bed on a ward not reporting: a days-old PICU vacancy is no vacancy (domain.md, "Freshness")', () => {
    const picu = (id: string) => ward(id, { type: 'picu', sex: 'mixed', commissionedBeds: 10 });
    const wards = [
      live(picu('RX4-P1'), { commissioned: 10, occupied: 7, observedAt: '2026-11-16T09:00:00Z' }), // 3 vacant, 2 days old
      live(picu('RX4-P2'), { commissioned: 10, occupied: 9, observedAt: '2026-11-18T00:00:00Z' }), // 1 vacant, exactly 12 h old
      live(picu('RX4-P3'), { commissioned: 10, occupied: 8, observedAt: '2026-11-18T11:00:00Z' }), // 2 vacant, 1 h old
    ];
    // At 12:00 on the 18th: P1 is 51 h old (out), P2 is exactly at the 12 h limit (in), P3 is in.
    expect(findVacantBeds(wards, org, { wardType: 'picu' }, NOV_NOON, LIMITS).map((row) => [row.ward.id, row.vacant])).toEqual([
      ['RX4-P3', 2],
      ['RX4-P2', 1],
    ]);
    // A second later P2 is out too; with PICU's limit set to 30 min only P3 (1 h old) would be out as well.
    expect(findVacantBeds(wards, org, { wardType: 'picu' }, NOV_NOON + 1000, LIMITS).map((row) => row.ward.id)).toEqual([
      'RX4-P3',
    ]);
    const picuHalfHour: FreshnessLimits = { ...LIMITS, byWardType: { picu: 30 * 60_000 } };
    expect(findVacantBeds(wards, org, { wardType: 'picu' }, NOV_NOON, picuHalfHour)).toEqual([]);
  });
});

describe('alternativesWhenNoBed (docs/measures.md, "Alternatives to admission")', () => {
  const NOW = Date.parse('2026-11-18T12:00:00Z');
  const crisisHouse: CrisisServiceLive = {
    service: {
      id: 'RX4-CR-1',
      trustOds: 'RX4',
      siteId: 'RX4-S1',
      name: 'Haven House',
      kind: 'crisis-house',
      ageGroup: 'adult',
      commissionedCapacity: 6,
    },
    report: {
      eventId: 'c1',
      serviceId: 'RX4-CR-1',
      observedAt: '2026-11-18T11:00:00Z',
      capacity: 6,
      closed: 1,
      inUse: 3,
    },
  };
  const cypTeam: CrisisServiceLive = {
    service: {
      ...crisisHouse.service,
      id: 'RX4-CR-4',
      name: 'CYP home treatment team',
      kind: 'home-treatment-team',
      ageGroup: 'cyp',
    },
    report: { ...crisisHouse.report!, eventId: 'c4', serviceId: 'RX4-CR-4', capacity: 12, closed: 0, inUse: 11 },
  };
  const services = [crisisHouse, cypTeam];
  const full = [live(ward('A', { type: 'adult-acute' }), { occupied: 20 })];
  const rowsFor = (query: BedFinderQuery) => findVacantBeds(full, org, query, NOW, DEFAULT_FRESHNESS_LIMITS);
  const offered = (query: BedFinderQuery, rows = rowsFor(query)) =>
    alternativesWhenNoBed(rows, services, query, NOW, DEFAULT_FRESHNESS_LIMITS).map(describeFreeAlternative);

  it('says which alternatives of the ward type’s age group have free places when no bed is free', () => {
    // Haven House: 6 − 1 closed − 3 in use = 2 free.
    expect(offered({ wardType: 'adult-acute' })).toEqual(['2 crisis house places free at Haven House']);
    expect(noBedHeadline({ wardType: 'adult-acute' })).toBe('No adult acute bed free');
    // CAMHS inpatient looks to CYP services: 12 − 0 − 11 = 1 caseload slot.
    expect(offered({ wardType: 'camhs' })).toEqual(['1 home treatment team caseload slot free at CYP home treatment team']);
    // No type searched: every alternative, most free first.
    expect(offered({})).toHaveLength(2);
    expect(noBedHeadline({})).toBe('No bed free');
  });

  it('offers nothing when a bed is free, or for a ward type no crisis service replaces', () => {
    const vacant = findVacantBeds(
      [live(ward('B', { type: 'adult-acute' }), { occupied: 18 })],
      org,
      { wardType: 'adult-acute' },
      NOW,
      DEFAULT_FRESHNESS_LIMITS,
    );
    expect(vacant).toHaveLength(1);
    expect(offered({ wardType: 'adult-acute' }, vacant)).toEqual([]);
    expect(crisisAgeGroupFor('picu')).toBeNull();
    expect(offered({ wardType: 'picu' })).toEqual([]);
    expect(crisisAgeGroupFor('older-adult-organic')).toBe('older-adult');
  });
});
