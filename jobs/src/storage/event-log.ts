/**
 * The event log: every accepted fact, durable before it is acknowledged (architecture.md,
 * principle 2). Appending is idempotent by event id; the outbox sweep finds what was logged but
 * not yet applied.
 */
import type { BedStateObservation } from '@wardpulse/shared';
import type { Database } from './database.js';

export interface AppendedEvent {
  eventId: string;
  /** True when this id was already in the log: the event is counted once. */
  duplicate: boolean;
}

export interface UnappliedEvent {
  eventId: string;
  kind: 'bedState';
  payload: BedStateObservation;
}

export class EventLog {
  constructor(private readonly db: Database) {}

  /** Appends bed-state observations in one statement (all or nothing). */
  async appendBedStates(
    observations: readonly BedStateObservation[],
    trustOf: (wardId: string) => string,
    source: string,
  ): Promise<AppendedEvent[]> {
    const inserted = await this.db.query<{ event_id: string }>(
      `insert into event_log (event_id, kind, trust_ods, ward_id, observed_at, payload, source)
       select event_id, 'bedState', trust_ods, ward_id, observed_at, payload::jsonb, $5
       from unnest($1::text[], $2::text[], $3::text[], $4::text[])
         as incoming(event_id, trust_ods, ward_id, payload)
         cross join lateral (select (payload::jsonb ->> 'observedAt')::timestamptz as observed_at) as times
       on conflict (event_id) do nothing
       returning event_id`,
      [
        observations.map((observation) => observation.eventId),
        observations.map((observation) => trustOf(observation.wardId)),
        observations.map((observation) => observation.wardId),
        observations.map((observation) => JSON.stringify(observation)),
        source,
      ],
    );
    const fresh = new Set(inserted.rows.map((row) => row.event_id));
    // A batch may repeat an id: the first occurrence is the one logged.
    const seen = new Set<string>();
    return observations.map(({ eventId }) => {
      const duplicate = !fresh.has(eventId) || seen.has(eventId);
      seen.add(eventId);
      return { eventId, duplicate };
    });
  }

  async markApplied(eventId: string, outcome: string): Promise<void> {
    await this.db.query('update event_log set applied_at = now(), outcome = $2 where event_id = $1 and applied_at is null', [
      eventId,
      outcome,
    ]);
  }

  /** Events logged at least `olderThanMs` ago that no worker has applied yet. */
  async unapplied(olderThanMs: number, limit: number): Promise<UnappliedEvent[]> {
    const result = await this.db.query<{ event_id: string; kind: 'bedState'; payload: BedStateObservation }>(
      `select event_id, kind, payload from event_log
       where applied_at is null and received_at < now() - ($1::int * interval '1 millisecond')
       order by received_at limit $2`,
      [olderThanMs, limit],
    );
    return result.rows.map((row) => ({ eventId: row.event_id, kind: row.kind, payload: row.payload }));
  }

  async countUnapplied(): Promise<number> {
    const result = await this.db.query<{ count: number }>(
      'select count(*)::int as count from event_log where applied_at is null',
    );
    return result.rows[0]?.count ?? 0;
  }
}
