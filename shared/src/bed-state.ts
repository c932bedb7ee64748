/**
 * A bed-state observation: what a source system saw on one ward at one moment.
 *
 * Validation has two stages with two status codes (issue #2's fixed interface):
 * - `bedStateSchema` — the shape: types, required fields, formats. Failing it is 400 (malformed).
 * - `bedStateViolations` — a well-formed observation that describes an impossible ward
 *   (negative counts, more closed beds than commissioned, more patients present than open
 *   beds, an observation from the future). Failing it is 422.
 */
import { z } from 'zod';
import { openBeds, type BedCounts } from './bed-occupancy.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { wardIdSchema } from './org.js';
import { sourceTimeViolations } from './text.js';
import type { WardBedState } from './live.js';

export const CLOSED_REASONS = ['staffing', 'estates', 'infection-control', 'other'] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];

/** How far ahead of the server clock an observation may claim to be (clock skew allowance). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
/** A ward larger than this is a data error, not a ward. */
export const MAX_BEDS_PER_WARD = 1000;
/** Largest batch accepted in one request. */
export const MAX_BATCH_EVENTS = 1000;

export const eventIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

const count = z.int('must be a whole number');

/**
 * Event ids WardPulse gives the bed states it derives from HL7 movements (`hl7-census-<ward>-<n>`,
 * jobs/src/hl7/hl7-census.ts). A source may not use them: event ids are unique per trust and kind,
 * so a feed's fact under such an id would make the census's next one a conflict, and its job fail.
 */
export const HL7_CENSUS_EVENT_ID_PREFIX = 'hl7-census-';

export const bedStateSchema = z.strictObject({
  eventId: eventIdSchema,
  wardId: wardIdSchema,
  observedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' }),
  commissioned: count,
  closed: count,
  closedReason: z.enum(CLOSED_REASONS).optional(),
  occupied: count,
  onLeave: count,
  pendingAdmissions: count,
  clinicallyReadyForDischarge: count,
});
/**
 * Where an observation came from. Feeds never send this (the ingest schema is strict): the door
 * that logs the observation sets it — the quick ward update `manual` with the person's name, the
 * HL7 census `hl7`, the CSV import `import`; absent means an electronic feed (API or simulator).
 */
export const BED_STATE_SOURCE_KINDS = ['feed', 'manual', 'hl7', 'import'] as const;
export type BedStateSourceKind = (typeof BED_STATE_SOURCE_KINDS)[number];
export const bedStateSourceSchema = z.object({
  kind: z.enum(BED_STATE_SOURCE_KINDS),
  name: z.string().nullable().describe('The person who keyed the figures (manual only); null for systems'),
});
export type BedStateSource = z.infer<typeof bedStateSourceSchema>;
export const FEED_SOURCE: BedStateSource = { kind: 'feed', name: null };

export type BedStateObservation = z.infer<typeof bedStateSchema> & { source?: BedStateSource };

export const bedStateBatchSchema = z.strictObject({
  events: z
    .array(bedStateSchema)
    .min(1, 'must contain at least one event')
    .max(MAX_BATCH_EVENTS, `must contain at most ${MAX_BATCH_EVENTS} events`),
});

const COUNT_FIELDS = [
  'commissioned',
  'closed',
  'occupied',
  'onLeave',
  'pendingAdmissions',
  'clinicallyReadyForDischarge',
] as const satisfies readonly (keyof BedCounts)[];

/**
 * Reasons this observation cannot describe a real ward. Empty when it is possible.
 * Occupied + on leave above open beds is legal: leave beds are reused, which is how
 * occupancy including leave passes 100%.
 */
export function bedStateViolations(
  state: BedStateObservation,
  nowMs: number,
  prefix: readonly PropertyKey[] = [],
): ErrorDetail[] {
  const at = (field: string) => formatPath([...prefix, field]);
  const violations: ErrorDetail[] = [];
  if (state.eventId.startsWith(HL7_CENSUS_EVENT_ID_PREFIX))
    violations.push({
      path: at('eventId'),
      message: `must not start with "${HL7_CENSUS_EVENT_ID_PREFIX}": those ids are WardPulse's own, for the bed states it derives from HL7`,
    });
  for (const field of COUNT_FIELDS) {
    if (state[field] < 0) violations.push({ path: at(field), message: `must not be negative (got ${state[field]})` });
    else if (state[field] > MAX_BEDS_PER_WARD)
      violations.push({ path: at(field), message: `must be at most ${MAX_BEDS_PER_WARD} (got ${state[field]})` });
  }
  if (violations.length > 0) return violations;

  if (state.closed > state.commissioned) {
    violations.push({
      path: at('closed'),
      message: `closed beds (${state.closed}) exceed commissioned beds (${state.commissioned})`,
    });
  } else if (state.occupied > openBeds(state)) {
    violations.push({
      path: at('occupied'),
      message: `patients present (${state.occupied}) exceed open beds (${openBeds(state)} = ${state.commissioned} commissioned − ${state.closed} closed)`,
    });
  }
  if (state.clinicallyReadyForDischarge > state.occupied + state.onLeave) {
    violations.push({
      path: at('clinicallyReadyForDischarge'),
      message: `patients clinically ready for discharge (${state.clinicallyReadyForDischarge}) exceed inpatients (${state.occupied} present + ${state.onLeave} on leave)`,
    });
  }
  if (Date.parse(state.observedAt) > nowMs + MAX_FUTURE_SKEW_MS) {
    violations.push({ path: at('observedAt'), message: 'is more than 5 minutes in the future' });
  }
  violations.push(...sourceTimeViolations(state.observedAt, [...prefix, 'observedAt']));
  return violations;
}

/**
 * The live state kept for a ward from an accepted observation. `override` is decided when it is
 * applied (live-state-repository.ts): a manual value on a ward an electronic source has reported.
 */
export function toWardBedState(observation: BedStateObservation, override = false): WardBedState {
  return {
    commissioned: observation.commissioned,
    closed: observation.closed,
    closedReason: observation.closedReason ?? null,
    occupied: observation.occupied,
    onLeave: observation.onLeave,
    pendingAdmissions: observation.pendingAdmissions,
    clinicallyReadyForDischarge: observation.clinicallyReadyForDischarge,
    observedAt: observation.observedAt,
    eventId: observation.eventId,
    source: observation.source ?? FEED_SOURCE,
    override,
  };
}

/** Electronic sources (feed, HL7, import) clear an override; a person's value may set one. */
export function isElectronicSource(source: BedStateSource): boolean {
  return source.kind !== 'manual';
}
