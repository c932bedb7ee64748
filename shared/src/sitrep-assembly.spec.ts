import { describe, expect, it } from 'vitest';
import { bedFigures } from './bed-occupancy.js';
import { DEFAULT_ESCALATION_RULE } from './escalation.js';
import { DEFAULT_FRESHNESS_LIMITS } from './freshness.js';
import type { WardBedState, WardLive } from './live.js';
import type { Ward, WardType } from './org.js';
import { emptyPlacement, type PlacementRecord } from './placements.js';
import { assembleSitrep, hasSitrepWards, type SitrepAssemblyInput, type SitrepTrustFigures } from './sitrep-assembly.js';
import { sitrepViolations } from './sitrep.js';

const AT = Date.parse('2026-03-30T13:00:00Z'); // 14:00 BST

function ward(
  id: string,
  type: WardType,
  commissionedBeds: number,
  state: Omit<WardBedState, 'commissioned' | 'observedAt' | 'eventId' | 'source' | 'override'> | null,
): WardLive {
  const definition: Ward = { id, trustOds: 'RX4', siteId: 'RX4-S1', name: id, type, sex: 'mixed', commissionedBeds };
  if (!state) return { ward: definition, state: null, figures: null };
  const full: WardBedState = {
    ...state,
    commissioned: commissionedBeds,
    observedAt: '2026-03-30T12:55:00Z',
    eventId: id,
    source: { kind: 'feed', name: null },
    override: false,
  };
  return { ward: definition, state: full, figures: bedFigures(full) };
}

// Vacant = open − occupied − on leave, never below 0 (bed-occupancy.ts):
// W1 adult acute: 20 − 2 closed (staffing) = 18 open; 18 − 16 − 1 = 1 vacant.
const W1 = ward('W1', 'adult-acute', 20, {
  closed: 2,
  closedReason: 'staffing',
  occupied: 16,
  onLeave: 1,
  pendingAdmissions: 2,
  clinicallyReadyForDischarge: 3,
});
// W2 PICU: 10 − 1 closed (infection control) = 9 open; 9 − 8 − 0 = 1 vacant.
const W2 = ward('W2', 'picu', 10, {
  closed: 1,
  closedReason: 'infection-control',
  occupied: 8,
  onLeave: 0,
  pendingAdmissions: 1,
  clinicallyReadyForDischarge: 0,
});
// W3 older adult (organic): 15 open; 15 − 15 − 2 < 0, so 0 vacant.
const W3 = ward('W3', 'older-adult-organic', 15, {
  closed: 0,
  closedReason: null,
  occupied: 15,
  onLeave: 2,
  pendingAdmissions: 0,
  clinicallyReadyForDischarge: 4,
});
// W4 CAMHS: 12 − 3 closed (no reason given: other) = 9 open; 9 − 7 − 1 = 1 vacant.
const W4 = ward('W4', 'camhs', 12, {
  closed: 3,
  closedReason: null,
  occupied: 7,
  onLeave: 1,
  pendingAdmissions: 1,
  clinicallyReadyForDischarge: 1,
});
// W5 low secure: reported separately from the regional sitrep, never counted.
const W5 = ward('W5', 'adult-secure-low', 16, {
  closed: 0,
  closedReason: null,
  occupied: 16,
  onLeave: 0,
  pendingAdmissions: 0,
  clinicallyReadyForDischarge: 0,
});

const trustFigures: SitrepTrustFigures = {
  referralsWaiting: {
    emergencyDepartment: 3,
    communityOrHome: 2,
    section136Suite: 1,
    policeCustody: 0,
    acuteWard: 1,
    other: 0,
  },
  completedDischarges: 5,
  patientsFromOutside: 2,
  section136Breaches: 1,
  observedAt: '2026-03-30T12:40:00Z',
};

function placement(id: string, startedAt: string, endedAt: string | null): PlacementRecord {
  return { ...emptyPlacement(id, 'RX4'), startedAt, startEventId: `${id}-s`, endedAt, endEventId: endedAt ? `${id}-e` : null };
}
// Two active at 13:00 UTC; one ended at 12:00 UTC; one starts after the due time.
const placements = [
  placement('P1', '2026-03-20T10:00:00Z', null),
  placement('P2', '2026-03-29T08:00:00Z', null),
  placement('P3', '2026-03-10T08:00:00Z', '2026-03-30T12:00:00Z'),
  placement('P4', '2026-03-30T13:30:00Z', null),
];

