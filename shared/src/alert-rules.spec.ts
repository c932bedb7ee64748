import { referralFigures } from './referrals.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alertConditionSchema,
  alertRuleSchema,
  evaluateCondition,
  initialAlertState,
  nextAlertState,
  type AlertState,
  type AlertTransition,
  type ConditionResult,
} from './alert-rules.js';
import { sumBedCounts } from './bed-occupancy.js';
import { emptyDelayFigures } from './discharge-delays.js';
import type { LiveSummary } from './live.js';
import { placementFigures } from './placements.js';
import { sumTrustFigures } from './trust-figures.js';
import { videoFigures } from './video-consultations.js';

const MINUTE = 60_000;
const yes = (value = 1): ConditionResult => ({ kind: 'true', value });
const no = (value = 0): ConditionResult => ({ kind: 'false', value });

/** Walks a rule through results one minute apart; returns the states and transitions. */
function walk(results: ConditionResult[], rule = { pendingForSeconds: 30 * 60, keepFiringForSeconds: 15 * 60 }) {
  let state: AlertState = initialAlertState(0);
  const states: string[] = [];
  const transitions: NonNullable<AlertTransition>[] = [];
  results.forEach((result, minute) => {
    const next = nextAlertState(state, result, rule, minute * MINUTE);
    state = next.state;
    states.push(state.state);
    if (next.transition) transitions.push(next.transition);
  });
  return { states, transitions, state };
}

describe('the alert lifecycle', () => {
  // "Trust occupancy including leave > 100% for 30 minutes" (issue #6): 30 minutes pending.
  it('fires only after the condition has held for the pending period', () => {
    const { states, transitions } = walk([...Array(31).fill(yes())]);
    expect(states.slice(0, 30).every((state) => state === 'pending')).toBe(true);
    expect(states[30]).toBe('firing');
    expect(transitions).toEqual([{ to: 'firing', at: 30 * MINUTE }]);
  });

  it('does not fire for a value that flaps around the threshold', () => {
    const flapping = Array.from({ length: 120 }, (_, minute) => (minute % 20 < 15 ? yes() : no()));
    const { transitions, states } = walk(flapping);
    expect(transitions).toEqual([]);
    expect(states).not.toContain('firing');
  });

  it('keeps firing through a short dip, and resolves once clear for the keep-firing period', () => {
    const results = [...Array(31).fill(yes()), ...Array(10).fill(no()), yes(), ...Array(16).fill(no())];
    const { states, transitions } = walk(results);
    expect(states[31]).toBe('recovering');
    expect(states[41]).toBe('firing'); // back before 15 minutes passed: still the same alert
    expect(states.at(-2)).toBe('recovering');
    expect(states.at(-1)).toBe('normal');
    expect(transitions).toEqual([
      { to: 'firing', at: 30 * MINUTE },
      { to: 'resolved', at: 57 * MINUTE, firedFor: 27 * MINUTE },
    ]);
  });

  it('fires at once with no pending period and resolves at once without keep-firing', () => {
    const { transitions } = walk([yes(), no()], { pendingForSeconds: 0, keepFiringForSeconds: 0 });
    expect(transitions).toEqual([
      { to: 'firing', at: 0 },
      { to: 'resolved', at: MINUTE, firedFor: MINUTE },
    ]);
  });

  it('reports no data and errors as states, and keeps a firing alert firing through a gap in data', () => {
    expect(walk([{ kind: 'no-data' }]).states).toEqual(['no-data']);
    expect(walk([{ kind: 'error', message: 'redis down' }]).states).toEqual(['error']);
    const gap = walk([...Array(31).fill(yes()), { kind: 'no-data' }, { kind: 'no-data' }]);
    expect(gap.states.slice(-2)).toEqual(['firing', 'firing']);
    expect(gap.transitions).toHaveLength(1);
  });

  it('never fires twice without resolving, and only after the condition held for the pending period', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 300 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (bits, pending, keep) => {
          const results = bits.map((bit) => (bit ? yes() : no()));
          const { transitions } = walk(results, { pendingForSeconds: pending * 60, keepFiringForSeconds: keep * 60 });
          transitions.forEach((transition, index) => expect(transition.to).toBe(index % 2 === 0 ? 'firing' : 'resolved'));
          for (const transition of transitions.filter((t) => t.to === 'firing')) {
            const minute = transition.at / MINUTE;
            // Held for the whole pending period before firing.
            expect(bits.slice(minute - pending, minute + 1).every(Boolean)).toBe(true);
          }
        },
      ),
    );
  });
});

