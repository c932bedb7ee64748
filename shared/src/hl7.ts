/**
 * HL7 v2 ADT movements, reduced at the door to what WardPulse keeps: which visit (an irreversible
 * per-feed key, never the identifier), what happened, where, and when. Defined once here for the
 * door (jobs/src/hl7), the worker that derives ward censuses, the admin API and the web app.
 *
 * The census of a ward is derived from each visit's movements, not from the order they arrived in:
 * `visitState` folds a visit's movements in event time after removing the ones cancelled (A11
 * cancels A01, A12 cancels A02, A13 cancels A03), so duplicates, cancellations and out-of-order
 * delivery all end in the same state.
 */
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { LONDON } from './calendar.js';
import { eventIdSchema } from './bed-state.js';
import { odsCodeSchema, wardIdSchema } from './org.js';
import { storableText } from './text.js';

/** Trigger events that move patients, and so change a ward's census (issue #9). */
export const HL7_MOVEMENT_EVENTS = ['A01', 'A02', 'A03', 'A08', 'A11', 'A12', 'A13', 'A17', 'A21', 'A22'] as const;
export type Hl7MovementEvent = (typeof HL7_MOVEMENT_EVENTS)[number];

export const HL7_EVENT_LABELS: Record<Hl7MovementEvent, string> = {
  A01: 'admit',
  A02: 'transfer',
  A03: 'discharge',
  A08: 'update',
  A11: 'cancel admit',
  A12: 'cancel transfer',
  A13: 'cancel discharge',
  A17: 'swap',
  A21: 'leave of absence out',
  A22: 'return from leave',
};

/** Which event each cancellation cancels. */
export const HL7_CANCELS: Partial<Record<Hl7MovementEvent, Hl7MovementEvent>> = { A11: 'A01', A12: 'A02', A13: 'A03' };

export const feedIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lower-case letters, digits and hyphens, starting with a letter or digit');

/** Parts of PV1-3 (assigned patient location): point of care ^ room ^ bed. Codes of places, not of people. */
const locationPart = storableText(80).regex(/^[\x20-\x7e]*$/, 'must be printable ASCII');
export const hl7LocationSchema = z.strictObject({
  pointOfCare: locationPart.min(1, 'must not be empty'),
  room: locationPart.nullable(),
  bed: locationPart.nullable(),
});
export type Hl7Location = z.infer<typeof hl7LocationSchema>;

/** HMAC-SHA256 of the visit number (PV1-19, or PID-3 when there is none) with the feed's secret, as hex. */
export const visitKeySchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits');

export const hl7VisitMoveSchema = z.strictObject({
  visitKey: visitKeySchema,
  /** PV1-3: where the visit is (or is held, on leave) after this event; null when the message names none. */
  location: hl7LocationSchema.nullable(),
});
export type Hl7VisitMove = z.infer<typeof hl7VisitMoveSchema>;

const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' });

/** One ADT message as kept: the event log's payload for kind `hl7Movement`. */
export const hl7MovementSchema = z.strictObject({
  eventId: eventIdSchema,
  feedId: feedIdSchema,
  trustOds: odsCodeSchema,
  event: z.enum(HL7_MOVEMENT_EVENTS),
  /** When it happened: EVN-6 (event occurred), else EVN-2 (recorded), else MSH-7. */
  occurredAt: isoTime,
  /** MSH-7: when the message was made (breaks ties between events of the same moment). */
  messageAt: isoTime,
  /** One visit, or two for A17 (swap). */
  visits: z.array(hl7VisitMoveSchema).min(1).max(2),
});
export type Hl7Movement = z.infer<typeof hl7MovementSchema>;

/** Where a visit stands after all its known movements. */
export interface Hl7VisitState {
  admitted: boolean;
  onLeave: boolean;
  location: Hl7Location | null;
  /** Event time of the last movement that took effect (null when none did). */
  lastEventAt: string | null;
  /**
   * When the visit's stay began: its admission (A01), or for a visit first seen already in (a
   * transfer or leave before the feed was connected) that first movement — an underestimate,
   * the earliest WardPulse can know. Null when it never was admitted or its admission was cancelled.
   */
  admittedAt: string | null;
  /** When it ended (A03), while it is not admitted again; null while the person is in. */
  dischargedAt: string | null;
}