const base: SitrepAssemblyInput = {
  kind: 'adult',
  at: AT,
  wards: [W1, W2, W3, W4, W5],
  placements,
  trustFigures,
  suites: { coreBase: 3, empty: 1 },
  escalationRule: DEFAULT_ESCALATION_RULE,
  freshness: DEFAULT_FRESHNESS_LIMITS,
};

describe('assembleSitrep: completed discharges from stays', () => {
  const stayDischarges = { discharges: 4, wardsWithStays: 2, since: '2026-03-30T09:00:00.000Z' };

  it('counts the stays discharged since the previous return when the trust reports no trust figures', () => {
    // 4 stays of the trust's 2 wards sending stays were discharged between 10:00 and 14:00 BST.
    const assembled = assembleSitrep({ ...base, trustFigures: null, stayDischarges });
    expect(assembled.figures.completedDischarges).toBe(4);
    expect(assembled.sources.completedDischarges).toMatch(
      /stays of the 2 wards sending stays, since the previous return at 2026-03-30T09:00:00.000Z/,
    );
    // The other trust-level figures are not in stays: still blank for the bed manager.
    expect(assembled.figures.patientsFromOutside).toBeNull();
    expect(assembled.figures.section136Breaches).toBeNull();
  });

  it("takes the trust's own count over the stays when it reports one, and never puts discharges on the CAMHS return", () => {
    expect(assembleSitrep({ ...base, stayDischarges }).figures.completedDischarges).toBe(5);
    const camhs = assembleSitrep({ ...base, kind: 'camhs', trustFigures: null, stayDischarges });
    expect(camhs.figures.completedDischarges).toBeNull();
    // No ward sends stays: blank, as before stays.
    expect(assembleSitrep({ ...base, trustFigures: null, stayDischarges: null }).figures.completedDischarges).toBeNull();
  });
});

