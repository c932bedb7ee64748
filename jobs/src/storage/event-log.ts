/**
 * The event log: every accepted fact, durable before it is acknowledged (architecture.md,
 * principle 2). Appending is idempotent by event id; the outbox sweep finds what was logged but
 * not yet applied.
 */
import type {
  BedStateObservation,
  Hl7Movement,
  PlacementEvent,
  S136SuiteState,
  TrustFiguresRecord,
  VideoConsultationDay,
  WaitingListSnapshot,
} from '@wardpulse/shared';
import type { Queryable } from './database.js';

export interface AppendedEvent {
  eventId: string;
  /** True when this id was already in the log: the event is counted once. */
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
}
export type EventKind = keyof EventPayloads;

export type UnappliedEvent = { [Kind in EventKind]: { eventId: string; kind: Kind; payload: EventPayloads[Kind] } }[EventKind];

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

export class EventLog {
  constructor(private readonly db: Queryable) {}

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

  /** Appends facts of one kind in one statement (all or nothing); a repeated event id is a duplicate. */
  async append<Kind extends EventKind>(kind: Kind, rows: readonly EventRow<Kind>[], source: string): Promise<AppendedEvent[]> {
    let inserted;
    try {
      inserted = await this.db.query<{ event_id: string }>(
        `insert into event_log (event_id, kind, trust_ods, ward_id, observed_at, payload, source)
         select event_id, $6, trust_ods, nullif(ward_id, ''), observed_at::timestamptz, payload::jsonb, $7
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
           as incoming(event_id, trust_ods, ward_id, observed_at, payload)
         on conflict (event_id) do nothing
         returning event_id`,
        [
          rows.map((row) => row.eventId),
          rows.map((row) => row.trustOds),
          rows.map((row) => row.wardId ?? ''),
          rows.map((row) => row.observedAt),
          rows.map((row) => JSON.stringify(row.payload)),
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
    const fresh = new Set(inserted.rows.map((row) => row.event_id));
    // A batch may repeat an id: the first occurrence is the one logged.
    const seen = new Set<string>();
    return rows.map(({ eventId }) => {
      const duplicate = !fresh.has(eventId) || seen.has(eventId);
      seen.add(eventId);
      return { eventId, duplicate };
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

  async markApplied(eventId: string, outcome: string): Promise<void> {
    await this.db.query('update event_log set applied_at = now(), outcome = $2 where event_id = $1 and applied_at is null', [
      eventId,
      outcome,
    ]);
  }

  /** Events logged at least `olderThanMs` ago that no worker has applied yet. */
  async unapplied(olderThanMs: number, limit: number): Promise<UnappliedEvent[]> {
    const result = await this.db.query<{ event_id: string; kind: EventKind; payload: EventPayloads[EventKind] }>(
      `select event_id, kind, payload from event_log
       where applied_at is null and received_at < now() - ($1::int * interval '1 millisecond')
       order by received_at limit $2`,
      [olderThanMs, limit],
    );
    return result.rows.map((row) => ({ eventId: row.event_id, kind: row.kind, payload: row.payload }) as UnappliedEvent);
  }

  async countUnapplied(): Promise<number> {
    const result = await this.db.query<{ count: number }>(
      'select count(*)::int as count from event_log where applied_at is null',
    );
    return result.rows[0]?.count ?? 0;
  }
}
