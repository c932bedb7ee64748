/**
 * How a simulated trust's out-of-area placements (OAPs) start, change and end (domain.md, the
 * MHSDS OAP measures):
 * - a placement starts when the trust has no vacant bed of a bed type in the national scope
 *   (adult acute, older adult acute, PICU) and someone is waiting for admission to one: mostly
 *   inappropriate ("no bed available", the only inappropriate reason); a few appropriate placements start whatever the beds
 *   (safeguarding, offender pathway, patient choice…);
 * - receiving providers are a mix of other NHS trusts and independent-sector hospitals (the
 *   latter more often, and dearer); distances are skewed so ~57% are over 100 km from home;
 * - placements last weeks (77% nationally last 15+ nights). A demo runs minutes, so each active
 *   placement ends with a small chance on every tick, higher when the trust has many, which
 *   keeps a handful active per trust; starts are sometimes backdated a few days so the month's
 *   bed days show at once;
 * - now and then a placement's details are corrected ("updated": distance or daily cost).
 *
 * Placement ids are pseudonymous (`sim-…`); nothing identifies a person. Only the simulator's own
 * placements are moved, never those another source sent. Pure given a Random and an id source.
 */
import type {
  BedCounts,
  PlacementBedType,
  PlacementDetails,
  PlacementEvent,
  PlacementRecord,
  PlacementReason,
  WardType,
} from '@wardpulse/shared';
import { PLACEMENT_BED_TYPES, isActive, mergePlacementEvent, placementBedTypeOf, vacantBeds } from '@wardpulse/shared';
import { pick, pickWeighted, randomInt, type Random } from '../demo/random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Prefix of the simulator's placement ids: pseudonymous, and how it knows its own placements. */
export const SIMULATED_PLACEMENT_PREFIX = 'sim-';

/** The knobs, per tick (a tick is a few seconds; the defaults suit 5 s and 11 trusts). */
export const PLACEMENT_TUNING = {
  /** Chance a placement starts, per bed type with no vacant bed and someone waiting. */
  startChance: { 'adult-acute': 0.05, 'older-adult-acute': 0.025, picu: 0.03 } satisfies Record<PlacementBedType, number>,
  /** Chance an appropriate placement starts, per trust, whatever the beds. */
  appropriateChance: 0.002,
  /** Chance an active placement ends: mean ≈ 1 / 0.002 = 500 ticks ≈ 40 minutes at 5 s. */
  endChance: 0.002,
  /** Extra end chance per active placement above `usualActive` (keeps a handful, not dozens). */
  crowdingEndChance: 0.003,
  usualActive: 6,
  /** No new starts while this many are active (a demo board, not a crisis). */
  maxActive: 14,
  /** Chance an active placement's details are corrected: about once in its demo stay. */
  updateChance: 0.0008,
  /** Share of starts reported late, backdated up to `backdateMaxDays`. */
  backdateShare: 0.35,
  backdateMaxDays: 3,
  /** A trust's first tick: this many active placements, started up to `seedMaxDaysAgo` ago… */
  seedActive: [2, 5] as const,
  seedMaxDaysAgo: 42,
  /** …and this many already ended in the last days, after stays of weeks. */
  seedEnded: [0, 2] as const,
  /** Share of placements sent to the independent sector (the rest go to other NHS trusts). */
  independentShare: 0.65,
};

/** Independent-sector hospitals: invented names, so no real provider is implied. */
export const INDEPENDENT_PROVIDERS = [
  'Brookvale Hospital (independent)',
  'Greystones Clinic',
  'Kingsmead Hospital',
  'Larkhill Mental Health Centre',
  'The Cloisters Hospital',
  'Redwood House',
  'Harbourside Hospital',
  'Fairmile Lodge',
  'Westbrook Clinic',
  'St Aidan’s Independent Hospital',
] as const;

/** An NHS trust that can receive a placement (the other demo trusts). */
export interface NhsProvider {
  ods: string;
  name: string;
}

// The ward type → OAP bed type mapping is shared (the escalation rule counts by it too).
export { placementBedTypeOf };

/** A trust's beds of one bed type right now. */
export interface BedTypePressure {
  bedType: PlacementBedType;
  wards: number;
  vacant: number;
  pendingAdmissions: number;
}

