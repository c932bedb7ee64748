import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyPlacement,
  FAR_FROM_HOME_KM,
  isActive,
  isLivePlacement,
  dailyCostAt,
  isInappropriatePlacement,
  mergePlacementEvent,
  placementBedDays,
  placementNights,
  placementPeriodFigures,
  placementEventSchema,
  placementFigures,
  placementViolations,
  samePlacement,
  sumPlacementFigures,
  type PlacementDetails,
  type PlacementEvent,
  type PlacementFigures,
  type PlacementRecord,
} from './placements.js';

// 18 November 2026 is a Wednesday; November is GMT, so London time = UTC.
const NOW = Date.parse('2026-11-18T12:00:00Z');

function details(overrides: Partial<PlacementDetails> = {}): PlacementDetails {
  return {
    bedType: 'adult-acute',
    appropriate: false,
    reason: 'no-bed-available',
    receivingProvider: { name: 'Priory Hospital Cheadle Royal', sector: 'independent' },
    distanceKm: 60,
    dailyCost: 600,
    ...overrides,
  };
}

function event(overrides: Partial<PlacementEvent> = {}): PlacementEvent {
  const base: PlacementEvent = {
    eventId: 'evt-1',
    placementId: 'RX4-P1',
    sendingTrust: 'RX4',
    event: 'started',
    occurredAt: '2026-11-03T14:00:00Z',
    details: details(),
  };
  return { ...base, ...overrides };
}

/** A placement's record from its start, its end (if any) and its details. */
function placement(
  startedAt: string | null,
  endedAt: string | null,
  d: Partial<PlacementDetails> | null = {},
  id = 'RX4-P1',
): PlacementRecord {
  return {
    ...emptyPlacement(id, 'RX4'),
    startedAt,
    startEventId: startedAt === null ? null : `${id}-start`,
    endedAt,
    endEventId: endedAt === null ? null : `${id}-end`,
    details: d === null ? null : details(d),
    detailsAt: d === null ? null : startedAt,
    detailsEventId: d === null ? null : `${id}-start`,
    dailyCosts:
      d === null || startedAt === null ? [] : [{ from: startedAt, eventId: `${id}-start`, dailyCost: details(d).dailyCost }],
  };
}

function fold(events: readonly PlacementEvent[]): PlacementRecord | null {
  return events.reduce<PlacementRecord | null>((record, e) => mergePlacementEvent(record, e), null);
}

