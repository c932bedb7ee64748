import {
  FAR_FROM_HOME_KM,
  isActive,
  mergePlacementEvent,
  placementEventSchema,
  placementViolations,
  type PlacementEvent,
  type PlacementRecord,
} from '@wardpulse/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoOrganisation } from '../demo/demo-organisations.js';
import { seededRandom, type Random } from '../demo/random.js';
import {
  PLACEMENT_TUNING,
  SIMULATED_PLACEMENT_PREFIX,
  bedPressure,
  needsPlacement,
  newPlacementDetails,
  nextPlacementEvents,
  placementBedTypeOf,
  correctedDetails,
  seedPlacements,
  withEvents,
  type BedTypePressure,
  type PlacementContext,
} from './placement-movement.js';
import { initialWardState, nextWardState, type SimulatedWardState } from './ward-movement.js';

const org = demoOrganisation();
const NHS = org.trusts.filter((trust) => trust.ods !== 'RX4');
const NOW = Date.parse('2026-11-25T10:00:00Z');
const TICK = 5_000;
const DAY = 86_400_000;

function context(random: Random, now: number, trustOds = 'RX4'): PlacementContext {
  let next = 0;
  return { trustOds, now, random, newId: () => `id-${now}-${next++}`, nhsProviders: NHS };
}