/** Vacant beds and pending admissions per bed type, over the wards that have a state. */
export function bedPressure(wards: readonly { type: WardType; state: BedCounts }[]): BedTypePressure[] {
  return PLACEMENT_BED_TYPES.map((bedType) => {
    const ofType = wards.filter((ward) => placementBedTypeOf(ward.type) === bedType);
    return {
      bedType,
      wards: ofType.length,
      vacant: ofType.reduce((sum, ward) => sum + vacantBeds(ward.state), 0),
      pendingAdmissions: ofType.reduce((sum, ward) => sum + ward.state.pendingAdmissions, 0),
    };
  });
}

/** Whether the trust must place someone out of area for want of a bed of this type. */
export function needsPlacement(pressure: BedTypePressure): boolean {
  return pressure.wards > 0 && pressure.vacant === 0 && pressure.pendingAdmissions > 0;
}

/** A normal variate (Box–Muller) from the Random. */
function normal(random: Random): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Distance from home: log-normal with a median of 115 km, so ~57% are over 100 km (domain.md),
 * within the UK's bounds.
 */
export function placementDistanceKm(random: Random): number {
  return Math.round(Math.min(700, Math.max(8, Math.exp(Math.log(115) + 0.8 * normal(random)))));
}

/** Details of a new placement. */
export function newPlacementDetails(
  random: Random,
  bedType: PlacementBedType,
  appropriate: boolean,
  nhsProviders: readonly NhsProvider[],
): PlacementDetails {
  const reason: PlacementReason = appropriate
    ? pickWeighted(random, [
        ['safeguarding', 3],
        ['offender-pathway', 2],
        ['patient-choice', 3],
        ['staff-member-or-family', 2],
        ['other', 1],
      ])
    : // Inappropriate is for want of a bed, and only that ("other" is not inappropriate, domain.md).
      'no-bed-available';
  const independent = nhsProviders.length === 0 || random() < PLACEMENT_TUNING.independentShare;
  const nhs = independent ? null : pick(random, nhsProviders);
  // Independent-sector beds cost more: ~£620–£1,000 a day against ~£480–£800 (rounded to £5).
  const dailyCost = Math.round((independent ? 620 + random() * 380 : 480 + random() * 320) / 5) * 5;
  return {
    bedType,
    appropriate,
    reason,
    receivingProvider: nhs
      ? { name: nhs.name, ods: nhs.ods, sector: 'nhs' }
      : { name: pick(random, INDEPENDENT_PROVIDERS), sector: 'independent' },
    distanceKm: placementDistanceKm(random),
    dailyCost,
  };
}

/** What the movement needs besides the Random. */
export interface PlacementContext {
  trustOds: string;
  now: number;
  random: Random;
  /** A fresh unique id (the simulator uses UUIDs). */
  newId: () => string;
  /** NHS trusts that can receive: not the sending trust. */
  nhsProviders: readonly NhsProvider[];
}

export interface PlacementMovement {
  events: PlacementEvent[];
  /** Bed types whose waiting patient was placed out of area (one pending admission less). */
  placedFromQueue: PlacementBedType[];
}

function started(context: PlacementContext, details: PlacementDetails, startedAt: number): PlacementEvent {
  return {
    eventId: `sim-${context.newId()}`,
    placementId: `${SIMULATED_PLACEMENT_PREFIX}${context.newId()}`,
    sendingTrust: context.trustOds,
    event: 'started',
    occurredAt: new Date(startedAt).toISOString(),
    details,
  };
}

function ended(context: PlacementContext, placementId: string, endedAt: number): PlacementEvent {
  return {
    eventId: `sim-${context.newId()}`,
    placementId,
    sendingTrust: context.trustOds,
    event: 'ended',
    occurredAt: new Date(endedAt).toISOString(),
  };
}

function randomBedType(random: Random, pressure: readonly BedTypePressure[]): PlacementBedType {
  const present = pressure.filter((entry) => entry.wards > 0).map((entry) => entry.bedType);
  return pickWeighted(
    random,
    (present.length > 0 ? present : ['adult-acute' as const]).map(
      (bedType) => [bedType, bedType === 'adult-acute' ? 6 : 2] as const,
    ),
  );
}

