/**
 * Section 136 suites in the demo: police bring people in, assessments end, suites close for cleaning
 * or staffing and reopen. Per tick, each suite may change state; a suite with no state yet gets a
 * plausible one, occupied suites with detentions begun up to a day ago (some due soon, now and then
 * one over the limit) so a fresh board shows every kind of suite at once.
 *
 * Rates are per tick (5 s by default) and demo-compressed: people arrive every few minutes and
 * stay tens of minutes, not hours, so a watched board moves; detention clocks run in real time.
 * At these rates about seven suites in ten are occupied, so a collaborative is sometimes left with
 * no empty suite — what the "no empty Section 136 suite" alert rule is for.
 */
import type { ClosedReason, S136Suite, S136SuiteState } from '@wardpulse/shared';
import { pickWeighted, randomInt, type Random } from '../demo/random.js';

/** Chance per tick that police bring someone to an available suite. */
export const S136_ARRIVAL_CHANCE = 1 / 80;
/** Chance per tick that an occupied suite's person leaves (assessed: admitted, discharged, moved on). */
export const S136_DEPARTURE_CHANCE = 1 / 200;
/** Chance per tick that a suite closes (cleaning after use, staffing, damage). */
export const S136_CLOSURE_CHANCE = 1 / 1500;
/** Chance per tick that a closed suite reopens. */
export const S136_REOPENING_CHANCE = 1 / 40;
/** Chance that a person was taken to A&E before the suite (the detention began there). */
const VIA_EMERGENCY_DEPARTMENT = 0.3;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface SuiteMoveContext {
  now: number;
  random: Random;
  newId: () => string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function closure(random: Random): ClosedReason {
  return pickWeighted<ClosedReason>(random, [
    ['other', 4],
    ['staffing', 3],
    ['estates', 2],
    ['infection-control', 1],
  ]);
}

function occupied(suiteId: string, arrivedAt: number, context: SuiteMoveContext): S136SuiteState {
  const viaEd = context.random() < VIA_EMERGENCY_DEPARTMENT;
  return {
    eventId: `sim-${context.newId()}`,
    suiteId,
    observedAt: iso(context.now),
    status: 'occupied',
    since: iso(arrivedAt),
    ...(viaEd ? { detentionStartedAt: iso(arrivedAt - randomInt(context.random, 30, 300) * MINUTE) } : {}),
  };
}

/** A suite's first state: occupied (detention begun up to 23 h 50 min ago), closed or available. */
export function initialS136SuiteState(suite: S136Suite, context: SuiteMoveContext): S136SuiteState {
  const { now, random } = context;
  const kind = pickWeighted(random, [
    ['occupied', 6],
    ['available', 3],
    ['closed', 1],
  ] as const);
  const head = { eventId: `sim-${context.newId()}`, suiteId: suite.id, observedAt: iso(now) };
  if (kind === 'available') return { ...head, status: 'available', since: iso(now - randomInt(random, 1, 180) * MINUTE) };
  if (kind === 'closed')
    return { ...head, status: 'closed', closedReason: closure(random), since: iso(now - randomInt(random, 5, 240) * MINUTE) };
  const state = occupied(suite.id, now - randomInt(random, 10, 23 * 60 + 50) * MINUTE, context);
  // Detentions long enough that an examining doctor would have extended some (s136B).
  if (state.status === 'occupied' && now - Date.parse(state.detentionStartedAt ?? state.since) > 20 * HOUR && random() < 0.4)
    return { ...state, extensionHours: randomInt(random, 4, 12) };
  return state;
}

/** The suite's next state this tick, or null when it stays as it is. */
export function nextS136SuiteState(current: S136SuiteState, context: SuiteMoveContext): S136SuiteState | null {
  const { now, random } = context;
  const head = { eventId: `sim-${context.newId()}`, suiteId: current.suiteId, observedAt: iso(now) };
  switch (current.status) {
    case 'available':
      if (random() < S136_ARRIVAL_CHANCE) return occupied(current.suiteId, now, context);
      if (random() < S136_CLOSURE_CHANCE) return { ...head, status: 'closed', closedReason: closure(random), since: iso(now) };
      return null;
    case 'occupied':
      // Most suites are cleaned and ready at once; some close for a while after use.
      if (random() < S136_DEPARTURE_CHANCE)
        return random() < 0.15
          ? { ...head, status: 'closed', closedReason: 'other', since: iso(now) }
          : { ...head, status: 'available', since: iso(now) };
      return null;
    case 'closed':
      if (random() < S136_REOPENING_CHANCE) return { ...head, status: 'available', since: iso(now) };
      return null;
  }
}
