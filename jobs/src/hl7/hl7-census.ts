/**
 * From movements to bed states. Applying a movement re-derives the state of its visit(s) from
 * every movement logged for them (so order of arrival, duplicates and cancellations do not
 * matter), places each visit on a ward through the feed's location mappings, and recounts the
 * wards it left or entered. Each ward's census is then logged as an ordinary bed-state fact and
 * applied by the bed-state job, so tiles, history and alerts treat it like any other feed.
 *
 * Within one transaction: visits are locked (sorted keys), then wards' census rows (sorted ids),
 * so concurrent workers serialise per visit and per ward and never deadlock; each census of a
 * ward is stamped later than the last. The census facts are logged in the same transaction: a
 * worker dying after the commit leaves them to the outbox sweep.
 */
import { createHash } from 'node:crypto';
import {
  HL7_CENSUS_EVENT_ID_PREFIX,
  HL7_STAY_REF_PREFIX,
  mappingFor,
  visitState,
  type BedStateObservation,
  type Hl7Location,
  type Hl7VisitState,
  type Hl7Movement,
  type OrgIndex,
} from '@wardpulse/shared';
import type { JobQueues } from '../job-queues.js';
import type { LiveStateRepository } from '../live/live-state-repository.js';
import { eventJob, JobName, type JobPayloads } from '../queues.js';
import type { Database, Queryable } from '../storage/database.js';
import { StayRepository } from '../storage/stay-repository.js';
import { EventLog } from '../storage/event-log.js';

interface MappingRow {
  pointOfCare: string;
  room: string | null;
  bed: string | null;
  wardId: string;
}

interface VisitRow {
  admitted: boolean;
  ward_id: string | null;
}

/** The stay key of an HL7 visit: a hash of feed and visit key, within an opaque key's 64 characters. */
export function hl7StayRef(feedId: string, visitKey: string): string {
  return `${HL7_STAY_REF_PREFIX}${createHash('sha256').update(`${feedId}:${visitKey}`).digest('hex').slice(0, 56)}`;
}

/** A ward's census facts are numbered: the n-th census of a ward has this event id. */
export function censusEventId(wardId: string, version: number): string {
  return `${HL7_CENSUS_EVENT_ID_PREFIX}${wardId}-${version}`;
}

export interface Hl7CensusDeps {
  db: Database;
  live: LiveStateRepository;
  queues: JobQueues;
  org: () => OrgIndex;
  now?: () => number;
}

export interface Hl7CensusOutcome {
  censuses: BedStateObservation[];
  /** Known wards a visit left or entered (sorted): their censuses and stays may have changed. */
  wardIds: string[];
}

export class Hl7Census {
  constructor(private readonly deps: Hl7CensusDeps) {}

  /**
   * Applies one logged movement; returns the census facts it logged (already enqueued, or left to
   * the outbox) and the known wards its visits left or entered, whose stays may have changed.
   */
  async applyMovement(movement: Hl7Movement): Promise<Hl7CensusOutcome> {
    return this.recount(async (tx) => {
      const mappings = await this.mappings(tx, movement.feedId);
      const wards = new Set<string>();
      const keys = [...new Set(movement.visits.map((visit) => visit.visitKey))].sort();
      for (const visitKey of keys) {
        for (const ward of await this.replaceVisit(tx, movement.feedId, visitKey, mappings)) wards.add(ward);
      }
      for (const visit of movement.visits) {
        if (visit.location && !mappingFor(mappings, visit.location))
          await this.reportUnmapped(tx, movement.feedId, visit.location, mappings);
      }
      return wards;
    });
  }

  /** Re-places every admitted visit of a feed after its mappings changed, and recounts the wards concerned. */
  async remap(feedId: string): Promise<Hl7CensusOutcome> {
    return this.recount(async (tx) => {
      const mappings = await this.mappings(tx, feedId);
      const visits = await tx.query<{
        visit_key: string;
        ward_id: string | null;
        point_of_care: string;
        room: string | null;
        bed: string | null;
      }>(
        `select visit_key, ward_id, point_of_care, room, bed from hl7_visit
         where feed_id = $1 and admitted and point_of_care is not null order by visit_key for update`,
        [feedId],
      );
      const wards = new Set<string>();
      for (const visit of visits.rows) {
        const location: Hl7Location = { pointOfCare: visit.point_of_care, room: visit.room, bed: visit.bed };
        const ward = mappingFor(mappings, location)?.wardId ?? null;
        if (ward === visit.ward_id) continue;
        await tx.query('update hl7_visit set ward_id = $3, updated_at = now() where feed_id = $1 and visit_key = $2', [
          feedId,
          visit.visit_key,
          ward,
        ]);
        // The visit's stay follows it (on no known ward, it has none until it is placed again).
        if (ward)
          await tx.query('update inpatient_stay set ward_id = $2 where stay_ref = $1', [
            hl7StayRef(feedId, visit.visit_key),
            ward,
          ]);
        else await tx.query('delete from inpatient_stay where stay_ref = $1', [hl7StayRef(feedId, visit.visit_key)]);
        if (visit.ward_id) wards.add(visit.ward_id);
        if (ward) wards.add(ward);
      }
      // Reports now covered by a mapping are resolved.
      const reports = await tx.query<{ point_of_care: string; room: string }>(
        'select point_of_care, room from hl7_unmapped_location where feed_id = $1',
        [feedId],
      );
      for (const report of reports.rows) {
        const covered = report.room
          ? mappingFor(mappings, { pointOfCare: report.point_of_care, room: report.room, bed: null })
          : mappings.some((mapping) => mapping.pointOfCare === report.point_of_care);
        if (covered)
          await tx.query('delete from hl7_unmapped_location where feed_id = $1 and point_of_care = $2 and room = $3', [
            feedId,
            report.point_of_care,
            report.room,
          ]);
      }
      return wards;
    });
  }

