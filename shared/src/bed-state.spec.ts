import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bedStateBatchSchema,
  bedStateSchema,
  bedStateViolations,
  HL7_CENSUS_EVENT_ID_PREFIX,
  MAX_BATCH_EVENTS,
  MAX_BEDS_PER_WARD,
  MAX_FUTURE_SKEW_MS,
  type BedStateObservation,
} from './bed-state.js';
import { zodIssuesToDetails } from './errors.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const MINUTE = 60_000;

function observation(overrides: Partial<BedStateObservation> = {}): BedStateObservation {
  return {
    eventId: 'evt-0001',
    wardId: 'RX4-W01',
    observedAt: '2026-11-25T09:58:00Z',
    commissioned: 20,
    closed: 2,
    closedReason: 'staffing',
    occupied: 16,
    onLeave: 1,
    pendingAdmissions: 2,
    clinicallyReadyForDischarge: 3,
    ...overrides,
  };
}

/** The same instant written with a UTC offset of `offsetMinutes`, as a source system might send it. */
function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * MINUTE).toISOString().slice(0, -1); // drop the "Z"
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

const FIELDS = [
  'eventId',
  'wardId',
  'observedAt',
  'commissioned',
  'closed',
  'closedReason',
  'occupied',
  'onLeave',
  'pendingAdmissions',
  'clinicallyReadyForDischarge',
] as const;
const REQUIRED_FIELDS = FIELDS.filter((field) => field !== 'closedReason');
const COUNT_FIELDS = [
  'commissioned',
  'closed',
  'occupied',
  'onLeave',
  'pendingAdmissions',
  'clinicallyReadyForDischarge',
] as const;

describe('bedStateSchema (shape: a failure is 400)', () => {
  it('accepts a complete observation, with or without a closed reason', () => {
    expect(bedStateSchema.safeParse(observation()).success).toBe(true);
    const { closedReason: _, ...withoutReason } = observation({ closed: 0 });
    expect(bedStateSchema.safeParse(withoutReason).success).toBe(true);
  });

  it.each(REQUIRED_FIELDS)('requires %s', (field) => {
    const body: Record<string, unknown> = { ...observation() };
    delete body[field];
    const result = bedStateSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual([field]);
  });

  it.each(COUNT_FIELDS)('requires %s to be a whole number', (field) => {
    for (const bad of [1.5, '3', null, Number.NaN, Number.POSITIVE_INFINITY]) {
      const result = bedStateSchema.safeParse({ ...observation(), [field]: bad });
      expect(result.success, `${field} = ${String(bad)}`).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual([field]);
    }
  });

  it('leaves negative and very large counts to the second stage (they are well-formed)', () => {
    expect(bedStateSchema.safeParse(observation({ occupied: -1 })).success).toBe(true);
    expect(bedStateSchema.safeParse(observation({ commissioned: MAX_BEDS_PER_WARD + 1 })).success).toBe(true);
  });

  it('accepts ISO 8601 date-times with a UTC offset, Z or numeric', () => {
    for (const observedAt of ['2026-11-25T10:00:00Z', '2026-11-25T10:00:00+01:00', '2026-11-25T10:00:00.123-05:30']) {
      expect(bedStateSchema.safeParse(observation({ observedAt })).success, observedAt).toBe(true);
    }
  });

  it('rejects date-times without an offset, and things that are not date-times', () => {
    for (const observedAt of ['2026-11-25T10:00:00', '2026-11-25', '25/11/2026 10:00', 'yesterday', '']) {
      const result = bedStateSchema.safeParse(observation({ observedAt }));
      expect(result.success, observedAt).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['observedAt']);
    }
  });

  it('rejects unknown keys', () => {
    const result = bedStateSchema.safeParse({ ...observation(), patientName: 'should never be sent' });
    expect(result.success).toBe(false);
    expect(zodIssuesToDetails(result.error!.issues)).toContainEqual({
      path: 'patientName',
      message: 'is not a recognised field',
    });
  });

  it('rejects an unknown closed reason and a bad ward or event id', () => {
    expect(bedStateSchema.safeParse(observation({ closedReason: 'holiday' as never })).success).toBe(false);
    expect(bedStateSchema.safeParse(observation({ wardId: 'RX4 W01' })).success).toBe(false);
    expect(bedStateSchema.safeParse(observation({ eventId: '' })).success).toBe(false);
    expect(bedStateSchema.safeParse(observation({ eventId: 'has space' })).success).toBe(false);
    expect(bedStateSchema.safeParse(observation({ eventId: 'x'.repeat(129) })).success).toBe(false);
    expect(bedStateSchema.safeParse(observation({ eventId: 'x'.repeat(128) })).success).toBe(true);
  });

  it('never throws, whatever it is given, and every failure says why', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue()), (input) => {
        const result = bedStateSchema.safeParse(input);
        if (!result.success) {
          expect(result.error.issues.length).toBeGreaterThan(0);
          expect(() => zodIssuesToDetails(result.error.issues)).not.toThrow();
        }
      }),
    );
  });

  it('reports a bad value in one field at that field', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), fc.jsonValue(), (field, value) => {
        const result = bedStateSchema.safeParse({ ...observation(), [field]: value });
        if (!result.success) {
          expect(result.error.issues.length).toBeGreaterThan(0);
          for (const issue of result.error.issues) expect(issue.path[0]).toBe(field);
        }
      }),
    );
  });
});