describe('placementBedDays (OAP02a: nights active at the London midnight census, clipped to the period)', () => {
  it('counts the midnights a placement spans: 3 Nov 14:00 to 5 Nov 10:00 is 2 bed days', () => {
    // Present at midnight 3→4 Nov and 4→5 Nov; gone before midnight 5→6 Nov.
    const record = placement('2026-11-03T14:00:00Z', '2026-11-05T10:00:00Z');
    expect(placementBedDays(record, '2026-11-01', '2026-12-01', NOW)).toBe(2);
  });

  it('counts no bed day for a placement that starts and ends on the same day', () => {
    const record = placement('2026-11-03T09:00:00Z', '2026-11-03T21:00:00Z');
    expect(placementBedDays(record, '2026-11-01', '2026-12-01', NOW)).toBe(0);
  });

  it('clips an active placement that began last month to the month start, and to now', () => {
    // Started 20 Oct 15:00 BST, still active at Wed 18 Nov 12:00. In November: the nights of
    // 1 Nov … 17 Nov (midnights 2 Nov … 18 Nov) = 17; the night of 18 Nov has not happened yet.
    const record = placement('2026-10-20T15:00:00+01:00', null);
    expect(placementBedDays(record, '2026-11-01', '2026-12-01', NOW)).toBe(17);
    // October keeps its own nights: 20 Oct … 31 Oct = 12 (the night of 31 Oct ends at 1 Nov 00:00).
    expect(placementBedDays(record, '2026-10-01', '2026-11-01', NOW)).toBe(12);
    // Consecutive periods partition the nights: 12 + 17 = 29 = days from 20 Oct to 18 Nov.
    expect(placementBedDays(record, '2026-10-01', '2026-12-01', NOW)).toBe(29);
  });

  it('counts a night only once its midnight has passed', () => {
    // Started Mon 16 Nov 14:00; at Wed 18 Nov 12:00 the nights of the 16th and 17th have passed.
    const record = placement('2026-11-16T14:00:00Z', null);
    expect(placementBedDays(record, '2026-11-01', '2026-12-01', NOW)).toBe(2);
    expect(placementBedDays(record, '2026-11-01', '2026-12-01', Date.parse('2026-11-17T23:59:59Z'))).toBe(1);
    expect(placementBedDays(record, '2026-11-01', '2026-12-01', Date.parse('2026-11-18T00:00:00Z'))).toBe(2);
  });

  it('counts whole nights across the spring clock change (29 March 2026)', () => {
    // 28 Mar 20:00 GMT to 31 Mar 09:00 BST: nights of 28, 29 and 30 March = 3, though the
    // night of the 29th is an hour short and the stay lasts 60 hours, not 61.
    const record = placement('2026-03-28T20:00:00Z', '2026-03-31T09:00:00+01:00');
    expect(placementBedDays(record, '2026-03-01', '2026-04-01', NOW)).toBe(3);
  });

  it('counts whole nights across the autumn clock change (25 October 2026)', () => {
    // 24 Oct 20:00 BST to 27 Oct 09:00 GMT: nights of 24, 25 and 26 October = 3, though the
    // night of the 25th is an hour long and the stay lasts 62 hours.
    const record = placement('2026-10-24T20:00:00+01:00', '2026-10-27T09:00:00Z');
    expect(placementBedDays(record, '2026-10-01', '2026-11-01', NOW)).toBe(3);
  });

  it("uses London's midnight, not UTC's, in summer time", () => {
    // 30 Mar 23:30 BST (22:30 UTC) to 31 Mar 00:30 BST (23:30 UTC on the 30th): one London
    // midnight is crossed though both instants fall on the same UTC date.
    const record = placement('2026-03-30T23:30:00+01:00', '2026-03-31T00:30:00+01:00');
    expect(placementBedDays(record, '2026-03-01', '2026-04-01', NOW)).toBe(1);
    // 23:00 to 23:59 BST on 1 July crosses no London midnight: no bed day.
    const evening = placement('2026-07-01T23:00:00+01:00', '2026-07-01T23:59:00+01:00');
    expect(placementBedDays(evening, '2026-07-01', '2026-08-01', NOW)).toBe(0);
  });

  it('counts nothing for a placement that ended before the period', () => {
    const record = placement('2026-10-10T10:00:00+01:00', '2026-10-30T10:00:00Z');
    expect(placementBedDays(record, '2026-11-01', '2026-12-01', NOW)).toBe(0);
  });

  it('counts nothing for a placement whose start has not arrived', () => {
    const record = placement(null, '2026-11-05T10:00:00Z');
    expect(placementBedDays(record, '2026-11-01', '2026-12-01', NOW)).toBe(0);
  });

  it('over consecutive months adds up to the whole stay in nights', () => {
    const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 120 * 86_400_000 }), (start, length) => {
        const end = start + length;
        const record = placement(new Date(start).toISOString(), new Date(end).toISOString());
        const later = Date.parse('2028-01-01T00:00:00Z');
        const byMonth = Array.from({ length: 16 }, (_, m) => {
          const from = new Date(Date.UTC(2026, m, 1)).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(2026, m + 1, 1)).toISOString().slice(0, 10);
          return placementBedDays(record, from, to, later);
        });
        const whole = placementBedDays(record, '2026-01-01', '2027-05-01', later);
        expect(byMonth.reduce((a, b) => a + b, 0)).toBe(whole);
        // At most one more night than whole 23-hour days in the stay, at least one fewer than 25-hour days.
        expect(whole).toBeLessThanOrEqual(Math.floor(length / (23 * 3_600_000)) + 1);
        expect(whole).toBeGreaterThanOrEqual(Math.floor(length / (25 * 3_600_000)) - 1);
      }),
    );
  });
});