  /** Runs a change that returns the wards it touched, then logs and enqueues those wards' censuses. */
  private async recount(change: (tx: Queryable) => Promise<Set<string>>): Promise<Hl7CensusOutcome> {
    const { censuses, wardIds } = await this.deps.db.transaction(async (tx) => {
      const wards = await change(tx);
      const known = [...wards].filter((id) => this.deps.org().wardsById.has(id)).sort();
      return { censuses: await this.publishCensuses(tx, known), wardIds: known };
    });
    await this.enqueue(censuses);
    return { censuses, wardIds };
  }

  private async mappings(tx: Queryable, feedId: string): Promise<MappingRow[]> {
    const result = await tx.query<{ point_of_care: string; room: string; bed: string; ward_id: string }>(
      'select point_of_care, room, bed, ward_id from hl7_location_mapping where feed_id = $1',
      [feedId],
    );
    return result.rows.map((row) => ({
      pointOfCare: row.point_of_care,
      room: row.room || null,
      bed: row.bed || null,
      wardId: row.ward_id,
    }));
  }

  /** Re-derives one visit from all its logged movements; returns the wards whose census may have changed. */
  private async replaceVisit(tx: Queryable, feedId: string, visitKey: string, mappings: MappingRow[]): Promise<string[]> {
    await tx.query('insert into hl7_visit (feed_id, visit_key) values ($1, $2) on conflict do nothing', [feedId, visitKey]);
    const before = await tx.query<VisitRow>(
      'select admitted, ward_id from hl7_visit where feed_id = $1 and visit_key = $2 for update',
      [feedId, visitKey],
    );
    const movements = await tx.query<{ payload: Hl7Movement }>(
      `select payload from event_log where kind = 'hl7Movement' and payload @> $1::jsonb`,
      [JSON.stringify({ feedId, visits: [{ visitKey }] })],
    );
    const state = visitState(
      visitKey,
      movements.rows.map((row) => row.payload),
    );
    const ward = state.location ? (mappingFor(mappings, state.location)?.wardId ?? null) : null;
    await tx.query(
      `update hl7_visit set admitted = $3, on_leave = $4, point_of_care = $5, room = $6, bed = $7, ward_id = $8,
         last_event_at = $9, updated_at = now()
       where feed_id = $1 and visit_key = $2`,
      [
        feedId,
        visitKey,
        state.admitted,
        state.onLeave,
        state.location?.pointOfCare ?? null,
        state.location?.room ?? null,
        state.location?.bed ?? null,
        ward,
        state.lastEventAt,
      ],
    );
    await this.replaceStay(tx, feedId, visitKey, state, ward);
    const previous = before.rows[0];
    return [previous?.ward_id, ward].filter((id): id is string => !!id);
  }

  /**
   * The visit's stay, for length of stay (stays.ts): on the ward it is (or was last) placed on, named
   * by a key derived from the visit key (itself an irreversible hash of the visit number), so no
   * identifier is stored. A visit on no known ward, or whose admission was cancelled, has none.
   */
  private async replaceStay(
    tx: Queryable,
    feedId: string,
    visitKey: string,
    state: Hl7VisitState,
    wardId: string | null,
  ): Promise<void> {
    const trustOds = wardId ? this.deps.org().wardsById.get(wardId)?.trustOds : undefined;
    const stays = new StayRepository(tx);
    const stayRef = hl7StayRef(feedId, visitKey);
    if (!trustOds || !wardId || state.admittedAt === null) {
      await tx.query('delete from inpatient_stay where stay_ref = $1', [stayRef]);
      return;
    }
    await stays.replaceDerived(trustOds, stayRef, {
      wardId,
      admittedAt: state.admittedAt,
      dischargedAt: state.admitted ? null : state.dischargedAt,
      recordedAt: state.lastEventAt ?? state.admittedAt,
    });
  }