/** Event time first, then message time, then event id: every worker orders a visit's movements alike. */
export function compareMovements(a: Hl7Movement, b: Hl7Movement): number {
  return (
    Date.parse(a.occurredAt) - Date.parse(b.occurredAt) ||
    Date.parse(a.messageAt) - Date.parse(b.messageAt) ||
    (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}

/**
 * The movements of a set that still count: each cancellation (in event-time order) removes the
 * latest not yet cancelled event it cancels that happened no later than itself. A cancellation
 * whose original has not arrived yet removes nothing until it does.
 */
export function effectiveMovements(movements: readonly Hl7Movement[]): Hl7Movement[] {
  const unique = new Map(movements.map((movement) => [movement.eventId, movement]));
  const sorted = [...unique.values()].sort(compareMovements);
  const cancelled = new Set<string>();
  for (const cancel of sorted) {
    const target = HL7_CANCELS[cancel.event];
    if (!target) continue;
    const at = Date.parse(cancel.occurredAt);
    const original = sorted
      .filter((candidate) => candidate.event === target && !cancelled.has(candidate.eventId))
      .filter((candidate) => Date.parse(candidate.occurredAt) <= at)
      .at(-1);
    if (original) cancelled.add(original.eventId);
  }
  // A cancelled admission also ends whatever followed it (A11 stays, as a reset); the other
  // cancellations only remove what they cancel, so the visit is as it was before it.
  return sorted.filter(
    (movement) => (movement.event === 'A11' || !HL7_CANCELS[movement.event]) && !cancelled.has(movement.eventId),
  );
}

/**
 * The state of one visit from every movement known for it (any order, duplicates included).
 * A transfer, swap or leave of a visit never seen before proves it is an inpatient (it was
 * admitted before the feed was connected); of a visit discharged (or whose admission was
 * cancelled) it changes nothing. An update (A08) only moves a visit already admitted.
 */
export function visitState(visitKey: string, movements: readonly Hl7Movement[]): Hl7VisitState {
  const state: Hl7VisitState = {
    admitted: false,
    onLeave: false,
    location: null,
    lastEventAt: null,
    admittedAt: null,
    dischargedAt: null,
  };
  for (const movement of effectiveMovements(movements)) {
    const move = movement.visits.find((visit) => visit.visitKey === visitKey);
    if (!move) continue;
    const location = move.location;
    switch (movement.event) {
      case 'A01':
        Object.assign(state, { admitted: true, onLeave: false, location, admittedAt: movement.occurredAt, dischargedAt: null });
        break;
      case 'A02':
      case 'A17':
        if (!state.admitted && state.lastEventAt !== null) continue;
        if (!state.admitted) Object.assign(state, { onLeave: false, admittedAt: movement.occurredAt });
        state.admitted = true;
        if (location) state.location = location;
        break;
      case 'A08':
        if (!state.admitted || !location) continue;
        state.location = location;
        break;
      case 'A03':
        if (state.admitted) state.dischargedAt = movement.occurredAt;
        Object.assign(state, { admitted: false, onLeave: false });
        break;
      case 'A11':
        Object.assign(state, { admitted: false, onLeave: false, admittedAt: null, dischargedAt: null });
        break;
      case 'A21':
      case 'A22':
        if (!state.admitted && state.lastEventAt !== null) continue;
        if (!state.admitted) state.admittedAt = movement.occurredAt;
        state.admitted = true;
        state.onLeave = movement.event === 'A21';
        if (location) state.location = location;
        break;
      default:
        continue;
    }
    state.lastEventAt = movement.occurredAt;
  }
  return state;
}

/** A feed as the admin API shows it (from configuration; the secret is never shown). */
export const hl7FeedSchema = z.object({
  id: z.string(),
  trustOds: z.string(),
  /** The MLLP port this feed connects to; null when it sends over HTTP only or shares the common port. */
  mllpPort: z.number().nullable(),
  /** Addresses allowed to connect over MLLP (empty: none; the feed is HTTP only). */
  allowFrom: z.array(z.string()),
  mllpProblem: z
    .string()
    .nullable()
    .describe('Why the feed’s MLLP port is not open (e.g. it has no allowFrom); null when it is, or it has none'),
  httpPath: z.string().describe('POST messages here with an API key allowed to ingest for the trust'),
});
export type Hl7Feed = z.infer<typeof hl7FeedSchema>;

export const hl7LocationMappingSchema = z.object({
  id: z.string(),
  feedId: z.string(),
  pointOfCare: z.string(),
  room: z.string().nullable(),
  bed: z.string().nullable(),
  wardId: z.string(),
  createdAt: z.string(),
});
export type Hl7LocationMapping = z.infer<typeof hl7LocationMappingSchema>;

export const createHl7MappingRequestSchema = z.strictObject({
  pointOfCare: locationPart.trim().min(1, 'must not be empty'),
  room: locationPart
    .trim()
    .optional()
    .transform((room) => room || null)
    .describe('Only this room of the point of care (omit for all of it)'),
  bed: locationPart
    .trim()
    .optional()
    .transform((bed) => bed || null)
    .describe('Only this bed of the room (needs a room)'),
  wardId: wardIdSchema,
});
export type CreateHl7MappingRequest = z.infer<typeof createHl7MappingRequestSchema>;

/** A location a feed sent that no mapping covers: reported, never guessed. */
export const hl7UnmappedLocationSchema = z.object({
  feedId: z.string(),
  pointOfCare: z.string(),
  /** The room, when the point of care is mapped room by room and this room is not; null otherwise. */
  room: z.string().nullable(),
  /** Visits admitted there now, which no ward counts until it is mapped. */
  visitsNow: z.number(),
  messages: z.number(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export type Hl7UnmappedLocation = z.infer<typeof hl7UnmappedLocationSchema>;

export const hl7FeedDetailSchema = z.object({
  feed: hl7FeedSchema,
  mappings: z.array(hl7LocationMappingSchema),
  unmapped: z.array(hl7UnmappedLocationSchema),
});
export type Hl7FeedDetail = z.infer<typeof hl7FeedDetailSchema>;

export const hl7FeedsResponseSchema = z.object({ feeds: z.array(hl7FeedDetailSchema) });
export type Hl7FeedsResponse = z.infer<typeof hl7FeedsResponseSchema>;

/**
 * The mapping that covers a location, most specific first: point of care + room + bed, then
 * point of care + room, then the point of care alone. Undefined when none does.
 */
export function mappingFor<Mapping extends { pointOfCare: string; room: string | null; bed: string | null }>(
  mappings: readonly Mapping[],
  location: Hl7Location,
): Mapping | undefined {
  const same = mappings.filter((mapping) => mapping.pointOfCare === location.pointOfCare);
  return (
    same.find(
      (mapping) =>
        mapping.room !== null && mapping.room === location.room && mapping.bed === location.bed && mapping.bed !== null,
    ) ??
    same.find((mapping) => mapping.room !== null && mapping.room === location.room && mapping.bed === null) ??
    same.find((mapping) => mapping.room === null && mapping.bed === null)
  );
}

const HL7_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?([+-]\d{4})?$/;

/**
 * An HL7 DTM (`YYYYMMDDHHMM[SS[.S…]][+/-ZZZZ]`) as an ISO instant, or null when it is not a real
 * time to the minute at least. Without an offset the time is London's (UK feeds send local time).
 */
export function parseHl7Time(text: string): string | null {
  const match = HL7_TIME.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second = 0] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const millis = Math.round(Number(`0.${match[7] ?? '0'}`) * 1000);
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second > 59) return null;
  const utc = Date.UTC(year!, month! - 1, day!, hour, minute, second, millis);
  const check = new Date(utc);
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day) return null;
  const offset = match[8];
  if (offset) {
    const minutes = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5));
    if (Number(offset.slice(3, 5)) > 59 || minutes > 14 * 60) return null;
    return new Date(utc - (offset[0] === '-' ? -1 : 1) * minutes * 60_000).toISOString();
  }
  return new Date(new TZDate(year!, month! - 1, day!, hour!, minute!, second, millis, LONDON).getTime()).toISOString();
}
