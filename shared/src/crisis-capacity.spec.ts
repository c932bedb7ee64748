import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  crisisCapacityReportSchema,
  crisisCapacityViolations,
  crisisFigures,
  crisisOverCapacity,
  crisisServicesLive,
  freeAlternatives,
  freeCrisisCapacity,
  isNewerCrisisCapacityReport,
  type CrisisCapacityReport,
  type CrisisServiceLive,
} from './crisis-capacity.js';
import { zodIssuesToDetails } from './errors.js';
import { DEFAULT_FRESHNESS_LIMITS } from './freshness.js';
import type { CrisisService } from './org.js';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const HOUR = 3_600_000;

function service(id: string, overrides: Partial<CrisisService> = {}): CrisisService {
  return {
    id,
    trustOds: 'RX4',
    siteId: 'RX4-S1',
    name: `${id} service`,
    kind: 'crisis-house',
    ageGroup: 'adult',
    commissionedCapacity: 6,
    ...overrides,
  };
}

function report(serviceId: string, counts: Partial<CrisisCapacityReport> = {}): CrisisCapacityReport {
  return {
    eventId: `e-${serviceId}`,
    serviceId,
    observedAt: '2026-12-07T11:00:00Z',
    capacity: 6,
    inUse: 4,
    closed: 0,
    ...counts,
  };
}

const house = service('RX4-CR-1');
const team = service('RX4-CR-2', { kind: 'home-treatment-team', commissionedCapacity: 25 });

const problems = (input: unknown, of: CrisisService = house) => {
  const parsed = crisisCapacityReportSchema.safeParse(input);
  return parsed.success ? crisisCapacityViolations(parsed.data, of, NOW) : zodIssuesToDetails(parsed.error.issues);
};

describe('crisisCapacityReportSchema and crisisCapacityViolations', () => {
  it('accepts a report whose places add up', () => {
    expect(problems(report('RX4-CR-1'))).toEqual([]);
    // 6 places, 1 closed, 5 in use: every open place filled, none over.
    expect(problems(report('RX4-CR-1', { closed: 1, inUse: 5 }))).toEqual([]);
  });

  it('names a missing or malformed field (400)', () => {
    expect(problems({ ...report('RX4-CR-1'), inUse: undefined }).map((d) => d.path)).toEqual(['inUse']);
    expect(problems(report('RX4-CR-1', { capacity: -1 }))).toEqual([{ path: 'capacity', message: 'must not be negative' }]);
    expect(problems(report('RX4-CR-1', { inUse: 1.5 }))).toEqual([{ path: 'inUse', message: 'must be a whole number' }]);
    expect(problems({ ...report('RX4-CR-1'), occupied: 3 })).toEqual([
      { path: 'occupied', message: 'is not a recognised field' },
    ]);
  });

  it('refuses what cannot be true (422): future time, more closed than capacity, a place filled twice', () => {
    expect(problems(report('RX4-CR-1', { observedAt: '2026-12-07T12:06:00Z' }))).toEqual([
      { path: 'observedAt', message: 'is more than 5 minutes in the future' },
    ]);
    expect(problems(report('RX4-CR-1', { closed: 7, inUse: 0 }))).toEqual([
      { path: 'closed', message: 'is more than capacity (6)' },
    ]);
    // 6 places less 2 closed = 4 open; 5 in use cannot be.
    expect(problems(report('RX4-CR-1', { closed: 2, inUse: 5 }))).toEqual([
      { path: 'inUse', message: 'is more than the open places (capacity 6 less 2 closed): a place holds one person' },
    ]);
  });

  it('lets a home treatment team carry more than its caseload capacity (it runs over), never more closed than capacity', () => {
    expect(problems(report('RX4-CR-2', { capacity: 25, inUse: 28 }), team)).toEqual([]);
    expect(problems(report('RX4-CR-2', { capacity: 25, closed: 26, inUse: 0 }), team).map((d) => d.path)).toEqual(['closed']);
  });

  it('never throws and accepts only reports whose free capacity fits inside it (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.record({
          eventId: fc.oneof(fc.string(), fc.constant('e1')),
          serviceId: fc.oneof(fc.string(), fc.constant('RX4-CR-1')),
          observedAt: fc.oneof(fc.string(), fc.constant('2026-12-07T11:00:00Z')),
          capacity: fc.oneof(fc.integer({ min: -3, max: 40 }), fc.double(), fc.string()),
          inUse: fc.oneof(fc.integer({ min: -3, max: 40 }), fc.double()),
          closed: fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constant(null)),
        }),
        fc.constantFrom(house, team),
        (input, of) => {
          const parsed = crisisCapacityReportSchema.safeParse(input);
          if (!parsed.success || crisisCapacityViolations(parsed.data, of, NOW).length > 0) return;
          const free = freeCrisisCapacity(parsed.data);
          expect(free).toBeGreaterThanOrEqual(0);
          expect(free + parsed.data.closed).toBeLessThanOrEqual(parsed.data.capacity);
          if (of.kind === 'crisis-house') expect(crisisOverCapacity(parsed.data)).toBe(0);
        },
      ),
    );
  });
});