describe('bedStateBatchSchema', () => {
  const events = (n: number) => Array.from({ length: n }, (_, i) => observation({ eventId: `evt-${i}` }));

  it(`takes 1 to ${MAX_BATCH_EVENTS} events`, () => {
    expect(MAX_BATCH_EVENTS).toBe(1000);
    expect(bedStateBatchSchema.safeParse({ events: events(0) }).success).toBe(false);
    expect(bedStateBatchSchema.safeParse({ events: events(1) }).success).toBe(true);
    expect(bedStateBatchSchema.safeParse({ events: events(1000) }).success).toBe(true);
    expect(bedStateBatchSchema.safeParse({ events: events(1001) }).success).toBe(false);
  });

  it('names the failing event and field in the body’s own terms', () => {
    const batch = { events: events(5) };
    (batch.events[3] as Record<string, unknown>).occupied = 'sixteen';
    const result = bedStateBatchSchema.safeParse(batch);
    expect(result.success).toBe(false);
    expect(zodIssuesToDetails(result.error!.issues).map((detail) => detail.path)).toEqual(['events[3].occupied']);
  });

  it('rejects unknown keys beside events and a missing events array', () => {
    expect(bedStateBatchSchema.safeParse({ events: events(1), extra: true }).success).toBe(false);
    expect(bedStateBatchSchema.safeParse({}).success).toBe(false);
    expect(bedStateBatchSchema.safeParse(observation()).success).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.record({ events: fc.array(fc.jsonValue()) })), (input) => {
        const result = bedStateBatchSchema.safeParse(input);
        if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('bedStateViolations (an impossible ward: a failure is 422)', () => {
  const paths = (state: BedStateObservation, prefix?: readonly PropertyKey[]) =>
    bedStateViolations(state, NOW, prefix).map((violation) => violation.path);

  it('finds nothing wrong with a possible ward', () => {
    expect(bedStateViolations(observation(), NOW)).toEqual([]);
  });

  it("refuses the event ids WardPulse gives its own HL7 census, which would make the census's next fact a conflict", () => {
    const violations = bedStateViolations(observation({ eventId: `${HL7_CENSUS_EVENT_ID_PREFIX}RX4-W01-7` }), NOW);
    expect(violations).toEqual([{ path: 'eventId', message: expect.stringContaining('must not start with "hl7-census-"') }]);
    // Only the prefix is reserved: an id merely containing the words is the source's own.
    expect(bedStateViolations(observation({ eventId: 'pas-hl7-census-1' }), NOW)).toEqual([]);
  });

  it.each(COUNT_FIELDS)('rejects a negative %s (sitrep rule: no negative numbers)', (field) => {
    expect(paths(observation({ [field]: -1 }))).toContain(field);
  });

  it.each(COUNT_FIELDS)(`rejects %s above ${MAX_BEDS_PER_WARD}`, (field) => {
    expect(paths(observation({ [field]: MAX_BEDS_PER_WARD + 1 }))).toContain(field);
  });

  it(`accepts a ward of exactly ${MAX_BEDS_PER_WARD} beds`, () => {
    expect(bedStateViolations(observation({ commissioned: MAX_BEDS_PER_WARD, closed: 0 }), NOW)).toEqual([]);
  });

  it('rejects more closed beds than commissioned', () => {
    expect(paths(observation({ commissioned: 10, closed: 11, occupied: 0, onLeave: 0, clinicallyReadyForDischarge: 0 }))).toEqual(
      ['closed'],
    );
    expect(paths(observation({ commissioned: 10, closed: 10, occupied: 0, onLeave: 0, clinicallyReadyForDischarge: 0 }))).toEqual(
      [],
    );
  });

  it('rejects more patients present than open beds (open = commissioned − closed)', () => {
    expect(paths(observation({ commissioned: 20, closed: 2, occupied: 19, onLeave: 0 }))).toEqual(['occupied']);
    expect(paths(observation({ commissioned: 20, closed: 2, occupied: 18, onLeave: 0 }))).toEqual([]);
  });

  it('allows occupied + on leave above open beds: held leave beds are reused (domain.md)', () => {
    expect(bedStateViolations(observation({ commissioned: 20, closed: 2, occupied: 18, onLeave: 4 }), NOW)).toEqual([]);
  });

  it('rejects more patients clinically ready for discharge than inpatients (present + on leave)', () => {
    const state = { occupied: 3, onLeave: 1 };
    expect(paths(observation({ ...state, clinicallyReadyForDischarge: 5 }))).toEqual(['clinicallyReadyForDischarge']);
    expect(paths(observation({ ...state, clinicallyReadyForDischarge: 4 }))).toEqual([]);
  });

  it('rejects an observation more than 5 minutes in the future, comparing instants', () => {
    expect(MAX_FUTURE_SKEW_MS).toBe(5 * MINUTE);
    expect(paths(observation({ observedAt: new Date(NOW + 4 * MINUTE).toISOString() }))).toEqual([]);
    expect(paths(observation({ observedAt: new Date(NOW + 5 * MINUTE).toISOString() }))).toEqual([]);
    expect(paths(observation({ observedAt: new Date(NOW + 5 * MINUTE + 1000).toISOString() }))).toEqual(['observedAt']);
    expect(paths(observation({ observedAt: new Date(NOW + 6 * MINUTE).toISOString() }))).toEqual(['observedAt']);
    // 10:04+01:00 is 09:04Z, an hour ago; 11:06+01:00 is 10:06Z, six minutes ahead.
    expect(paths(observation({ observedAt: '2026-11-25T10:04:00+01:00' }))).toEqual([]);
    expect(paths(observation({ observedAt: '2026-11-25T11:06:00+01:00' }))).toEqual(['observedAt']);
  });

  it('accepts observations from the past', () => {
    expect(paths(observation({ observedAt: '2020-01-01T00:00:00Z' }))).toEqual([]);
  });

  it('reports every independent problem, each with a message', () => {
    const violations = bedStateViolations(
      observation({
        commissioned: 10,
        closed: 0,
        occupied: 11,
        onLeave: 0,
        clinicallyReadyForDischarge: 12,
        observedAt: new Date(NOW + 60 * MINUTE).toISOString(),
      }),
      NOW,
    );
    expect(violations.map((violation) => violation.path).sort()).toEqual(
      ['clinicallyReadyForDischarge', 'observedAt', 'occupied'].sort(),
    );
    for (const violation of violations) expect(violation.message).not.toBe('');
  });

  it('names fields inside a batch with the prefix', () => {
    expect(paths(observation({ occupied: -2 }), ['events', 3])).toEqual(['events[3].occupied']);
    expect(
      paths(observation({ commissioned: 5, closed: 6, occupied: 0, onLeave: 0, clinicallyReadyForDischarge: 0 }), ['events', 0]),
    ).toEqual(['events[0].closed']);
  });

  /** Well-formed (stage 1) observations whose counts and times straddle every stage-2 boundary. */
  const countArb = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 25 }) },
    { weight: 1, arbitrary: fc.integer({ min: -3, max: -1 }) },
    { weight: 1, arbitrary: fc.integer({ min: MAX_BEDS_PER_WARD - 2, max: MAX_BEDS_PER_WARD + 2 }) },
  );
  type Counts = Pick<BedStateObservation, (typeof COUNT_FIELDS)[number]>;
  const anyCounts: fc.Arbitrary<Counts> = fc.record({
    commissioned: countArb,
    closed: countArb,
    occupied: countArb,
    onLeave: countArb,
    pendingAdmissions: countArb,
    clinicallyReadyForDischarge: countArb,
  });
  /** Counts built to sit on or inside the rules, often exactly at a limit. */
  const nearlyPossibleCounts: fc.Arbitrary<Counts> = fc
    .record({
      commissioned: fc.oneof(fc.integer({ min: 0, max: 25 }), fc.constant(MAX_BEDS_PER_WARD)),
      closedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      occupiedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      onLeave: fc.integer({ min: 0, max: 8 }),
      pendingAdmissions: fc.integer({ min: 0, max: 8 }),
      crfdShare: fc.double({ min: 0, max: 1, noNaN: true }),
      nudge: fc.constantFrom(0, 0, 0, 1), // sometimes one over a limit
      nudged: fc.constantFrom('closed', 'occupied', 'clinicallyReadyForDischarge'),
    })
    .map(({ commissioned, closedShare, occupiedShare, onLeave, pendingAdmissions, crfdShare, nudge, nudged }) => {
      const closed = Math.round(commissioned * closedShare);
      const occupied = Math.round((commissioned - closed) * occupiedShare);
      const counts: Counts = {
        commissioned,
        closed,
        occupied,
        onLeave,
        pendingAdmissions,
        clinicallyReadyForDischarge: Math.round((occupied + onLeave) * crfdShare),
      };
      counts[nudged] += nudge;
      return counts;
    });
  const wellFormedState: fc.Arbitrary<BedStateObservation> = fc
    .record({
      eventId: fc.string({
        unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
        minLength: 1,
        maxLength: 40,
      }),
      wardId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
      observedAt: fc
        .record({
          ms: fc.oneof(
            fc.integer({ min: NOW - 24 * 60 * MINUTE, max: NOW + 30 * MINUTE }),
            fc.integer({ min: NOW + MAX_FUTURE_SKEW_MS - 2000, max: NOW + MAX_FUTURE_SKEW_MS + 2000 }),
          ),
          offsetMinutes: fc.constantFrom(0, 60, -300, 330, 345, -720, 840),
        })
        .map(({ ms, offsetMinutes }) => (offsetMinutes === 0 ? new Date(ms).toISOString() : isoWithOffset(ms, offsetMinutes))),
      closedReason: fc.constantFrom('staffing', 'estates', 'infection-control', 'other'),
      counts: fc.oneof(anyCounts, nearlyPossibleCounts),
    })
    .map(({ counts, ...rest }) => ({ ...rest, ...counts }));

  /** The rules of the module header, written out independently. */
  function isPossibleWard(state: BedStateObservation, nowMs: number): boolean {
    const countsInRange = COUNT_FIELDS.every((field) => state[field] >= 0 && state[field] <= MAX_BEDS_PER_WARD);
    return (
      countsInRange &&
      state.closed <= state.commissioned &&
      state.occupied <= state.commissioned - state.closed &&
      state.clinicallyReadyForDischarge <= state.occupied + state.onLeave &&
      new Date(state.observedAt).getTime() - nowMs <= 5 * MINUTE
    );
  }

  it('never throws on a well-formed observation and is empty exactly when the ward is possible', () => {
    fc.assert(
      fc.property(wellFormedState, (state) => {
        expect(bedStateSchema.safeParse(state).success).toBe(true); // the arbitrary really is well-formed
        const violations = bedStateViolations(state, NOW);
        expect(violations.length === 0).toBe(isPossibleWard(state, NOW));
        for (const violation of violations) {
          expect(FIELDS).toContain(violation.path);
          expect(violation.message).not.toBe('');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