function summary(overrides: Partial<LiveSummary> = {}): LiveSummary {
  const beds = sumBedCounts([
    { commissioned: 20, closed: 0, occupied: 19, onLeave: 2, pendingAdmissions: 3, clinicallyReadyForDischarge: 1 },
  ]);
  return {
    scope: 'trust:RX4',
    at: '2026-11-26T10:00:00Z',
    escalation: null,
    beds,
    notReporting: { count: 0, wardIds: [] },
    placements: placementFigures([], 0),
    waitingLists: [],
    video: videoFigures([], 0),
    trustFigures: sumTrustFigures([]),
    dischargeDelays: emptyDelayFigures(),
    stays: null,
    referrals: referralFigures([], 0),
    trusts: [],
    ...overrides,
  };
}

describe('conditions', () => {
  it('compares a live figure with its threshold: 21 of 20 beds is 105% including leave', () => {
    const condition = { kind: 'threshold', figure: 'occupancyIncludingLeave', comparator: '>', value: 1 } as const;
    expect(evaluateCondition(condition, summary())).toEqual({ kind: 'true', value: 1.05 });
    expect(evaluateCondition({ ...condition, value: 1.1 }, summary())).toEqual({ kind: 'false', value: 1.05 });
    expect(evaluateCondition(condition, summary({ beds: sumBedCounts([]) }))).toEqual({ kind: 'no-data' });
  });

  it('watches escalation, vacant beds of a type, new inappropriate OAPs and silent feeds', () => {
    const level3 = summary({
      escalation: { scope: 'trust:RX4', level: 3, previousLevel: 2, indicators: [], changedAt: '', assessedAt: '' },
    });
    expect(evaluateCondition({ kind: 'escalation-level', atLeast: 3 }, level3).kind).toBe('true');
    expect(evaluateCondition({ kind: 'escalation-level', atLeast: 4 }, level3).kind).toBe('false');
    expect(evaluateCondition({ kind: 'no-vacant-bed', wardType: 'picu' }, summary(), { vacantOfType: 0 }).kind).toBe('true');
    expect(evaluateCondition({ kind: 'no-vacant-bed', wardType: 'picu' }, summary(), { vacantOfType: 2 }).kind).toBe('false');
    expect(evaluateCondition({ kind: 'new-inappropriate-oap' }, summary(), { newInappropriateOaps: 1 }).kind).toBe('true');
    expect(evaluateCondition({ kind: 'feed-silent', minutes: 30 }, summary(), { minutesSinceLastFact: 45 }).kind).toBe('true');
    expect(evaluateCondition({ kind: 'feed-silent', minutes: 30 }, summary(), { minutesSinceLastFact: null }).kind).toBe('true');
    expect(evaluateCondition({ kind: 'feed-silent', minutes: 30 }, summary(), { minutesSinceLastFact: 5 }).kind).toBe('false');
    expect(evaluateCondition({ kind: 'sitrep-unsigned' }, summary(), { lateSitreps: 1 })).toEqual({ kind: 'true', value: 1 });
    expect(evaluateCondition({ kind: 'sitrep-unsigned' }, summary(), { lateSitreps: 0 }).kind).toBe('false');
    expect(evaluateCondition({ kind: 'sitrep-unsigned' }, summary()).kind).toBe('no-data');
  });

  it('fires when no Section 136 suite has been empty for N minutes, and knows nothing before suites report', () => {
    const rule = { kind: 'no-empty-s136-suite', minutes: 30 } as const;
    expect(evaluateCondition(rule, summary(), { minutesWithoutEmptyS136Suite: 30 })).toEqual({ kind: 'true', value: 30 });
    expect(evaluateCondition(rule, summary(), { minutesWithoutEmptyS136Suite: 29.5 })).toEqual({ kind: 'false', value: 29.5 });
    // One suite is empty now.
    expect(evaluateCondition(rule, summary(), { minutesWithoutEmptyS136Suite: 0 })).toEqual({ kind: 'false', value: 0 });
    expect(evaluateCondition(rule, summary(), { minutesWithoutEmptyS136Suite: null })).toEqual({ kind: 'no-data' });
    expect(evaluateCondition(rule, summary())).toEqual({ kind: 'no-data' });
    expect(alertConditionSchema.safeParse({ ...rule, minutes: 0 }).success).toBe(false);
    expect(alertConditionSchema.safeParse({ ...rule, ageGroup: 'cyp' }).success).toBe(true);
  });

  it('validates rules, naming the field', () => {
    const rule = {
      name: 'RX4 over 100%',
      scope: 'trust:RX4',
      condition: { kind: 'threshold', figure: 'occupancyIncludingLeave', comparator: '>', value: 1 },
      severity: 'critical',
      pendingForSeconds: 1800,
      keepFiringForSeconds: 900,
    };
    expect(alertRuleSchema.safeParse(rule).success).toBe(true);
    const bad = alertRuleSchema.safeParse({
      ...rule,
      condition: { ...rule.condition, figure: 'happiness' },
      pendingForSeconds: -1,
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['condition.figure', 'pendingForSeconds']);
  });
});