describe('freeCrisisCapacity and crisisOverCapacity (docs/measures.md, "Alternatives to admission")', () => {
  it('is capacity − closed − in use, never below 0', () => {
    // Crisis house: 6 places − 1 closed − 3 in use = 2 free.
    expect(freeCrisisCapacity({ capacity: 6, closed: 1, inUse: 3 })).toBe(2);
    // Team: caseload capacity 25 − 0 closed − 28 on caseload = −3 → 0 free, 3 over capacity.
    expect(freeCrisisCapacity({ capacity: 25, closed: 0, inUse: 28 })).toBe(0);
    expect(crisisOverCapacity({ capacity: 25, closed: 0, inUse: 28 })).toBe(3);
    // Team with 5 slots closed (staff off): 25 − 5 − 18 = 2 free, none over.
    expect(freeCrisisCapacity({ capacity: 25, closed: 5, inUse: 18 })).toBe(2);
    expect(crisisOverCapacity({ capacity: 25, closed: 5, inUse: 18 })).toBe(0);
  });
});

describe('isNewerCrisisCapacityReport', () => {
  it('takes the later source time, whatever the arrival order', () => {
    const older = report('RX4-CR-1', { eventId: 'b', observedAt: '2026-12-07T10:00:00Z' });
    const newer = report('RX4-CR-1', { eventId: 'a', observedAt: '2026-12-07T11:00:00Z' });
    expect(isNewerCrisisCapacityReport(newer, older)).toBe(true);
    expect(isNewerCrisisCapacityReport(older, newer)).toBe(false);
    expect(isNewerCrisisCapacityReport(older, null)).toBe(true);
  });
});