describe('placementFigures (OAP01a–OAP04a for the current London month)', () => {
  // A: active since 20 Oct, inappropriate, 150 km away at £600 a day → 17 November nights.
  const a = placement('2026-10-20T15:00:00+01:00', null, { distanceKm: 150, dailyCost: 600 }, 'RX4-A');
  // B: 3 Nov 14:00 – 5 Nov 10:00, appropriate (patient choice), 40 km at £500 → 2 nights.
  const b = placement(
    '2026-11-03T14:00:00Z',
    '2026-11-05T10:00:00Z',
    { appropriate: true, reason: 'patient-choice', distanceKm: 40, dailyCost: 500 },
    'RX4-B',
  );
  // C: active since 16 Nov 14:00, inappropriate, exactly 100 km at £700 → 2 nights.
  const c = placement('2026-11-16T14:00:00Z', null, { distanceKm: FAR_FROM_HOME_KM, dailyCost: 700 }, 'RX4-C');
  // D: 10–30 October: nothing in November.
  const d = placement('2026-10-10T10:00:00+01:00', '2026-10-30T10:00:00Z', {}, 'RX4-D');
  // E: 25 Oct – 1 Nov 09:00: ended in November, but its last night (31 Oct) belongs to October.
  const e = placement('2026-10-25T10:00:00Z', '2026-11-01T09:00:00Z', {}, 'RX4-E');
  // F: only the end has arrived so far: no start, so nothing but the end counts.
  const f = placement(null, '2026-11-10T09:00:00Z', null, 'RX4-F');

  it('works the month out by hand', () => {
    expect(placementFigures([a, b, c, d, e, f], NOW)).toEqual({
      active: 2, // A and C
      activeInappropriate: 2, // OAP03a: A and C, both "no bed available"
      startedThisMonth: 2, // B and C
      inappropriateStartedThisMonth: 1, // OAP01a: C (B was patient choice)
      endedThisMonth: 3, // B, E and F
      inappropriateEndedThisMonth: 1, // OAP04a: E (B was appropriate; F's reason has not arrived)
      bedDaysThisMonth: 17 + 2 + 2, // A, B, C
      inappropriateBedDaysThisMonth: 17 + 2, // OAP02a: A and C
      costThisMonth: 17 * 600 + 2 * 500 + 2 * 700, // bed days × daily cost = £12,600
      inappropriateCostThisMonth: 17 * 600 + 2 * 700, // £11,600
      activeByBedType: { 'adult-acute': 2, 'older-adult-acute': 0, picu: 0 }, // A and C are adult acute
      activeOver100Km: 1, // A; C is exactly 100 km, not more
      shareOver100Km: 1 / 2,
    } satisfies PlacementFigures);
  });

  it("counts a placement recorded as inappropriate for 'other' among all OAPs, never in OAP01a–OAP04a", () => {
    // domain.md: "Other" reasons are not inappropriate. Such a record can only have been logged
    // before ingest refused the pair: 3 Nov 14:00 to 5 Nov 10:00 = 2 nights at £500.
    const other = placement(
      '2026-11-03T14:00:00Z',
      '2026-11-05T10:00:00Z',
      { appropriate: false, reason: 'other', dailyCost: 500 },
      'RX4-O',
    );
    expect(isInappropriatePlacement(other.details)).toBe(false);
    expect(placementFigures([other], NOW)).toMatchObject({
      startedThisMonth: 1,
      inappropriateStartedThisMonth: 0,
      endedThisMonth: 1,
      inappropriateEndedThisMonth: 0,
      bedDaysThisMonth: 2,
      inappropriateBedDaysThisMonth: 0,
      costThisMonth: 1000,
      inappropriateCostThisMonth: 0,
    });
  });

  it('does not count a start or an end later than now', () => {
    const future = placement('2026-11-18T14:00:00Z', null, {}, 'RX4-G');
    const endsLater = placement('2026-11-16T14:00:00Z', '2026-11-20T10:00:00Z', {}, 'RX4-H');
    const figures = placementFigures([future, endsLater], NOW);
    expect(figures.active).toBe(1); // H only: its end is still to come
    expect(figures.startedThisMonth).toBe(1);
    expect(figures.endedThisMonth).toBe(0);
    expect(figures.bedDaysThisMonth).toBe(2);
  });

  it('uses London months: a start at 00:30 BST on 1 October is in October', () => {
    const record = placement('2026-09-30T23:30:00Z', null, {}, 'RX4-I');
    expect(placementFigures([record], Date.parse('2026-10-02T12:00:00Z')).startedThisMonth).toBe(1);
    expect(placementFigures([record], Date.parse('2026-09-30T23:45:00Z')).startedThisMonth).toBe(1);
  });

  it('counts inappropriate placements, but not appropriate ones, as activeInappropriate', () => {
    const appropriate = placement('2026-11-10T10:00:00Z', null, { appropriate: true, reason: 'safeguarding' }, 'RX4-J');
    expect(placementFigures([appropriate, c], NOW)).toMatchObject({ active: 2, activeInappropriate: 1 });
  });

  it('has no share over 100 km and no cost when nothing is placed', () => {
    expect(placementFigures([], NOW)).toEqual({
      active: 0,
      activeInappropriate: 0,
      startedThisMonth: 0,
      inappropriateStartedThisMonth: 0,
      endedThisMonth: 0,
      inappropriateEndedThisMonth: 0,
      bedDaysThisMonth: 0,
      inappropriateBedDaysThisMonth: 0,
      costThisMonth: 0,
      inappropriateCostThisMonth: 0,
      activeByBedType: { 'adult-acute': 0, 'older-adult-acute': 0, picu: 0 },
      activeOver100Km: 0,
      shareOver100Km: null,
    });
  });
});

