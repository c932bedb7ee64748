import { s136SuiteStateSchema, s136SuiteStateViolations, type S136Suite, type S136SuiteState } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../demo/random.js';
import { initialS136SuiteState, nextS136SuiteState } from './s136-suite-movement.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const TICK = 5_000;
const suite = (index: number): S136Suite => ({
  id: `RX4-136-${index}`,
  trustOds: 'RX4',
  siteId: 'RX4-S1',
  name: `Suite ${index}`,
  ageGroup: 'adult',
  commissioned: true,
});

function valid(state: S136SuiteState, now: number): string[] {
  const parsed = s136SuiteStateSchema.safeParse(state);
  if (!parsed.success) return parsed.error.issues.map((issue) => issue.message);
  return s136SuiteStateViolations(parsed.data, now).map((detail) => `${detail.path} ${detail.message}`);
}

describe('Section 136 suites in the demo', () => {
  it('starts suites in every state, detentions up to a day old, all of them possible', () => {
    let id = 0;
    const context = { now: NOW, random: seededRandom('first'), newId: () => `n${id++}` };
    const states = Array.from({ length: 200 }, (_, index) => initialS136SuiteState(suite(index), context));
    for (const state of states) expect(valid(state, NOW)).toEqual([]);
    expect(new Set(states.map((state) => state.status))).toEqual(new Set(['available', 'occupied', 'closed']));
    const started = states.flatMap((state) =>
      state.status === 'occupied' ? [NOW - Date.parse(state.detentionStartedAt ?? state.since)] : [],
    );
    expect(Math.max(...started)).toBeGreaterThan(22 * 3_600_000);
    expect(states.some((state) => state.status === 'occupied' && state.detentionStartedAt !== undefined)).toBe(true);
  });

  it('fills and empties over a demo hour, every state possible and each later than the last', () => {
    let id = 0;
    const random = seededRandom('hour');
    let states = Array.from({ length: 20 }, (_, index) =>
      initialS136SuiteState(suite(index), { now: NOW, random, newId: () => `n${id++}` }),
    );
    let changes = 0;
    let occupiedTicks = 0;
    const ticks = 720; // an hour of 5-second ticks
    for (let tick = 1; tick <= ticks; tick++) {
      const now = NOW + tick * TICK;
      states = states.map((state) => {
        const next = nextS136SuiteState(state, { now, random, newId: () => `n${id++}` });
        if (!next) return state;
        changes++;
        expect(valid(next, now)).toEqual([]);
        expect(Date.parse(next.observedAt)).toBeGreaterThan(Date.parse(state.observedAt));
        return next;
      });
      occupiedTicks += states.filter((state) => state.status === 'occupied').length;
    }
    expect(changes).toBeGreaterThan(40);
    // About seven suites in ten occupied: busy, with some room most of the time.
    const occupiedShare = occupiedTicks / (ticks * states.length);
    expect(occupiedShare).toBeGreaterThan(0.5);
    expect(occupiedShare).toBeLessThan(0.9);
  });
});