/** Checks events as the ingest would, folding each accepted one into the records; returns the problems. */
function apply(records: Map<string, PlacementRecord>, events: readonly PlacementEvent[], now: number): string[] {
  const found: string[] = [];
  for (const event of events) {
    const shape = placementEventSchema.safeParse(event);
    if (!shape.success) found.push(...shape.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
    const known = records.get(event.placementId) ?? null;
    found.push(...placementViolations(event, known, now).map((violation) => `${violation.path}: ${violation.message}`));
    if (Date.parse(event.occurredAt) > now) found.push(`${event.event} in the future`);
    if (event.event === 'started' && known) found.push('a second start');
    if (event.event === 'ended' && (!known || known.startedAt === null)) found.push('an end without a start');
    if (event.event === 'ended' && known?.endedAt) found.push('a second end');
    if (event.event === 'updated' && (!known || known.endedAt !== null)) found.push('an update of a placement not active');
    if (!event.placementId.startsWith(SIMULATED_PLACEMENT_PREFIX)) found.push('not a simulator placement id');
    const merged = mergePlacementEvent(known, event);
    if (merged.startedAt && merged.endedAt && Date.parse(merged.endedAt) < Date.parse(merged.startedAt))
      found.push('ended before it started');
    records.set(event.placementId, merged);
  }
  return found;
}

const pressureArbitrary = fc.array(
  fc.record({
    vacant: fc.integer({ min: 0, max: 3 }),
    pendingAdmissions: fc.integer({ min: 0, max: 6 }),
    wards: fc.integer({ min: 0, max: 4 }),
  }),
  { minLength: 3, maxLength: 3 },
);

function toPressure(entries: readonly { vacant: number; pendingAdmissions: number; wards: number }[]): BedTypePressure[] {
  return (['adult-acute', 'older-adult-acute', 'picu'] as const).map((bedType, index) => ({ bedType, ...entries[index]! }));
}

describe('placementBedTypeOf and bedPressure', () => {
  it('map ward types to the national OAP bed types: adult acute, older adult acute (functional and organic), PICU', () => {
    expect(placementBedTypeOf('adult-acute')).toBe('adult-acute');
    expect(placementBedTypeOf('older-adult-functional')).toBe('older-adult-acute');
    expect(placementBedTypeOf('older-adult-organic')).toBe('older-adult-acute');
    expect(placementBedTypeOf('picu')).toBe('picu');
    expect(placementBedTypeOf('camhs')).toBeNull();
    expect(placementBedTypeOf('adult-secure-low')).toBeNull();
  });

  it('count vacant beds (shared vacantBeds) and pending admissions per bed type; a placement is needed only with none vacant and someone waiting', () => {
    const full = { commissioned: 20, closed: 0, occupied: 19, onLeave: 1, pendingAdmissions: 2, clinicallyReadyForDischarge: 0 };
    const pressure = bedPressure([
      { type: 'adult-acute', state: full },
      { type: 'adult-acute', state: { ...full, pendingAdmissions: 1 } },
      { type: 'older-adult-organic', state: { ...full, occupied: 17 } },
      { type: 'camhs', state: { ...full, occupied: 0 } },
    ]);
    expect(pressure).toEqual([
      { bedType: 'adult-acute', wards: 2, vacant: 0, pendingAdmissions: 3 },
      { bedType: 'older-adult-acute', wards: 1, vacant: 2, pendingAdmissions: 2 },
      { bedType: 'picu', wards: 0, vacant: 0, pendingAdmissions: 0 },
    ]);
    expect(pressure.map(needsPlacement)).toEqual([true, false, false]);
    expect(needsPlacement({ bedType: 'picu', wards: 1, vacant: 0, pendingAdmissions: 0 })).toBe(false);
  });
});

describe('newPlacementDetails', () => {
  const random = seededRandom('details');
  const many = Array.from({ length: 10_000 }, () => newPlacementDetails(random, 'adult-acute', random() < 0.1, NHS));

  it('put about 57% more than 100 km from home (domain.md), all within UK distances', () => {
    const far = many.filter((details) => details.distanceKm > FAR_FROM_HOME_KM).length / many.length;
    expect(far).toBeGreaterThan(0.52);
    expect(far).toBeLessThan(0.62);
    for (const details of many) {
      expect(details.distanceKm).toBeGreaterThanOrEqual(8);
      expect(details.distanceKm).toBeLessThanOrEqual(700);
    }
  });

  it('cost about £500–£1,000 a day, the independent sector dearer', () => {
    const mean = (sector: string) => {
      const costs = many.filter((details) => details.receivingProvider.sector === sector).map((details) => details.dailyCost);
      return costs.reduce((sum, cost) => sum + cost, 0) / costs.length;
    };
    for (const details of many) {
      expect(details.dailyCost).toBeGreaterThanOrEqual(480);
      expect(details.dailyCost).toBeLessThanOrEqual(1_000);
    }
    expect(mean('independent')).toBeGreaterThan(mean('nhs') + 100);
  });

  it('send to a mix of other NHS trusts (with their ODS codes) and independent-sector providers', () => {
    const nhs = many.filter((details) => details.receivingProvider.sector === 'nhs');
    expect(nhs.length / many.length).toBeGreaterThan(0.25);
    expect(nhs.length / many.length).toBeLessThan(0.45);
    for (const details of nhs) {
      expect(NHS.map((trust) => trust.ods)).toContain(details.receivingProvider.ods);
      expect(details.receivingProvider.ods).not.toBe('RX4');
    }
    expect(new Set(many.map((details) => details.receivingProvider.name)).size).toBeGreaterThan(10);
  });

  it('give inappropriate placements "no bed available", the one inappropriate reason, and appropriate ones another', () => {
    const inappropriate = many.filter((details) => !details.appropriate);
    expect(inappropriate.length).toBeGreaterThan(0);
    for (const details of inappropriate) expect(details.reason).toBe('no-bed-available');
    for (const details of many.filter((d) => d.appropriate)) expect(details.reason).not.toBe('no-bed-available');
  });
});

describe('seedPlacements', () => {
  it('gives a trust a few active placements with stays of days to weeks, and maybe a few recently ended, all acceptable', () => {
    for (let seed = 0; seed < 200; seed++) {
      const random = seededRandom(`seed-${seed}`);
      const pressure = toPressure([
        { vacant: 0, pendingAdmissions: 2, wards: 3 },
        { vacant: 1, pendingAdmissions: 0, wards: 1 },
        { vacant: 0, pendingAdmissions: 0, wards: 1 },
      ]);
      const events = seedPlacements(context(random, NOW), pressure);
      const records = new Map<string, PlacementRecord>();
      expect(apply(records, events, NOW)).toEqual([]);
      const active = [...records.values()].filter((record) => isActive(record, NOW));
      expect(active.length).toBeGreaterThanOrEqual(PLACEMENT_TUNING.seedActive[0]);
      expect(active.length).toBeLessThanOrEqual(PLACEMENT_TUNING.seedActive[1]);
      for (const record of active) expect(NOW - Date.parse(record.startedAt!)).toBeGreaterThanOrEqual(DAY);
      for (const record of records.values()) {
        if (record.endedAt) expect(Date.parse(record.endedAt) - Date.parse(record.startedAt!)).toBeGreaterThanOrEqual(14 * DAY);
      }
    }
  });
});

describe('nextPlacementEvents', () => {
  it('only produces events the ingest accepts: ends never before starts, starts never in the future, one start and one end each', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(pressureArbitrary, { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1_000, max: DAY }),
        (seed, pressures, every) => {
          const random = seededRandom(seed);
          const records = new Map<string, PlacementRecord>();
          expect(apply(records, seedPlacements(context(random, NOW), toPressure(pressures[0]!)), NOW)).toEqual([]);
          pressures.forEach((entries, step) => {
            const now = NOW + (step + 1) * every;
            const { events } = nextPlacementEvents([...records.values()], toPressure(entries), context(random, now));
            const found = apply(records, events, now);
            if (found.length > 0) expect(found, `step ${step}`).toEqual([]);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('starts placements only for bed types with no vacant bed and someone waiting, inappropriate ones for want of a bed', () => {
    const random = seededRandom('starts');
    const pressure = toPressure([
      { vacant: 0, pendingAdmissions: 3, wards: 2 },
      { vacant: 2, pendingAdmissions: 3, wards: 2 },
      { vacant: 0, pendingAdmissions: 0, wards: 1 },
    ]);
    const started: PlacementEvent[] = [];
    let placed = 0;
    for (let step = 0; step < 3_000; step++) {
      const movement = nextPlacementEvents([], pressure, context(random, NOW + step * TICK));
      started.push(...movement.events.filter((event) => event.event === 'started'));
      placed += movement.placedFromQueue.length;
      expect(movement.placedFromQueue.every((bedType) => bedType === 'adult-acute')).toBe(true);
    }
    const inappropriate = started.filter((event) => !event.details!.appropriate);
    expect(inappropriate.length).toBe(placed);
    expect(inappropriate.length).toBeGreaterThan(30);
    expect(inappropriate.every((event) => event.details!.bedType === 'adult-acute')).toBe(true);
    // Appropriate placements start whatever the beds, rarely.
    expect(started.length - inappropriate.length).toBeLessThan(inappropriate.length / 3);
    // Some starts are reported late (backdated), never more than the tuned days.
    const backdated = started.filter((event) => Date.parse(event.occurredAt) < NOW);
    expect(backdated.length).toBeGreaterThan(0);
  });

  it('leaves other sources’ placements alone', () => {
    const foreign: PlacementRecord = {
      placementId: 'TRUST-REF-1',
      sendingTrust: 'RX4',
      startedAt: new Date(NOW - DAY).toISOString(),
      startEventId: 'e1',
      endedAt: null,
      endEventId: null,
      details: newPlacementDetails(seededRandom('x'), 'picu', false, NHS),
      detailsAt: new Date(NOW - DAY).toISOString(),
      detailsEventId: 'e1',
    };
    const random = seededRandom('foreign');
    for (let step = 0; step < 5_000; step++) {
      const { events } = nextPlacementEvents(
        [foreign],
        toPressure([]).map((entry) => ({ ...entry, wards: 0 })),
        context(random, NOW + step * TICK),
      );
      expect(events.filter((event) => event.placementId === foreign.placementId)).toEqual([]);
    }
  });

  it('with the demo wards moving, keeps a handful active per trust, turning over, most placements far from home', () => {
    const random = seededRandom('demo-run');
    const trusts = org.trusts.map((trust) => trust.ods);
    const wards = org.wards.map((ward) => ({
      ward,
      state: initialWardState(ward.commissionedBeds, random) as SimulatedWardState,
    }));
    const records = new Map<string, Map<string, PlacementRecord>>(trusts.map((ods) => [ods, new Map()]));
    for (const ods of trusts) {
      const pressure = bedPressure(
        wards.filter(({ ward }) => ward.trustOds === ods).map(({ ward, state }) => ({ type: ward.type, state })),
      );
      expect(apply(records.get(ods)!, seedPlacements(context(random, NOW, ods), pressure), NOW)).toEqual([]);
    }
    const TICKS = 1_440; // two hours at 5 s
    let activeSum = 0;
    let starts = 0;
    let ends = 0;
    let maxActive = 0;
    for (let tick = 1; tick <= TICKS; tick++) {
      const now = NOW + tick * TICK;
      for (const entry of wards) if (random() < 0.12) entry.state = nextWardState(entry.state, random);
      for (const ods of trusts) {
        const pressure = bedPressure(
          wards.filter(({ ward }) => ward.trustOds === ods).map(({ ward, state }) => ({ type: ward.type, state })),
        );
        const own = records.get(ods)!;
        const { events } = nextPlacementEvents([...own.values()], pressure, context(random, now, ods));
        starts += events.filter((event) => event.event === 'started').length;
        ends += events.filter((event) => event.event === 'ended').length;
        const found = apply(own, events, now);
        if (found.length > 0) expect(found).toEqual([]);
        const active = [...own.values()].filter((record) => isActive(record, now)).length;
        activeSum += active;
        maxActive = Math.max(maxActive, active);
      }
    }
    const meanActive = activeSum / (TICKS * trusts.length);
    expect(meanActive).toBeGreaterThanOrEqual(2);
    expect(meanActive).toBeLessThanOrEqual(9);
    expect(maxActive).toBeLessThanOrEqual(PLACEMENT_TUNING.maxActive + 1);
    // Turning over: a few starts and ends per trust an hour, not hundreds.
    expect(starts / trusts.length).toBeGreaterThan(2);
    expect(starts / trusts.length).toBeLessThan(40);
    expect(ends / trusts.length).toBeGreaterThan(2);
    const all = [...records.values()].flatMap((own) => [...own.values()]);
    const far = all.filter((record) => record.details!.distanceKm > FAR_FROM_HOME_KM).length / all.length;
    expect(far).toBeGreaterThan(0.4);
    expect(far).toBeLessThan(0.75);
  });
});

describe('correctedDetails', () => {
  it('changes the distance or the daily cost, staying within the ingest bounds and keeping the rest', () => {
    const random = seededRandom('corrections');
    for (let step = 0; step < 2_000; step++) {
      const details = newPlacementDetails(random, 'picu', random() < 0.2, NHS);
      const corrected = correctedDetails(details, random);
      expect(corrected).not.toEqual(details);
      expect({ ...corrected, distanceKm: 0, dailyCost: 0 }).toEqual({ ...details, distanceKm: 0, dailyCost: 0 });
      expect(corrected.distanceKm).toBeGreaterThanOrEqual(8);
      expect(corrected.distanceKm).toBeLessThanOrEqual(700);
      expect(corrected.dailyCost).toBeGreaterThanOrEqual(450);
      expect(corrected.dailyCost).toBeLessThanOrEqual(1_100);
    }
  });
});

describe('withEvents', () => {
  it('folds sent events onto lagging live records, idempotently', () => {
    const random = seededRandom('fold');
    const events = seedPlacements(
      context(random, NOW),
      toPressure([
        { vacant: 0, pendingAdmissions: 1, wards: 1 },
        { vacant: 0, pendingAdmissions: 0, wards: 0 },
        { vacant: 0, pendingAdmissions: 0, wards: 0 },
      ]),
    );
    const once = withEvents([], events);
    expect(withEvents(once, events)).toEqual(once);
    expect(withEvents(withEvents([], events.slice(0, 1)), events)).toEqual(once);
  });
});
