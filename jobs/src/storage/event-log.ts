/**
 * The event log: every accepted fact, durable before it is acknowledged (architecture.md,
 * principle 2). Event ids are each trust's own: a fact is known by its trust, kind and event id
 * (migration 16), so one trust's ids never shadow, or reveal, another's. Appending the same fact
 * again is idempotent; the same id with other content is refused (EventIdConflict). The outbox
 * sweep finds what was logged but not yet applied.
 */
import type {
  BedStateObservation,
  CrisisCapacityReport,
  DischargeDelaysSnapshot,
  StayRecord,
  Hl7Movement,
  PlacementEvent,
  ReferralDay,
  S136SuiteState,
  TrustFiguresRecord,
  VideoConsultationDay,
  WaitingListSnapshot,
} from '@wardpulse/shared';
import type { Database, Queryable } from './database.js';

export interface AppendedEvent {
  eventId: string;
  /** True when this fact (same trust, kind, id and content) was already in the log: it is counted once. */
  duplicate: boolean;
}

/** Each kind of fact the log holds, with its payload. */
export interface EventPayloads {
  bedState: BedStateObservation;
  placement: PlacementEvent;
  waitingList: WaitingListSnapshot;
  videoDay: VideoConsultationDay;
  /** A trust's own figures (trust-figures.ts), with who or what reported them. */
  trustFigures: TrustFiguresRecord;
  /** An HL7 ADT movement (visit key, never identity); wards' censuses are derived from them. */
  hl7Movement: Hl7Movement;
  /** A Section 136 suite's state (available, occupied, closed). */
  s136SuiteState: S136SuiteState;
  /** A ward's list of delayed discharges (opaque keys, reasons, dates; never identity). */
  dischargeDelays: DischargeDelaysSnapshot;
  /** An anonymous stay as its source holds it (opaque key, ward, admitted, discharged). */
  stay: StayRecord;
  /** An alternative to admission's capacity report (capacity, in use, closed). */
  crisisCapacity: CrisisCapacityReport;
  /** A trust's day of referrals to one service (counts by decision and source; never a person). */
  referralDay: ReferralDay;
}
export type EventKind = keyof EventPayloads;

export type UnappliedEvent = {
  [Kind in EventKind]: { eventId: string; trustOds: string; kind: Kind; payload: EventPayloads[Kind] };
}[EventKind];

/** One fact to log: its id, the trust it belongs to, its ward if any, and its source time. */
export interface EventRow<Kind extends EventKind> {
  eventId: string;
  trustOds: string;
  wardId: string | null;
  observedAt: string;
  payload: EventPayloads[Kind];
}

/** Thrown when a placement would get a second start or end (a unique index guards it). */
export class PlacementLifecycleConflict extends Error {}

/**
 * Thrown when events reuse an id already logged for their trust and kind with other content (or
 * repeat an id within the call with other content). Nothing of the call is logged: a new fact
 * needs a new id, and silently keeping the old one would lose it.
 */
export class EventIdConflict extends Error {
  /** Positions, in the rows given to `append`, of the events refused. */
  constructor(readonly indices: readonly number[]) {
    super(`event ids already logged with different content (at ${indices.join(', ')})`);
  }
}

/** The message each refused event's `eventId` gets, whatever the door. */
export const EVENT_ID_CONFLICT_MESSAGE =
  'was already used for a different fact of this kind and trust; a new fact needs a new eventId (resend the same fact to retry)';

const isDatabase = (db: Queryable): db is Database => 'transaction' in db;

export class EventLog {
  /** A Database, or a caller's transaction (then appending takes part in it rather than starting its own). */
  constructor(private readonly db: Queryable) {}

