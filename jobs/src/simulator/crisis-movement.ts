/**
 * Alternatives to admission in the demo: people come into and leave crisis houses and day
 * services, home treatment teams take people on and discharge them, a place now and then closes
 * (staffing) and reopens. A service with no report yet gets a plausible one; after that each tick a
 * service may move by one, and one that has not moved reports again every half hour so it never
 * looks not-reporting on a watched board.
 *
 * Occupancy is illustrative (no national figure of crisis house or day service occupancy is
 * published): houses mostly full (about four places in five), day services around two in three,
 * home treatment teams close to their caseload and now and then over it (teams do run over,
 * docs/measures.md), so boards show free places, full houses and a team over capacity at once.
 */
import { countsPlaces, type CrisisCapacityReport, type CrisisService } from '@wardpulse/shared';
import type { Random } from '../demo/random.js';

/** Chance per tick that a service's use changes by one. */
export const CRISIS_MOVE_CHANCE = 1 / 30;
/** Chance per tick that one place of a service with none closed closes, or a closed one reopens. */
export const CRISIS_CLOSURE_CHANCE = 1 / 2000;
export const CRISIS_REOPENING_CHANCE = 1 / 60;
/** A service that has not moved reports again after this long (well within the not-reporting limit). */
export const CRISIS_HEARTBEAT_MS = 30 * 60_000;

/** The share of its capacity a service's use drifts around, by kind (see the header). */
const TYPICAL_USE: Record<CrisisService['kind'], { low: number; high: number }> = {
  'crisis-house': { low: 0.6, high: 1 },
  'crisis-day-service': { low: 0.5, high: 0.85 },
  'home-treatment-team': { low: 0.8, high: 1.08 },
};

export interface CrisisMoveContext {
  now: number;
  random: Random;
  newId: () => string;
}

function report(
  service: CrisisService,
  counts: Pick<CrisisCapacityReport, 'capacity' | 'inUse' | 'closed'>,
  context: CrisisMoveContext,
) {
  return { eventId: `sim-${context.newId()}`, serviceId: service.id, observedAt: new Date(context.now).toISOString(), ...counts };
}

/** The most a service may have in use: its open places for a house or day service, a fifth over for a team. */
function maxInUse(service: CrisisService, capacity: number, closed: number): number {
  const open = capacity - closed;
  return countsPlaces(service.kind) ? open : Math.ceil(open * 1.2);
}

export function initialCrisisReport(service: CrisisService, context: CrisisMoveContext): CrisisCapacityReport {
  const capacity = service.commissionedCapacity;
  const closed = capacity > 2 && context.random() < 0.1 ? 1 : 0;
  const { low, high } = TYPICAL_USE[service.kind];
  const share = low + (high - low) * context.random();
  const inUse = Math.min(maxInUse(service, capacity, closed), Math.round((capacity - closed) * share));
  return report(service, { capacity, closed, inUse }, context);
}

/** The service's next report, or null when nothing changed and the last report is recent. */
export function nextCrisisReport(
  service: CrisisService,
  current: CrisisCapacityReport,
  context: CrisisMoveContext,
): CrisisCapacityReport | null {
  const { random } = context;
  let { capacity, closed, inUse } = current;
  let moved = false;
  if (capacity !== service.commissionedCapacity) {
    // The organisation's capacity changed (an import): report against it from now on.
    capacity = service.commissionedCapacity;
    closed = Math.min(closed, capacity);
    moved = true;
  }
  if (closed === 0 && capacity > 2 && random() < CRISIS_CLOSURE_CHANCE) {
    closed = 1;
    moved = true;
  } else if (closed > 0 && random() < CRISIS_REOPENING_CHANCE) {
    closed -= 1;
    moved = true;
  }
  if (random() < CRISIS_MOVE_CHANCE) {
    const { low, high } = TYPICAL_USE[service.kind];
    // Drift back towards the typical band: up when below it, down when above, either way inside it.
    const share = capacity - closed > 0 ? inUse / (capacity - closed) : 1;
    const up = share < low ? 0.8 : share > high ? 0.2 : 0.5;
    inUse += random() < up ? 1 : -1;
    moved = true;
  }
  inUse = Math.max(0, Math.min(inUse, maxInUse(service, capacity, closed)));
  if (!moved && context.now - Date.parse(current.observedAt) < CRISIS_HEARTBEAT_MS) return null;
  return report(service, { capacity, closed, inUse }, context);
}
