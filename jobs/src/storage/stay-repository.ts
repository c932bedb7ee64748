/**
 * The latest fact about each stay (migration 20), and the stays a length-of-stay figure needs.
 * Applying is last-writer-wins by `recordedAt` then event id (shared/src/stays.ts), in one
 * statement, so workers applying facts of one stay in any order agree on the result (event ids
 * compared byte by byte, as isLaterFact compares them, whatever the database's collation).
 */
import type { Stay, StayRecord, WardStaysRecord } from '@wardpulse/shared';
import { londonDateOf, londonMidnight } from '@wardpulse/shared';
import type { Queryable } from './database.js';

export type StayApplyOutcome = 'applied' | 'stale';

/** What applying a stay did, and the wards whose live stays it may have changed. */
export interface StayApplyResult {
  outcome: StayApplyOutcome;
  /** The fact's ward, the ward the stay is now on and, when it moved, the ward it left (sorted, no repeats). */
  wardIds: string[];
}

export class StayRepository {
  constructor(private readonly db: Queryable) {}

  async apply(trustOds: string, stay: StayRecord): Promise<StayApplyResult> {
    // `prior` reads the row as it was before this statement (one snapshot), so a stay moved to
    // another ward names the ward it left; when the fact is stale the stay's current ward is named,
    // since a later fact may have moved it.
    const result = await this.db.query<{ applied: boolean; prior_ward: string | null }>(
      `with prior as (select ward_id from inpatient_stay where trust_ods = $1 and stay_ref = $2),
       applied as (
         insert into inpatient_stay (trust_ods, stay_ref, ward_id, admitted_at, discharged_at, recorded_at, event_id)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (trust_ods, stay_ref) do update set
           ward_id = excluded.ward_id, admitted_at = excluded.admitted_at, discharged_at = excluded.discharged_at,
           recorded_at = excluded.recorded_at, event_id = excluded.event_id
         where (inpatient_stay.recorded_at, inpatient_stay.event_id collate "C")
             < (excluded.recorded_at, excluded.event_id collate "C")
         returning stay_ref)
       select exists (select 1 from applied) as applied, (select ward_id from prior) as prior_ward`,
      [trustOds, stay.stayRef, stay.wardId, stay.admittedAt, stay.dischargedAt, stay.recordedAt, stay.eventId],
    );
    const row = result.rows[0]!;
    const wardIds = [stay.wardId, ...(row.prior_ward ? [row.prior_ward] : [])];
    return { outcome: row.applied ? 'applied' : 'stale', wardIds: [...new Set(wardIds)].sort() };
  }

  /**
   * A stay WardPulse derives itself (from an HL7 visit's movements, re-derived from all of them each
   * time): replaced outright, or removed when there is no stay any more (a cancelled admission).
   */
  async replaceDerived(
    trustOds: string,
    stayRef: string,
    stay: { wardId: string; admittedAt: string; dischargedAt: string | null; recordedAt: string } | null,
  ): Promise<void> {
    // A visit moved onto another trust's ward by a mapping leaves no row behind under the old trust.
    await this.db.query('delete from inpatient_stay where stay_ref = $1 and (trust_ods <> $2 or $3)', [
      stayRef,
      trustOds,
      stay === null,
    ]);
    if (!stay) return;
    await this.db.query(
      `insert into inpatient_stay (trust_ods, stay_ref, ward_id, admitted_at, discharged_at, recorded_at, event_id)
       values ($1, $2, $3, $4, $5, $6, 'derived')
       on conflict (trust_ods, stay_ref) do update set
         ward_id = excluded.ward_id, admitted_at = excluded.admitted_at, discharged_at = excluded.discharged_at,
         recorded_at = excluded.recorded_at`,
      [trustOds, stayRef, stay.wardId, stay.admittedAt, stay.dischargedAt, stay.recordedAt],
    );
  }

  /**
   * The stays of these wards that a period's figures can involve: those in progress at any time in
   * `[from, to)` (instants) or discharged within it.
   */
  async staysOverlapping(wardIds: readonly string[], from: number, to: number): Promise<Stay[]> {
    if (wardIds.length === 0) return [];
    const result = await this.db.query<{ ward_id: string; admitted_at: Date | string; discharged_at: Date | string | null }>(
      `select ward_id, admitted_at, discharged_at from inpatient_stay
       where ward_id = any($1) and admitted_at < $3 and (discharged_at is null or discharged_at >= $2)`,
      [wardIds, new Date(from).toISOString(), new Date(to).toISOString()],
    );
    return result.rows.map((row) => ({
      wardId: row.ward_id,
      admittedAt: new Date(row.admitted_at).toISOString(),
      dischargedAt: row.discharged_at === null ? null : new Date(row.discharged_at).toISOString(),
    }));
  }

  /**
   * The discharges of these wards' stays in `[from, to)`, and how many of the wards have sent any
   * stay (a sitrep return's completed discharges where the trust reports none itself).
   */
  async dischargesBetween(
    wardIds: readonly string[],
    from: number,
    to: number,
  ): Promise<{ discharges: number; wardsWithStays: number }> {
    if (wardIds.length === 0) return { discharges: 0, wardsWithStays: 0 };
    const result = await this.db.query<{ discharges: number; wards: number }>(
      `select count(*) filter (where discharged_at >= $2 and discharged_at < $3)::int as discharges,
         count(distinct ward_id)::int as wards
       from inpatient_stay where ward_id = any($1)`,
      [wardIds, new Date(from).toISOString(), new Date(to).toISOString()],
    );
    const row = result.rows[0];
    return { discharges: row?.discharges ?? 0, wardsWithStays: row?.wards ?? 0 };
  }

  /**
   * A ward's stays as a board needs them (shared/src/ward-stays.ts), read at `now`: the admissions
   * of the people in, and the admissions and discharges since the start of now's London day.
   */
  async wardReading(wardId: string, now: number): Promise<WardStaysRecord> {
    const dayStart = new Date(londonMidnight(londonDateOf(now))).toISOString();
    const result = await this.db.query<{ admitted_at: Date | string; discharged_at: Date | string | null }>(
      `select admitted_at, discharged_at from inpatient_stay
       where ward_id = $1 and (discharged_at is null or discharged_at >= $2 or admitted_at >= $2)
       order by admitted_at`,
      [wardId, dayStart],
    );
    const iso = (value: Date | string) => new Date(value).toISOString();
    const rows = result.rows.map((row) => ({
      admittedAt: iso(row.admitted_at),
      dischargedAt: row.discharged_at === null ? null : iso(row.discharged_at),
    }));
    return {
      wardId,
      readAt: new Date(now).toISOString(),
      inpatientsAdmittedAt: rows.filter((row) => row.dischargedAt === null).map((row) => row.admittedAt),
      admittedAt: rows.filter((row) => row.admittedAt >= dayStart).map((row) => row.admittedAt),
      dischargedAt: rows.flatMap((row) => (row.dischargedAt !== null && row.dischargedAt >= dayStart ? [row.dischargedAt] : [])),
    };
  }
}
