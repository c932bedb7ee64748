/**
 * Published statistics (MHSDS and the like) in `published_measure`, and the benchmark series
 * the trends page draws beside a trust's own figures. Upserting is idempotent: a row equal to the
 * stored one changes nothing (not even its import time), a changed value or label replaces it —
 * unless the stored figure is more final: a Provisional row never replaces a Performance or Final
 * one (it counts as unchanged: the published figure that stands is kept).
 */
import type { Database } from '../storage/database.js';
import { publishedStatusRankSql, type PublishedMeasureRow } from './mhsds.js';

export interface UpsertCounts {
  /** Keys not stored before. */
  inserted: number;
  /** Keys stored with another value, status or label: replaced. */
  updated: number;
  /** Keys stored with exactly these values, or with a more final status (kept). */
  unchanged: number;
}

export interface BenchmarkPoint {
  /** First day of the reporting period, YYYY-MM-DD (a rolling measure's window starts months earlier). */
  periodStart: string;
  /** Last day of the reporting period, YYYY-MM-DD. */
  periodEnd: string;
  /** Null when suppressed. */
  value: number | null;
  suppressed: boolean;
}

export class PublishedMeasureRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores rows in one statement. Keys must be unique within `rows` (PostgreSQL cannot update one
   * row twice in a statement): the importer starts a new batch when a key repeats.
   */
  async upsert(rows: readonly PublishedMeasureRow[], fileName: string): Promise<UpsertCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const column = <Value>(pick: (row: PublishedMeasureRow) => Value) => rows.map(pick);
    const result = await this.db.query<{ inserted: number; updated: number }>(
      `with written as (
         insert into published_measure (source, period_start, period_end, status, breakdown, primary_level,
           primary_description, secondary_level, secondary_description, measure_id, measure_name, value, suppressed, file_name)
         select source, period_start::date, period_end::date, status, breakdown, primary_level, primary_description,
           secondary_level, secondary_description, measure_id, measure_name, value, suppressed, $14
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::text[], $11::text[], $12::double precision[], $13::boolean[])
           as incoming(source, period_start, period_end, status, breakdown, primary_level, primary_description,
             secondary_level, secondary_description, measure_id, measure_name, value, suppressed)
         on conflict (source, period_start, period_end, breakdown, primary_level, secondary_level, measure_id) do update set
           status = excluded.status,
           primary_description = excluded.primary_description,
           secondary_description = excluded.secondary_description,
           measure_name = excluded.measure_name,
           value = excluded.value,
           suppressed = excluded.suppressed,
           file_name = excluded.file_name,
           imported_at = now()
         where ${publishedStatusRankSql('excluded.status')} >= ${publishedStatusRankSql('published_measure.status')}
           and (published_measure.status, published_measure.primary_description, published_measure.secondary_description,
                published_measure.measure_name, published_measure.value, published_measure.suppressed)
           is distinct from (excluded.status, excluded.primary_description, excluded.secondary_description,
                excluded.measure_name, excluded.value, excluded.suppressed)
         returning (xmax = 0) as inserted
       )
       select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from written`,
      [
        column((row) => row.source),
        column((row) => row.periodStart),
        column((row) => row.periodEnd),
        column((row) => row.status),
        column((row) => row.breakdown),
        column((row) => row.primaryLevel),
        column((row) => row.primaryDescription),
        column((row) => row.secondaryLevel),
        column((row) => row.secondaryDescription),
        column((row) => row.measureId),
        column((row) => row.measureName),
        column((row) => row.value),
        column((row) => row.suppressed),
        fileName,
      ],
    );
    const inserted = result.rows[0]?.inserted ?? 0;
    const updated = result.rows[0]?.updated ?? 0;
    return { inserted, updated, unchanged: rows.length - inserted - updated };
  }

  /**
   * One measure's published series for one breakdown level (e.g. `England`/`England`, or
   * `ICB of GP Practice or Residence`/`QHG`, or `Provider`/`RX4`), by period end within
   * [from, to] (YYYY-MM-DD, inclusive), oldest first. Only rows without a secondary breakdown.
   */
  async benchmarkSeries(
    measureId: string,
    breakdown: 'England' | string,
    primaryLevel: string,
    from: string,
    to: string,
  ): Promise<BenchmarkPoint[]> {
    const result = await this.db.query<{ period_start: string; period_end: string; value: number | null; suppressed: boolean }>(
      `select distinct on (period_end) to_char(period_start, 'YYYY-MM-DD') as period_start,
         to_char(period_end, 'YYYY-MM-DD') as period_end, value, suppressed
       from published_measure
       where measure_id = $1 and breakdown = $2 and primary_level = $3
         and period_end between $4::date and $5::date
         and secondary_level in ('NONE', '')
       order by period_end, period_start desc, source`,
      [measureId, breakdown, primaryLevel, from, to],
    );
    return result.rows.map((row) => ({
      periodStart: row.period_start,
      periodEnd: row.period_end,
      value: row.value === null ? null : Number(row.value),
      suppressed: row.suppressed,
    }));
  }
}