describe('the daily cost in force on each day', () => {
  // Started 20 Oct 15:00 BST at £600 a day; the rate went up to £700 on Mon 16 Nov at 09:00.
  const started = event({ eventId: 'e1', occurredAt: '2026-10-20T15:00:00+01:00', details: details({ dailyCost: 600 }) });
  const raised = event({
    eventId: 'e2',
    event: 'updated',
    occurredAt: '2026-11-16T09:00:00Z',
    details: details({ dailyCost: 700 }),
  });

  it('prices each bed day at the rate in force at the midnight that counts it', () => {
    const record = fold([started, raised])!;
    // November to Wed 18 Nov 12:00: the nights of 1–17 Nov, counted at the midnights of 2–18 Nov.
    // Midnights 2–16 Nov come before the 09:00 change: 15 nights at £600; 17 and 18 Nov: 2 at £700.
    expect(placementNights(record, '2026-11-01', '2026-12-01', NOW)).toEqual({ bedDays: 17, cost: 15 * 600 + 2 * 700 });
    expect(placementFigures([record], NOW).costThisMonth).toBe(10_400);
    // October keeps its price: 12 nights (20–31 Oct) at £600 = £7,200, not 12 × £700.
    expect(placementNights(record, '2026-10-01', '2026-11-01', NOW)).toEqual({ bedDays: 12, cost: 7200 });
  });

  it('starts a rate sent for 00:00 on 1 December with the night of 1 December', () => {
    // From midnight exactly: the night of 30 Nov is counted at that same midnight, still at £600
    // (as a placement starting at a midnight is not in that midnight's census).
    const fromDecember = event({
      eventId: 'e3',
      event: 'updated',
      occurredAt: '2026-12-01T00:00:00Z',
      details: details({ dailyCost: 800 }),
    });
    const record = fold([started, fromDecember])!;
    const later = Date.parse('2026-12-03T12:00:00Z');
    expect(dailyCostAt(record, Date.parse('2026-12-01T00:00:00Z'))).toBe(600);
    expect(dailyCostAt(record, Date.parse('2026-12-02T00:00:00Z'))).toBe(800);
    // November: 30 nights at £600. December to 3 Dec 12:00: nights of 1 and 2 Dec at £800.
    expect(placementNights(record, '2026-11-01', '2026-12-01', later)).toEqual({ bedDays: 30, cost: 18_000 });
    expect(placementNights(record, '2026-12-01', '2027-01-01', later)).toEqual({ bedDays: 2, cost: 1600 });
  });

  it('keeps every rate, in time order, whatever order the events arrive in', () => {
    const expected = [
      { from: '2026-10-20T15:00:00+01:00', eventId: 'e1', dailyCost: 600 },
      { from: '2026-11-16T09:00:00Z', eventId: 'e2', dailyCost: 700 },
    ];
    expect(fold([started, raised])?.dailyCosts).toEqual(expected);
    expect(fold([raised, started, raised])?.dailyCosts).toEqual(expected);
  });

  it('gives a record kept before rates were tracked its current cost as the earliest rate', () => {
    const { dailyCosts: _none, ...legacy } = fold([started])!;
    // Until something new arrives, every night costs the current £600.
    expect(placementNights(legacy, '2026-11-01', '2026-12-01', NOW).cost).toBe(17 * 600);
    const merged = mergePlacementEvent(legacy, raised);
    expect(merged.dailyCosts).toEqual([
      { from: '2026-10-20T15:00:00+01:00', eventId: 'e1', dailyCost: 600 },
      { from: '2026-11-16T09:00:00Z', eventId: 'e2', dailyCost: 700 },
    ]);
  });
});

