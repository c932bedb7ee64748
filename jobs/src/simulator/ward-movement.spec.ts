import { bedStateSchema, bedStateViolations, sumBedCounts, type BedStateObservation } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { demoOrganisation } from '../demo/demo-organisations.js';
import { seededRandom } from '../demo/random.js';
import { initialWardState, nextWardState, type SimulatedWardState } from './ward-movement.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const STEPS = 2_000;
const SEEDS = Array.from({ length: 40 }, (_, i) => `seed-${i}`);
/** Demo wards have 10–25 commissioned beds (demo-organisations.ts). */
const WARD_SIZES = [10, 12, 16, 20, 25];

/** The observation the simulator sends for a state, as in simulator.ts. */
function asObservation(state: SimulatedWardState, step: number): BedStateObservation {
  return {
    eventId: `sim-${step}`,
    wardId: 'RX4-W01',
    observedAt: new Date(NOW).toISOString(),
    commissioned: state.commissioned,
    closed: state.closed,
    ...(state.closedReason ? { closedReason: state.closedReason } : {}),
    occupied: state.occupied,
    onLeave: state.onLeave,
    pendingAdmissions: state.pendingAdmissions,
    clinicallyReadyForDischarge: state.clinicallyReadyForDischarge,
  };
}

/** Every problem with a simulated state: the ingest rules, plus the simulator's own bookkeeping. */
function problems(state: SimulatedWardState, commissioned: number, step: number): string[] {
  const observation = asObservation(state, step);
  const shape = bedStateSchema.safeParse(observation);
  const found = shape.success ? [] : shape.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  found.push(...bedStateViolations(observation, NOW).map((violation) => `${violation.path}: ${violation.message}`));
  if (state.commissioned !== commissioned) found.push('commissioned beds changed');
  if (state.closed > 0 !== (state.closedReason !== null)) found.push('closed reason without closed beds, or the reverse');
  return found;
}

describe('initialWardState and nextWardState', () => {
  it('only ever produce states the ingest rules accept (many seeds, 2,000 steps each)', () => {
    for (const seed of SEEDS) {
      for (const commissioned of WARD_SIZES) {
        const random = seededRandom(`${seed}/${commissioned}`);
        let state = initialWardState(commissioned, random);
        expect(problems(state, commissioned, 0), `${seed}, ${commissioned} beds, initial`).toEqual([]);
        for (let step = 1; step <= STEPS; step++) {
          state = nextWardState(state, random);
          const found = problems(state, commissioned, step);
          // Only build the message when something is wrong: 400,000 steps run here.
          if (found.length > 0)
            expect(found, `${seed}, ${commissioned} beds, step ${step}: ${JSON.stringify(state)}`).toEqual([]);
        }
      }
    }
  });

  it('do not change the state they are given', () => {
    const random = seededRandom('immutability');
    const state = initialWardState(20, random);
    const before = structuredClone(state);
    for (let step = 0; step < 50; step++) nextWardState(state, random);
    expect(state).toEqual(before);
  });

  it('are deterministic: the same random sequence gives the same movement', () => {
    const run = () => {
      const random = seededRandom('repeatable');
      const states = [initialWardState(18, random)];
      for (let step = 0; step < 200; step++) states.push(nextWardState(states[states.length - 1]!, random));
      return states;
    };
    expect(run()).toEqual(run());
  });

  it('move: a long run is not stuck in one state', () => {
    const random = seededRandom('moves');
    let state = initialWardState(20, random);
    const seen = new Set<string>();
    for (let step = 0; step < STEPS; step++) {
      state = nextWardState(state, random);
      seen.add(`${state.occupied}/${state.onLeave}`);
    }
    expect(seen.size).toBeGreaterThan(3);
  });

  it('keep occupancy including leave in the 90–105% band mental health trusts report, on average (domain.md)', () => {
    // A realistic set of wards: the demo organisation's own wards and bed numbers.
    const wards = demoOrganisation().wards;
    for (const seed of ['band-1', 'band-2', 'band-3']) {
      const random = seededRandom(seed);
      let states = wards.map((ward) => initialWardState(ward.commissionedBeds, random));
      let sum = 0;
      for (let step = 0; step < STEPS; step++) {
        states = states.map((state) => nextWardState(state, random));
        // Occupancy including leave = (occupied + on leave) ÷ open, from summed counts (KH03).
        sum += sumBedCounts(states).occupancyIncludingLeave!;
      }
      const mean = sum / STEPS;
      expect(mean, seed).toBeGreaterThanOrEqual(0.9);
      expect(mean, seed).toBeLessThanOrEqual(1.05);
    }
  });
});