/** A trust's first placements: a few active with stays of days to weeks, and perhaps a few recently ended. */
export function seedPlacements(context: PlacementContext, pressure: readonly BedTypePressure[]): PlacementEvent[] {
  const { random, now } = context;
  const events: PlacementEvent[] = [];
  const details = () => newPlacementDetails(random, randomBedType(random, pressure), random() < 0.1, context.nhsProviders);
  const activeCount = randomInt(random, ...PLACEMENT_TUNING.seedActive);
  for (let index = 0; index < activeCount; index++) {
    const startedAt = now - (1 + random() * (PLACEMENT_TUNING.seedMaxDaysAgo - 1)) * DAY;
    events.push(started(context, details(), startedAt));
  }
  const endedCount = randomInt(random, ...PLACEMENT_TUNING.seedEnded);
  for (let index = 0; index < endedCount; index++) {
    const endedAt = now - (0.1 + random() * 9.9) * DAY;
    const start = started(context, details(), endedAt - (14 + random() * 42) * DAY);
    events.push(start, ended(context, start.placementId, endedAt));
  }
  return events;
}

/**
 * One tick of a trust's placements, given its placement records (all sources) and its beds.
 * Ends come at `now`, never before a start; starts are at `now` or backdated, never in the future.
 */
export function nextPlacementEvents(
  records: readonly PlacementRecord[],
  pressure: readonly BedTypePressure[],
  context: PlacementContext,
): PlacementMovement {
  const { random, now } = context;
  const tuning = PLACEMENT_TUNING;
  const events: PlacementEvent[] = [];
  const placedFromQueue: PlacementBedType[] = [];
  const active = records.filter((record) => isActive(record, now));
  const endChance = tuning.endChance + tuning.crowdingEndChance * Math.max(0, active.length - tuning.usualActive);
  let stillActive = active.length;
  for (const record of active) {
    if (!record.placementId.startsWith(SIMULATED_PLACEMENT_PREFIX) || record.startedAt === null) continue;
    const roll = random();
    if (roll < endChance) {
      events.push(ended(context, record.placementId, Math.max(now, Date.parse(record.startedAt))));
      stillActive--;
    } else if (roll < endChance + tuning.updateChance && record.details) {
      events.push({
        eventId: `sim-${context.newId()}`,
        placementId: record.placementId,
        sendingTrust: context.trustOds,
        event: 'updated',
        occurredAt: new Date(Math.max(now, Date.parse(record.detailsAt ?? record.startedAt))).toISOString(),
        details: correctedDetails(record.details, random),
      });
    }
  }
  const startAt = () => (random() < tuning.backdateShare ? now - (HOUR + random() * (tuning.backdateMaxDays * DAY - HOUR)) : now);
  for (const entry of pressure) {
    if (stillActive >= tuning.maxActive) break;
    if (needsPlacement(entry) && random() < tuning.startChance[entry.bedType]) {
      events.push(started(context, newPlacementDetails(random, entry.bedType, false, context.nhsProviders), startAt()));
      placedFromQueue.push(entry.bedType);
      stillActive++;
    }
  }
  if (stillActive < tuning.maxActive && random() < tuning.appropriateChance) {
    const details = newPlacementDetails(random, randomBedType(random, pressure), true, context.nhsProviders);
    events.push(started(context, details, startAt()));
  }
  return { events, placedFromQueue };
}

/** A correction: the distance re-measured, or the daily cost agreed with the provider. */
export function correctedDetails(details: PlacementDetails, random: Random): PlacementDetails {
  if (random() < 0.6) {
    const distanceKm = Math.round(Math.min(700, Math.max(8, details.distanceKm * (0.85 + random() * 0.3))));
    return { ...details, distanceKm: distanceKm !== details.distanceKm ? distanceKm : distanceKm >= 700 ? 699 : distanceKm + 1 };
  }
  const dailyCost = Math.round(Math.min(1100, Math.max(450, details.dailyCost * (0.9 + random() * 0.2))) / 5) * 5;
  return { ...details, dailyCost: dailyCost !== details.dailyCost ? dailyCost : dailyCost >= 1100 ? 1095 : dailyCost + 5 };
}

/**
 * The records a trust's placements have once `events` are applied: the live records may lag the
 * events the simulator sent (workers apply them a moment later), and merging is idempotent and
 * order-independent, so folding sent events onto live records gives the current truth.
 */
export function withEvents(records: readonly PlacementRecord[], events: readonly PlacementEvent[]): PlacementRecord[] {
  const byId = new Map(records.map((record) => [record.placementId, record]));
  for (const event of events) byId.set(event.placementId, mergePlacementEvent(byId.get(event.placementId) ?? null, event));
  return [...byId.values()];
}