  /** Runs `work` in a transaction: a Database starts one; any other Queryable is the caller's transaction already. */
  private atomically<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    return isDatabase(this.db) ? this.db.transaction(work) : work(this.db);
  }

  /** Appends bed-state observations in one statement (all or nothing). */
  async appendBedStates(
    observations: readonly BedStateObservation[],
    trustOf: (wardId: string) => string,
    source: string,
  ): Promise<AppendedEvent[]> {
    return this.append(
      'bedState',
      observations.map((observation) => ({
        eventId: observation.eventId,
        trustOds: trustOf(observation.wardId),
        wardId: observation.wardId,
        observedAt: observation.observedAt,
        payload: observation,
      })),
      source,
    );
  }

  /**
   * Appends facts of one kind, all or nothing. An id already logged for the row's trust and kind
   * is a duplicate when its content is the same, and an EventIdConflict (nothing logged) when not.
   *
   * "The same content" compares the stored jsonb payloads without their top-level `source` (who
   * relayed the fact: a feed, a person, an import): jsonb is already a canonical form (key order
   * and whitespace do not matter, numbers compare by value), so no hash column is kept in step
   * with it, and old rows need no backfill. Only ids that clash are compared, so the usual insert
   * costs nothing more. The insert and the comparison share a transaction: a concurrent insert of
   * the same id is waited for by `on conflict`, then compared, never taken on trust.
   */
  async append<Kind extends EventKind>(kind: Kind, rows: readonly EventRow<Kind>[], source: string): Promise<AppendedEvent[]> {
    if (rows.length === 0) return [];
    const payloads = rows.map((row) => JSON.stringify(row.payload));
    return this.atomically(async (db) => {
      let inserted;
      try {
        inserted = await db.query<{ trust_ods: string; event_id: string }>(
          `insert into event_log (event_id, kind, trust_ods, ward_id, observed_at, payload, source)
           select event_id, $6, trust_ods, nullif(ward_id, ''), observed_at::timestamptz, payload::jsonb, $7
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
             as incoming(event_id, trust_ods, ward_id, observed_at, payload)
           on conflict (trust_ods, kind, event_id) do nothing
           returning trust_ods, event_id`,
          [
            rows.map((row) => row.eventId),
            rows.map((row) => row.trustOds),
            rows.map((row) => row.wardId ?? ''),
            rows.map((row) => row.observedAt),
            payloads,
            kind,
            source,
          ],
        );
      } catch (error) {
        if ((error as { code?: string }).code === '23505' && /placement_lifecycle/.test(String((error as Error).message))) {
          throw new PlacementLifecycleConflict('a placement may start once and end once');
        }
        throw error;
      }
      // ODS codes are three letters and digits, so the pair is unambiguous.
      const keyOf = (trustOds: string, eventId: string) => `${trustOds}|${eventId}`;
      const fresh = new Set(inserted.rows.map((row) => keyOf(row.trust_ods, row.event_id)));
      // A batch may repeat an id: the first occurrence is the one logged.
      const seen = new Set<string>();
      const events = rows.map(({ eventId, trustOds }) => {
        const key = keyOf(trustOds, eventId);
        const duplicate = !fresh.has(key) || seen.has(key);
        seen.add(key);
        return { eventId, duplicate };
      });
      const repeated = events.flatMap((event, index) => (event.duplicate ? [index] : []));
      if (repeated.length > 0) {
        const differing = await db.query<{ position: number }>(
          `select incoming.position::int as position
           from unnest($1::text[], $2::text[], $3::text[]) with ordinality as incoming(trust_ods, event_id, payload, position)
           join event_log logged on logged.trust_ods = incoming.trust_ods and logged.kind = $4 and logged.event_id = incoming.event_id
           where logged.payload - 'source' <> incoming.payload::jsonb - 'source'`,
          [
            repeated.map((index) => rows[index]!.trustOds),
            repeated.map((index) => rows[index]!.eventId),
            repeated.map((index) => payloads[index]!),
            kind,
          ],
        );
        if (differing.rows.length > 0) {
          throw new EventIdConflict(differing.rows.map((row) => repeated[row.position - 1]!).sort((a, b) => a - b));
        }
      }
      return events;
    });
  }

  /** Every logged event of one placement (to check a new one against its lifecycle). */
  async placementEvents(trustOds: string, placementIds: readonly string[]): Promise<PlacementEvent[]> {
    if (placementIds.length === 0) return [];
    const result = await this.db.query<{ payload: PlacementEvent }>(
      `select payload from event_log
       where kind = 'placement' and trust_ods = $1 and payload ->> 'placementId' = any($2::text[])`,
      [trustOds, [...placementIds]],
    );
    return result.rows.map((row) => row.payload);
  }

  /**
   * The services a trust's logged video-consultation days were reported for (null: whole-trust
   * counts), for these London dates: what a new report of the same day must match.
   */
  async videoDayForms(trustOds: string, dates: readonly string[]): Promise<{ date: string; service: string | null }[]> {
    if (dates.length === 0) return [];
    const result = await this.db.query<{ date: string; service: string | null }>(
      `select distinct payload ->> 'date' as date, payload ->> 'service' as service from event_log
       where kind = 'videoDay' and trust_ods = $1 and payload ->> 'date' = any($2::text[])`,
      [trustOds, [...dates]],
    );
    return result.rows;
  }

  /** Marks one fact applied, known by its kind, trust and id (another trust may use the same id). */
  async markApplied(kind: EventKind, trustOds: string, eventId: string, outcome: string): Promise<void> {
    // The statement's clock, not its transaction's start: the roll-up job's cursor reads by this stamp.
    await this.db.query(
      `update event_log set applied_at = clock_timestamp(), outcome = $4
       where trust_ods = $1 and kind = $2 and event_id = $3 and applied_at is null`,
      [trustOds, kind, eventId, outcome],
    );
  }

  /** Events logged at least `olderThanMs` ago that no worker has applied yet. */
  async unapplied(olderThanMs: number, limit: number): Promise<UnappliedEvent[]> {
    const result = await this.db.query<{
      event_id: string;
      trust_ods: string;
      kind: EventKind;
      payload: EventPayloads[EventKind];
    }>(
      `select event_id, trust_ods, kind, payload from event_log
       where applied_at is null and received_at < now() - ($1::int * interval '1 millisecond')
       order by received_at limit $2`,
      [olderThanMs, limit],
    );
    return result.rows.map(
      (row) => ({ eventId: row.event_id, trustOds: row.trust_ods, kind: row.kind, payload: row.payload }) as UnappliedEvent,
    );
  }

  async countUnapplied(): Promise<number> {
    const result = await this.db.query<{ count: number }>(
      'select count(*)::int as count from event_log where applied_at is null',
    );
    return result.rows[0]?.count ?? 0;
  }
}