describe('crisisFigures', () => {
  const dayService = service('RX4-CR-3', { kind: 'crisis-day-service', commissionedCapacity: 12 });
  const staleHouse = service('RX4-CR-4');
  const silentTeam = service('RX4-CR-5', { kind: 'home-treatment-team', commissionedCapacity: 20 });
  const overTeam = service('RX4-CR-6', { kind: 'home-treatment-team', commissionedCapacity: 25 });
  const reports = new Map<string, CrisisCapacityReport>([
    ['RX4-CR-1', report('RX4-CR-1', { capacity: 6, closed: 1, inUse: 3 })],
    ['RX4-CR-2', report('RX4-CR-2', { capacity: 25, closed: 5, inUse: 18 })],
    ['RX4-CR-3', report('RX4-CR-3', { capacity: 12, closed: 0, inUse: 12 })],
    // 13 h old: past the 12 h not-reporting limit (freshness.ts), so left out.
    ['RX4-CR-4', report('RX4-CR-4', { observedAt: new Date(NOW - 13 * HOUR).toISOString(), capacity: 6, inUse: 0 })],
    ['RX4-CR-6', report('RX4-CR-6', { capacity: 25, closed: 0, inUse: 28 })],
  ]);
  const services = crisisServicesLive([house, team, dayService, staleHouse, silentTeam, overTeam], reports);

  it('sums each kind over the services reporting, free as the sum of each service’s free capacity', () => {
    const figures = crisisFigures(services, NOW, DEFAULT_FRESHNESS_LIMITS);
    expect(figures.byKind).toEqual([
      // Houses: CR-1 reports (6 − 1 − 3 = 2 free); CR-4 is 13 h old and adds nothing.
      { kind: 'crisis-house', services: 2, reporting: 1, capacity: 6, closed: 1, inUse: 3, free: 2, overCapacity: 0 },
      // Day service: 12 − 0 − 12 = 0 free.
      { kind: 'crisis-day-service', services: 1, reporting: 1, capacity: 12, closed: 0, inUse: 12, free: 0, overCapacity: 0 },
      // Teams: CR-2 has 25 − 5 − 18 = 2 free; CR-6 has 25 − 0 − 28 → 0 free and 3 over; CR-5 never reported.
      // Free is 2 + 0 = 2, not (50 − 5 − 46) = −1: one team's overrun does not cancel another's free slots.
      { kind: 'home-treatment-team', services: 3, reporting: 2, capacity: 50, closed: 5, inUse: 46, free: 2, overCapacity: 3 },
    ]);
    expect(figures.notReporting).toEqual({ count: 2, serviceIds: ['RX4-CR-4', 'RX4-CR-5'] });
  });

  it('counts a report exactly at the limit, and drops it a millisecond later', () => {
    const atLimit: CrisisServiceLive[] = [
      { service: house, report: report('RX4-CR-1', { observedAt: new Date(NOW - 12 * HOUR).toISOString(), inUse: 1 }) },
    ];
    expect(crisisFigures(atLimit, NOW, DEFAULT_FRESHNESS_LIMITS).byKind[0]?.free).toBe(5);
    expect(crisisFigures(atLimit, NOW + 1, DEFAULT_FRESHNESS_LIMITS).byKind[0]?.free).toBe(0);
    expect(crisisFigures(atLimit, NOW + 1, DEFAULT_FRESHNESS_LIMITS).notReporting.count).toBe(1);
  });

  it('lists only the kinds a scope has', () => {
    expect(crisisFigures([], NOW, DEFAULT_FRESHNESS_LIMITS)).toEqual({ byKind: [], notReporting: { count: 0, serviceIds: [] } });
  });

  it('freeAlternatives lists reporting services with free capacity, most first, of one age group if asked', () => {
    const cypTeam = service('RX4-CR-7', { kind: 'home-treatment-team', ageGroup: 'cyp', commissionedCapacity: 12 });
    const withCyp = [
      ...services,
      { service: cypTeam, report: report('RX4-CR-7', { capacity: 12, inUse: 9, observedAt: '2026-12-07T11:30:00Z' }) },
    ];
    // CYP team: 12 − 0 − 9 = 3 free; CR-1 and CR-2 both 2 free, same report time, so by id.
    expect(freeAlternatives(withCyp, NOW, DEFAULT_FRESHNESS_LIMITS).map((row) => [row.service.id, row.free])).toEqual([
      ['RX4-CR-7', 3],
      ['RX4-CR-1', 2],
      ['RX4-CR-2', 2],
    ]);
    expect(freeAlternatives(withCyp, NOW, DEFAULT_FRESHNESS_LIMITS, 'cyp').map((row) => row.service.id)).toEqual(['RX4-CR-7']);
    // The 13 h old house had 6 free but is not reporting: not offered.
    expect(freeAlternatives(withCyp, NOW, DEFAULT_FRESHNESS_LIMITS, 'adult').map((row) => row.service.id)).toEqual([
      'RX4-CR-1',
      'RX4-CR-2',
    ]);
  });
});