describe('assembleSitrep', () => {
  it('sums the adult acute pathway wards, takes the trust figures, suites and placements, and implies an OPEL level', () => {
    const assembled = assembleSitrep(base);
    expect(assembled.wards).toEqual(['W1', 'W2', 'W3']);
    expect(assembled.wardsNotReporting).toEqual([]);
    // OPEL by the default rule over W1–W3: open 18 + 9 + 15 = 42; occupancy incl. leave
    // (39 + 3) × 100 / 42 = 100% → OPEL 3 (97 ≤ 100 < 103); waiting 3 × 100 / 42 = 7.1 → 3;
    // ready for discharge 7 × 100 / 42 = 16.7 → 4; placed out of area 2 × 100 / 42 = 4.8 → 3;
    // beds closed 3 × 100 / 45 = 6.7% → 3. One indicator reaches 4 (two are needed), five reach 3: OPEL 3.
    expect(assembled.figures).toEqual({
      coreBeds: 45, // 20 + 10 + 15
      emptyBeds: 2, // 1 + 1 + 0
      closedInfectionControl: 1,
      closedStaffing: 2,
      closedEstates: 0,
      closedOther: 0,
      fitForDischarge: 7, // 3 + 0 + 4
      completedDischarges: 5,
      referralsEmergencyDepartment: 3,
      referralsCommunityOrHome: 2,
      referralsSection136Suite: 1,
      referralsPoliceCustody: 0,
      referralsAcuteWard: 1,
      referralsOther: 0,
      section136CoreSuites: 3,
      section136EmptySuites: 1,
      section136Breaches: 1,
      ownPatientsPlacedOutside: 2,
      patientsFromOutside: 2,
      opelLevel: 3,
    });
    expect(sitrepViolations(assembled.figures)).toEqual([]);
    expect(assembled.sources.emptyBeds).toContain('3 of 3 wards reporting');
    expect(assembled.sources.completedDischarges).toContain('2026-03-30T12:40:00Z');
  });

  it('counts only CAMHS wards in the CAMHS return and leaves the trust-wide figures for the bed manager', () => {
    const assembled = assembleSitrep({ ...base, kind: 'camhs', suites: { coreBase: 1, empty: 1 } });
    expect(assembled.wards).toEqual(['W4']);
    expect(assembled.figures).toMatchObject({
      coreBeds: 12,
      emptyBeds: 1,
      closedInfectionControl: 0,
      closedStaffing: 0,
      closedEstates: 0,
      closedOther: 3, // closed with no reason given
      fitForDischarge: 1,
      completedDischarges: null,
      referralsEmergencyDepartment: null,
      patientsFromOutside: null,
      section136Breaches: null,
      ownPatientsPlacedOutside: null,
      section136CoreSuites: 1,
      section136EmptySuites: 1,
    });
    // W4 alone: occupancy incl. leave 8 × 100 / 9 = 88.9 → 1; waiting 1 × 100 / 9 = 11.1 → 4;
    // ready 11.1 → 3; closed 3 × 100 / 12 = 25% → 4. Two indicators reach 4: OPEL 4.
    expect(assembled.figures.opelLevel).toBe(4);
    expect(assembled.sources.completedDischarges).toContain('enter the CAMHS figure');
    const blanks = sitrepViolations(assembled.figures).map((violation) => violation.path);
    expect(blanks).toEqual([
      'completedDischarges',
      'referralsEmergencyDepartment',
      'referralsCommunityOrHome',
      'referralsSection136Suite',
      'referralsPoliceCustody',
      'referralsAcuteWard',
      'referralsOther',
      'section136Breaches',
      'ownPatientsPlacedOutside',
      'patientsFromOutside',
    ]);
  });

  it('leaves blanks, with reasons, for what is not known: no trust figures, no suites, too few wards', () => {
    const silent = ward('W6', 'adult-acute', 18, null);
    const assembled = assembleSitrep({
      ...base,
      wards: [W1, silent, ward('W7', 'picu', 8, null)],
      trustFigures: null,
      suites: null,
    });
    // The core bed base comes from the organisation for wards that have not reported: 20 + 18 + 8.
    expect(assembled.figures.coreBeds).toBe(46);
    expect(assembled.figures.emptyBeds).toBe(1);
    expect(assembled.wardsNotReporting).toEqual(['W6', 'W7']);
    expect(assembled.sources.emptyBeds).toContain('not reporting: W6, W7');
    // 1 of 3 wards reporting is below the rule's half: no level.
    expect(assembled.figures.opelLevel).toBeNull();
    expect(assembled.figures.section136CoreSuites).toBeNull();
    expect(assembled.figures.completedDischarges).toBeNull();
    expect(assembled.sources.section136CoreSuites).toMatch(/^not known/);
    expect(sitrepViolations(assembled.figures).map((violation) => violation.path)).toContain('opelLevel');
  });

  it('counts a ward silent past its limit as not reporting (domain.md, "Freshness")', () => {
    // W2's last report is from 28 March 13:00 UTC, two days before the due time: past the 12 h limit.
    const oldW2: WardLive = { ...W2, state: { ...W2.state!, observedAt: '2026-03-28T13:00:00Z' } };
    const assembled = assembleSitrep({ ...base, wards: [W1, oldW2, W3, W4, W5] });
    expect(assembled.wardsNotReporting).toEqual(['W2']);
    expect(assembled.sources.emptyBeds).toContain('2 of 3 wards reporting; not reporting: W2');
    expect(assembled.figures).toMatchObject({
      coreBeds: 45, // 20 + 10 (W2 from the organisation) + 15
      emptyBeds: 1, // W1 1 + W3 0: W2's vacant bed is not counted
      closedInfectionControl: 0, // W2's closure is not counted either
      closedStaffing: 2,
      fitForDischarge: 7, // 3 + 4
    });
    // OPEL over W1 and W3 (2 of 3 wards reporting, at least half): open 18 + 15 = 33; occupancy incl.
    // leave (17 + 17) × 100 / 33 = 103.0 → 4; waiting 2 × 100 / 33 = 6.1 → 3; ready 7 × 100 / 33 =
    // 21.2 → 4; placed out of area 2 × 100 / 33 = 6.1 → 4; closed 2 × 100 / 35 = 5.7% → 2.
    // Three indicators reach 4 (two are needed): OPEL 4, where W2's stale figures gave OPEL 3.
    expect(assembled.figures.opelLevel).toBe(4);
  });

  it('leaves the bed figures blank when no ward of the return has reported', () => {
    const assembled = assembleSitrep({ ...base, wards: [ward('W6', 'adult-acute', 18, null)] });
    expect(assembled.figures).toMatchObject({
      coreBeds: 18,
      emptyBeds: null,
      closedInfectionControl: null,
      closedStaffing: null,
      closedEstates: null,
      closedOther: null,
      fitForDischarge: null,
      opelLevel: null,
    });
  });

  it('knows whether a trust has wards for a kind of return at all', () => {
    expect(hasSitrepWards('camhs', [W1.ward, W5.ward])).toBe(false);
    expect(hasSitrepWards('camhs', [W1.ward, W4.ward])).toBe(true);
    expect(hasSitrepWards('adult', [W5.ward])).toBe(false);
  });
});