describe('placementPeriodFigures (history: one London day or month)', () => {
  it('counts starts, ends, bed days and cost of one day, all OAPs and inappropriate ones', () => {
    // Tue 17 Nov: C (inappropriate, started 16 Nov 14:00, £700) is there at midnight 17→18 Nov;
    // B2 (patient choice, £500) starts at 10:00 and ends at 20:00, crossing no midnight.
    const c = placement('2026-11-16T14:00:00Z', null, { dailyCost: 700 }, 'RX4-C');
    const b2 = placement(
      '2026-11-17T10:00:00Z',
      '2026-11-17T20:00:00Z',
      { appropriate: true, reason: 'patient-choice', dailyCost: 500 },
      'RX4-B2',
    );
    const day = { start: Date.parse('2026-11-17T00:00:00Z'), end: Date.parse('2026-11-18T00:00:00Z') };
    expect(placementPeriodFigures([c, b2], day, NOW)).toEqual({
      started: 1,
      inappropriateStarted: 0,
      ended: 1,
      inappropriateEnded: 0,
      bedDays: 1,
      inappropriateBedDays: 1,
      cost: 700,
      inappropriateCost: 700,
    });
  });
});

describe('sumPlacementFigures', () => {
  it('adds the counts and takes the share over 100 km from the sums', () => {
    const north = placementFigures(
      [
        placement('2026-11-10T10:00:00Z', null, { distanceKm: 150 }, 'RX4-K'),
        placement('2026-11-11T10:00:00Z', null, { distanceKm: 20 }, 'RX4-L'),
      ],
      NOW,
    );
    const south = placementFigures([placement('2026-11-12T10:00:00Z', null, { distanceKm: 30 }, 'RV5-M')], NOW);
    expect(north.shareOver100Km).toBe(1 / 2);
    expect(south.shareOver100Km).toBe(0);
    const total = sumPlacementFigures([north, south]);
    expect(total.active).toBe(3);
    expect(total.activeOver100Km).toBe(1);
    expect(total.shareOver100Km).toBe(1 / 3); // not the mean of 1/2 and 0
    expect(total.bedDaysThisMonth).toBe(north.bedDaysThisMonth + south.bedDaysThisMonth);
    expect(total.costThisMonth).toBe(north.costThisMonth + south.costThisMonth);
  });

  it('adds the active placements of each bed type', () => {
    const north = placementFigures(
      [
        placement('2026-11-10T10:00:00Z', null, { bedType: 'picu' }, 'RX4-P'),
        placement('2026-11-11T10:00:00Z', null, { bedType: 'older-adult-acute' }, 'RX4-Q'),
      ],
      NOW,
    );
    const south = placementFigures([placement('2026-11-12T10:00:00Z', null, { bedType: 'picu' }, 'RV5-R')], NOW);
    expect(sumPlacementFigures([north, south]).activeByBedType).toEqual({ 'adult-acute': 0, 'older-adult-acute': 1, picu: 2 });
  });

  it('is all zero with no share for no trusts', () => {
    expect(sumPlacementFigures([])).toEqual(placementFigures([], NOW));
  });
});

describe('isActive and isLivePlacement', () => {
  it('is active from its start until its end', () => {
    const record = placement('2026-11-03T14:00:00Z', '2026-11-05T10:00:00Z');
    expect(isActive(record, Date.parse('2026-11-03T13:59:59Z'))).toBe(false);
    expect(isActive(record, Date.parse('2026-11-03T14:00:00Z'))).toBe(true);
    expect(isActive(record, Date.parse('2026-11-05T09:59:59Z'))).toBe(true);
    expect(isActive(record, Date.parse('2026-11-05T10:00:00Z'))).toBe(false);
    expect(isActive(placement(null, null, null), NOW)).toBe(false);
  });

  it('keeps a placement live while it is open or ended since the month start', () => {
    const monthStart = Date.parse('2026-11-01T00:00:00Z');
    expect(isLivePlacement(placement('2026-10-01T10:00:00Z', null), monthStart)).toBe(true);
    expect(isLivePlacement(placement('2026-10-01T10:00:00Z', '2026-11-02T10:00:00Z'), monthStart)).toBe(true);
    expect(isLivePlacement(placement('2026-10-01T10:00:00Z', '2026-10-31T10:00:00Z'), monthStart)).toBe(false);
  });
});