  private async reportUnmapped(tx: Queryable, feedId: string, location: Hl7Location, mappings: MappingRow[]): Promise<void> {
    // Room by room when the point of care is mapped room by room; the point of care otherwise.
    const byRoom = mappings.some((mapping) => mapping.pointOfCare === location.pointOfCare && mapping.room !== null);
    await tx.query(
      `insert into hl7_unmapped_location (feed_id, point_of_care, room, messages) values ($1, $2, $3, 1)
       on conflict (feed_id, point_of_care, room) do update
         set messages = hl7_unmapped_location.messages + 1, last_seen_at = now()`,
      [feedId, location.pointOfCare, byRoom ? (location.room ?? '') : ''],
    );
  }

  /** Counts each ward's admitted visits and logs the census as a bed state, in the caller's transaction. */
  private async publishCensuses(tx: Queryable, wardIds: string[]): Promise<BedStateObservation[]> {
    const org = this.deps.org();
    const known = [...new Set(wardIds)].filter((id) => org.wardsById.has(id)).sort();
    if (known.length === 0) return [];
    const lastKnown = await this.deps.live.readWardStates(known);
    const observations: BedStateObservation[] = [];
    for (const wardId of known) {
      await tx.query('insert into hl7_ward_census (ward_id) values ($1) on conflict do nothing', [wardId]);
      const row = (
        await tx.query<{ version: number; observed_at: string | Date | null }>(
          'select version, observed_at from hl7_ward_census where ward_id = $1 for update',
          [wardId],
        )
      ).rows[0]!;
      const counts = (
        await tx.query<{ occupied: number; on_leave: number }>(
          `select count(*) filter (where not on_leave)::int as occupied, count(*) filter (where on_leave)::int as on_leave
           from hl7_visit where ward_id = $1 and admitted`,
          [wardId],
        )
      ).rows[0]!;
      // A movement that changes no count (a bed change within the ward, a duplicate) publishes nothing new.
      const previous = (
        await tx.query<{ occupied: number; on_leave: number }>(
          `select (payload ->> 'occupied')::int as occupied, (payload ->> 'onLeave')::int as on_leave
           from event_log where trust_ods = $1 and kind = 'bedState' and event_id = $2`,
          [org.wardsById.get(wardId)!.trustOds, censusEventId(wardId, row.version)],
        )
      ).rows[0];
      if (previous && previous.occupied === counts.occupied && previous.on_leave === counts.on_leave) continue;
      const previousMs = row.observed_at ? new Date(row.observed_at).getTime() : 0;
      const observedAt = new Date(Math.max((this.deps.now ?? Date.now)(), previousMs + 1)).toISOString();
      const version = row.version + 1;
      await tx.query('update hl7_ward_census set version = $2, observed_at = $3 where ward_id = $1', [
        wardId,
        version,
        observedAt,
      ]);
      // Beds and their closures, pending admissions and CRFD are not in ADT: the ward's last known values stay.
      const base = lastKnown.get(wardId);
      const ward = org.wardsById.get(wardId)!;
      const patients = counts.occupied + counts.on_leave;
      observations.push({
        eventId: censusEventId(wardId, version),
        wardId,
        observedAt,
        commissioned: base?.commissioned ?? ward.commissionedBeds,
        closed: base?.closed ?? 0,
        ...(base?.closedReason ? { closedReason: base.closedReason } : {}),
        occupied: counts.occupied,
        onLeave: counts.on_leave,
        pendingAdmissions: base?.pendingAdmissions ?? 0,
        clinicallyReadyForDischarge: Math.min(base?.clinicallyReadyForDischarge ?? 0, patients),
        source: { kind: 'hl7', name: null },
      });
    }
    if (observations.length > 0)
      await new EventLog(tx).appendBedStates(observations, (wardId) => org.wardsById.get(wardId)!.trustOds, 'hl7-census');
    return observations;
  }

  private async enqueue(observations: BedStateObservation[]): Promise<void> {
    // If Redis fails here the facts are logged: the outbox sweep enqueues them.
    const org = this.deps.org();
    const jobs = observations.flatMap((observation) => {
      // A ward removed since its census was logged: the outbox sweep enqueues it from the log.
      const trustOds = org.wardsById.get(observation.wardId)?.trustOds;
      return trustOds ? [eventJob({ kind: 'bedState', payload: observation, eventId: observation.eventId, trustOds })] : [];
    });
    await this.deps.queues
      .enqueueBulk(
        JobName.ApplyBedState,
        jobs.map((job) => ({ payload: job.payload as JobPayloads[typeof JobName.ApplyBedState], jobId: job.jobId })),
      )
      .catch(() => undefined);
  }
}