describe('mergePlacementEvent', () => {
  it('takes the start, the end and the details from their own events', () => {
    const record = fold([
      event({ eventId: 'e1', event: 'started', occurredAt: '2026-11-03T14:00:00Z', details: details({ distanceKm: 60 }) }),
      event({ eventId: 'e2', event: 'updated', occurredAt: '2026-11-04T09:00:00Z', details: details({ distanceKm: 160 }) }),
      event({ eventId: 'e3', event: 'ended', occurredAt: '2026-11-05T10:00:00Z', details: undefined }),
    ]);
    expect(record).toEqual({
      placementId: 'RX4-P1',
      sendingTrust: 'RX4',
      startedAt: '2026-11-03T14:00:00Z',
      startEventId: 'e1',
      endedAt: '2026-11-05T10:00:00Z',
      endEventId: 'e3',
      details: details({ distanceKm: 160 }),
      detailsAt: '2026-11-04T09:00:00Z',
      detailsEventId: 'e2',
      dailyCosts: [
        { from: '2026-11-03T14:00:00Z', eventId: 'e1', dailyCost: 600 },
        { from: '2026-11-04T09:00:00Z', eventId: 'e2', dailyCost: 600 },
      ],
    } satisfies PlacementRecord);
  });

  it('keeps the later details when an older update arrives late', () => {
    const started = event({ eventId: 'e1', occurredAt: '2026-11-03T14:00:00Z', details: details({ dailyCost: 600 }) });
    const late = event({
      eventId: 'e9',
      event: 'updated',
      occurredAt: '2026-11-03T13:00:00Z',
      details: details({ dailyCost: 900 }),
    });
    expect(fold([started, late])?.details?.dailyCost).toBe(600);
    expect(fold([late, started])?.details?.dailyCost).toBe(600);
  });

  it('breaks a tie in event time by event id', () => {
    const x = event({
      eventId: 'e2',
      event: 'updated',
      occurredAt: '2026-11-04T09:00:00Z',
      details: details({ dailyCost: 700 }),
    });
    const y = event({
      eventId: 'e3',
      event: 'updated',
      occurredAt: '2026-11-04T09:00:00Z',
      details: details({ dailyCost: 800 }),
    });
    expect(fold([x, y])?.details?.dailyCost).toBe(800);
    expect(fold([y, x])?.details?.dailyCost).toBe(800);
  });

  it('holds an end that arrives before the start, with no start and no details yet', () => {
    const record = fold([event({ eventId: 'e3', event: 'ended', occurredAt: '2026-11-05T10:00:00Z', details: undefined })]);
    expect(record).toMatchObject({ startedAt: null, startEventId: null, endedAt: '2026-11-05T10:00:00Z', details: null });
  });

  it('changes nothing when an event is applied again', () => {
    const once = fold([event()])!;
    expect(samePlacement(mergePlacementEvent(once, event()), once)).toBe(true);
  });

  it('gives the same record for any order of a placement’s events, duplicates included', () => {
    // A small pool of times makes ties in event time common.
    const times = [
      '2026-11-03T14:00:00Z',
      '2026-11-04T09:00:00Z',
      '2026-11-04T09:00:00+00:00',
      '2026-11-05T10:00:00Z',
      '2026-11-06T08:30:00+00:00',
    ];
    const detailsArb = fc.record({
      bedType: fc.constantFrom('adult-acute' as const, 'older-adult-acute' as const, 'picu' as const),
      appropriate: fc.boolean(),
      reason: fc.constantFrom('no-bed-available' as const, 'other' as const, 'safeguarding' as const),
      receivingProvider: fc.record({
        name: fc.constantFrom('Cheadle Royal', 'Kneesworth House'),
        sector: fc.constantFrom('nhs' as const, 'independent' as const),
      }),
      distanceKm: fc.integer({ min: 0, max: 400 }),
      dailyCost: fc.integer({ min: 300, max: 1500 }),
    });
    const eventArb = fc.record({
      event: fc.constantFrom('started' as const, 'updated' as const, 'ended' as const),
      occurredAt: fc.constantFrom(...times),
      details: fc.option(detailsArb, { nil: undefined }),
    });
    const eventsArb = fc
      .array(eventArb, { minLength: 1, maxLength: 8 })
      // Unique event ids, as sources are required to send; `started` and `updated` carry details.
      .map((list) =>
        list.map((e, i): PlacementEvent => ({
          eventId: `evt-${String(i).padStart(2, '0')}`,
          placementId: 'RX4-P1',
          sendingTrust: 'RX4',
          event: e.event,
          occurredAt: e.occurredAt,
          details: e.event === 'ended' ? e.details : (e.details ?? details()),
        })),
      )
      .chain((list) =>
        fc
          .array(fc.integer({ min: 0, max: list.length - 1 }), { maxLength: 6 })
          .map((dups) => [...list, ...dups.map((i) => list[i]!)])
          .chain((withDups) =>
            fc.tuple(
              fc.constant(list),
              fc.shuffledSubarray(withDups, { minLength: withDups.length, maxLength: withDups.length }),
            ),
          ),
      );
    fc.assert(
      fc.property(eventsArb, ([inOrder, shuffled]) => {
        const expected = fold(inOrder);
        expect(fold(shuffled)).toEqual(expected);
        // Idempotent: replaying everything again changes nothing.
        expect(shuffled.reduce((record, e) => mergePlacementEvent(record, e), expected)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('placementEventSchema', () => {
  it('accepts a start with details and an end without', () => {
    expect(placementEventSchema.safeParse(event()).success).toBe(true);
    expect(placementEventSchema.safeParse(event({ event: 'ended', details: undefined })).success).toBe(true);
  });

  it('requires details on a start and on an update', () => {
    for (const kind of ['started', 'updated'] as const) {
      const result = placementEventSchema.safeParse(event({ event: kind, details: undefined }));
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([
        expect.objectContaining({ path: ['details'], message: `is required when event is "${kind}"` }),
      ]);
    }
  });

  it('rejects a time without a UTC offset', () => {
    const result = placementEventSchema.safeParse(event({ occurredAt: '2026-11-03T14:00:00' }));
    expect(result.error?.issues[0]).toMatchObject({
      path: ['occurredAt'],
      message: 'must be an ISO 8601 date-time with a UTC offset',
    });
  });

  it('rejects a bed type outside the national OAP scope', () => {
    const result = placementEventSchema.safeParse(event({ details: { ...details(), bedType: 'camhs' as never } }));
    expect(result.error?.issues[0]?.path).toEqual(['details', 'bedType']);
  });

  it('rejects a distance that is not a number, a bad ODS code and an unknown field', () => {
    const bad = { ...event(), sendingTrust: 'rx4', details: { ...details(), distanceKm: '60' }, nhsNumber: '9434765919' };
    const result = placementEventSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const issues = result.error!.issues;
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['sendingTrust'], message: 'must be a three-character ODS code such as RX4' }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['details', 'distanceKm'], message: 'must be a number of kilometres' }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ code: 'unrecognized_keys', keys: ['nhsNumber'] }));
  });
});

describe('placementViolations', () => {
  const started = fold([event({ eventId: 'e1', occurredAt: '2026-11-03T14:00:00Z' })]);

  it('accepts a plausible start, an update and an end after the start', () => {
    expect(placementViolations(event(), null, NOW)).toEqual([]);
    expect(
      placementViolations(event({ eventId: 'e2', event: 'updated', occurredAt: '2026-11-04T09:00:00Z' }), started, NOW),
    ).toEqual([]);
    expect(
      placementViolations(
        event({ eventId: 'e3', event: 'ended', occurredAt: '2026-11-05T10:00:00Z', details: undefined }),
        started,
        NOW,
      ),
    ).toEqual([]);
  });

  it('accepts the same start again (a retried delivery)', () => {
    expect(placementViolations(event({ eventId: 'e1' }), started, NOW)).toEqual([]);
  });

  it('rejects an end before the start', () => {
    const end = event({ eventId: 'e3', event: 'ended', occurredAt: '2026-11-03T10:00:00Z', details: undefined });
    expect(placementViolations(end, started, NOW)).toEqual([
      { path: 'occurredAt', message: "the end (2026-11-03T10:00:00Z) is before the placement's start (2026-11-03T14:00:00Z)" },
    ]);
  });

  it('rejects a start after an end that arrived first', () => {
    const endedOnly = fold([event({ eventId: 'e3', event: 'ended', occurredAt: '2026-11-05T10:00:00Z', details: undefined })]);
    const [violation] = placementViolations(event({ eventId: 'e1', occurredAt: '2026-11-06T10:00:00Z' }), endedOnly, NOW);
    expect(violation?.path).toBe('occurredAt');
    expect(violation?.message).toMatch(/is after the placement's end/);
  });

  it('rejects a second start and a second end', () => {
    const second = placementViolations(event({ eventId: 'e7', occurredAt: '2026-11-04T14:00:00Z' }), started, NOW);
    expect(second).toEqual([
      {
        path: 'event',
        message: 'placement RX4-P1 already started at 2026-11-03T14:00:00Z; send "updated" to change its details',
      },
    ]);
    const ended = mergePlacementEvent(
      started,
      event({ eventId: 'e3', event: 'ended', occurredAt: '2026-11-05T10:00:00Z', details: undefined }),
    );
    const secondEnd = placementViolations(
      event({ eventId: 'e8', event: 'ended', occurredAt: '2026-11-06T10:00:00Z', details: undefined }),
      ended,
      NOW,
    );
    expect(secondEnd).toEqual([{ path: 'event', message: 'placement RX4-P1 already ended at 2026-11-05T10:00:00Z' }]);
  });

  it('rejects a reason that does not fit whether the placement was appropriate', () => {
    // Inappropriate means placed because no local bed was available (domain.md).
    const appropriateNoBed = event({ details: details({ appropriate: true, reason: 'no-bed-available' }) });
    expect(placementViolations(appropriateNoBed, null, NOW)).toEqual([
      {
        path: 'details.reason',
        message:
          '"no-bed-available" is not a reason for an appropriate placement (one of: safeguarding, offender-pathway, patient-choice, staff-member-or-family, other)',
      },
    ]);
    const inappropriateChoice = event({ details: details({ appropriate: false, reason: 'patient-choice' }) });
    const [violation] = placementViolations(inappropriateChoice, null, NOW);
    expect(violation).toEqual({
      path: 'details.reason',
      message:
        'an inappropriate placement is one made because no local bed was available, so its reason must be no-bed-available; "patient-choice" is not inappropriate: send appropriate: true',
    });
  });

  it("refuses 'other' as the reason of an inappropriate placement, and takes it for an appropriate one", () => {
    // domain.md: "Other" reasons are not inappropriate.
    const inappropriateOther = event({ details: details({ appropriate: false, reason: 'other' }) });
    expect(placementViolations(inappropriateOther, null, NOW)).toEqual([
      {
        path: 'details.reason',
        message:
          'an inappropriate placement is one made because no local bed was available, so its reason must be no-bed-available; "other" is not inappropriate: send appropriate: true',
      },
    ]);
    expect(placementViolations(event({ details: details({ appropriate: true, reason: 'other' }) }), null, NOW)).toEqual([]);
  });

  it('rejects negative and implausible distances and costs', () => {
    expect(placementViolations(event({ details: details({ distanceKm: -1, dailyCost: -5 }) }), null, NOW)).toEqual([
      { path: 'details.distanceKm', message: 'must be between 0 and 2000 km' },
      { path: 'details.dailyCost', message: 'must be between £0 and £10000 a day' },
    ]);
    expect(placementViolations(event({ details: details({ distanceKm: 2001, dailyCost: 10_001 }) }), null, NOW)).toHaveLength(2);
    expect(placementViolations(event({ details: details({ distanceKm: Number.NaN }) }), null, NOW)[0]?.path).toBe(
      'details.distanceKm',
    );
    expect(placementViolations(event({ details: details({ distanceKm: 0, dailyCost: 0 }) }), null, NOW)).toEqual([]);
  });

  it('rejects an event more than 5 minutes in the future', () => {
    expect(placementViolations(event({ occurredAt: '2026-11-18T12:05:00Z' }), null, NOW)).toEqual([]);
    expect(placementViolations(event({ occurredAt: '2026-11-18T12:05:01Z' }), null, NOW)).toEqual([
      { path: 'occurredAt', message: 'is more than 5 minutes in the future' },
    ]);
  });

  it('rejects an event for another trust’s placement', () => {
    expect(placementViolations(event({ eventId: 'e2', event: 'updated', sendingTrust: 'RV5' }), started, NOW)).toEqual([
      { path: 'sendingTrust', message: 'placement RX4-P1 was sent by RX4, not RV5' },
    ]);
  });

  it('names the path inside a batch', () => {
    const [violation] = placementViolations(event({ details: details({ distanceKm: -3 }) }), null, NOW, ['events', 2]);
    expect(violation?.path).toBe('events[2].details.distanceKm');
  });
});
