/**
 * Roll-ups of history: every trend metric per ward, trust and collaborative at hourly, daily and
 * monthly grain, computed from the event log (the system of record) with the shared history fold
 * and stored in `trend_point`. Rebuilding any range from scratch gives the same rows, so the
 * roll-up job, late facts, imports and a full rebuild all use this one path.
 */
import type { HistoryFact, HistoryScope, OrgIndex, TrendGrain, TrendMetric } from '@wardpulse/shared';
import { addDays, historyPeriods, HistoryState, londonDateOf, londonMidnight, metricValues } from '@wardpulse/shared';
import type { Database } from '../storage/database.js';

/** Metrics a ward has: bed figures only (the other measures are reported per trust). */
const WARD_METRICS: readonly TrendMetric[] = ['occupancyIncludingLeave', 'occupancyExcludingLeave', 'vacantBeds'];

interface FactRow {
  kind: HistoryFact['kind'];
  trust_ods: string;
  observed_at: Date;
  payload: HistoryFact['payload'];
}

export class HistoryRollups {
  constructor(
    private readonly db: Database,
    private readonly org: () => OrgIndex,
  ) {}

  /** The scopes whose figures depend on these trusts: their wards, the trusts, and their collaboratives (with all members). */
  private scopesFor(trusts: readonly string[]): { scopes: HistoryScope[]; trusts: string[] } {
    const org = this.org();
    const scopes: HistoryScope[] = [];
    const needed = new Set(trusts);
    const collaboratives = new Set(trusts.flatMap((ods) => org.collaborativesOf(ods)));
    for (const id of collaboratives) {
      const members = org.collaborativesById.get(id)?.trustOds ?? [];
      members.forEach((ods) => needed.add(ods));
      scopes.push({ scope: `collaborative:${id}`, trusts: new Set(members) });
    }
    for (const ods of trusts) {
      scopes.push({ scope: `trust:${ods}`, trusts: new Set([ods]) });
      for (const ward of org.wardsIn({ kind: 'trust', id: ods }) ?? []) {
        scopes.push({ scope: `ward:${ward.id}`, trusts: new Set([ods]), wards: new Set([ward.id]) });
      }
    }
    return { scopes, trusts: [...needed] };
  }

  /** Facts that decide the periods from `start` to `end`: the last state before `start`, then everything up to `end`. */
  private async facts(trusts: readonly string[], start: number, end: number, fromDate: string): Promise<HistoryFact[]> {
    const params = [trusts, new Date(start).toISOString(), new Date(end).toISOString(), fromDate];
    const result = await this.db.query<FactRow>(
      `select kind, trust_ods, observed_at, payload from (
         select distinct on (ward_id) kind, trust_ods, observed_at, payload, event_id from event_log
           where kind = 'bedState' and trust_ods = any($1::text[]) and observed_at < $2::timestamptz and applied_at is not null
           order by ward_id, observed_at desc, event_id desc
       ) before_start
       union all
       select kind, trust_ods, observed_at, payload from (
         select distinct on (trust_ods, payload ->> 'service') kind, trust_ods, observed_at, payload, event_id from event_log
           where kind = 'waitingList' and trust_ods = any($1::text[]) and observed_at < $2::timestamptz and applied_at is not null
           order by trust_ods, payload ->> 'service', observed_at desc, event_id desc
       ) lists_before_start
       union all
       select kind, trust_ods, observed_at, payload from (
         select distinct on (trust_ods) kind, trust_ods, observed_at, payload, event_id from event_log
           where kind = 'trustFigures' and trust_ods = any($1::text[]) and observed_at < $2::timestamptz and applied_at is not null
           order by trust_ods, observed_at desc, event_id desc
       ) figures_before_start
       union all
       select kind, trust_ods, observed_at, payload from event_log
         where trust_ods = any($1::text[]) and applied_at is not null and observed_at < $3::timestamptz and (
           (kind in ('bedState', 'waitingList', 'trustFigures') and observed_at >= $2::timestamptz)
           or kind = 'placement'
           or (kind = 'videoDay' and payload ->> 'date' >= $4)
         )`,
      params,
    );
    return result.rows
      .map(
        (row) =>
          ({
            kind: row.kind,
            trustOds: row.trust_ods,
            // A day's contact counts belong to that day, however late they were reported.
            at:
              row.kind === 'videoDay'
                ? londonMidnight((row.payload as { date: string }).date)
                : new Date(row.observed_at).getTime(),
            payload: row.payload,
          }) as HistoryFact,
      )
      .sort((a, b) => a.at - b.at);
  }

  /**
   * Computes and stores the roll-ups of London days `from`..`to` at `grain` for every scope that
   * depends on `trusts` (all trusts when omitted). Returns the number of points written.
   */
  async rollUp(options: {
    grain: TrendGrain;
    from: string;
    to: string;
    trusts?: readonly string[];
    now?: number;
  }): Promise<number> {
    const now = options.now ?? Date.now();
    const org = this.org();
    const { scopes, trusts } = this.scopesFor(options.trusts ?? org.directory.trusts.map((trust) => trust.ods));
    const periods = historyPeriods(options.grain, options.from, options.to).filter((period) => period.start <= now);
    if (periods.length === 0 || trusts.length === 0) return 0;
    const facts = await this.facts(trusts, periods[0]!.start, periods.at(-1)!.end, londonDateOf(periods[0]!.start));
    const state = new HistoryState();
    let next = 0;
    const rows: { metric: string; scope: string; start: string; value: number }[] = [];
    for (const period of periods) {
      while (next < facts.length && facts[next]!.at < period.end) state.apply(facts[next++]!);
      for (const scope of scopes) {
        const values = metricValues(state, scope, period, options.grain, now);
        for (const metric of scope.wards ? WARD_METRICS : (Object.keys(values) as TrendMetric[])) {
          const value = values[metric];
          if (value !== null && Number.isFinite(value))
            rows.push({ metric, scope: scope.scope, start: new Date(period.start).toISOString(), value });
        }
      }
    }
    await this.write(
      options.grain,
      scopes.map((scope) => scope.scope),
      periods[0]!.start,
      periods.at(-1)!.end,
      rows,
    );
    return rows.length;
  }

  /** Replaces the stored points of these scopes in the range (a period that lost its data loses its point). */
  private async write(
    grain: TrendGrain,
    scopes: string[],
    start: number,
    end: number,
    rows: { metric: string; scope: string; start: string; value: number }[],
  ) {
    await this.db.transaction(async (tx) => {
      await tx.query(
        'delete from trend_point where grain = $1 and scope = any($2::text[]) and period_start >= $3::timestamptz and period_start < $4::timestamptz',
        [grain, scopes, new Date(start).toISOString(), new Date(end).toISOString()],
      );
      for (let offset = 0; offset < rows.length; offset += 5000) {
        const chunk = rows.slice(offset, offset + 5000);
        await tx.query(
          `insert into trend_point (metric, scope, grain, period_start, value)
           select metric, scope, $5, period_start::timestamptz, value
           from unnest($1::text[], $2::text[], $3::text[], $4::float8[]) as incoming(metric, scope, period_start, value)
           -- Two roll-ups of the same range may run at once (several workers, a late re-roll): the later write wins.
           on conflict (metric, scope, grain, period_start) do update set value = excluded.value, computed_at = now()`,
          [
            chunk.map((row) => row.metric),
            chunk.map((row) => row.scope),
            chunk.map((row) => row.start),
            chunk.map((row) => row.value),
            grain,
          ],
        );
      }
    });
  }

  /** Rolls up what a clock tick can have changed: the last two days by hour and day, and this month. */
  async rollUpRecent(now = Date.now()): Promise<number> {
    const today = londonDateOf(now);
    const yesterday = addDays(today, -1);
    let written = 0;
    written += await this.rollUp({ grain: 'hour', from: yesterday, to: today, now });
    written += await this.rollUp({ grain: 'day', from: yesterday, to: today, now });
    written += await this.rollUp({ grain: 'month', from: `${yesterday.slice(0, 8)}01`, to: today, now });
    return written;
  }

  /**
   * Facts applied since `since` that belong to periods older than the recent window (late
   * arrivals, imports, a day's contact counts reported days later): their days and months are
   * rolled up again, and every day after them (a census carries forward). Returns the newest
   * application time seen, the cursor for the next run.
   */
  async rollUpLate(since: Date, now = Date.now()): Promise<Date> {
    const today = londonDateOf(now);
    const yesterday = addDays(today, -1);
    // The cursor first: facts applied after this read are left for the next run.
    const latest = await this.db.query<{ newest: Date | null }>('select max(applied_at) as newest from event_log');
    const upTo = latest.rows[0]?.newest ? new Date(latest.rows[0].newest) : since;
    const result = await this.db.query<{ trust_ods: string; first_day: string }>(
      `select trust_ods, to_char(min(effective_day), 'YYYY-MM-DD') as first_day
       from (
         select trust_ods, applied_at,
                case when kind = 'videoDay' then (payload ->> 'date')::date
                     else (observed_at at time zone 'Europe/London')::date end as effective_day
         from event_log
         -- A few seconds of overlap: a row can commit a moment after a later one was read.
         -- HL7 movements are not history themselves: the ward censuses they publish (bed states, stamped when computed) are.
         where applied_at > $1::timestamptz - interval '5 seconds' and applied_at <= $3::timestamptz and kind <> 'hl7Movement'
       ) facts
       where effective_day < $2::date
       group by trust_ods`,
      [since.toISOString(), yesterday, upTo.toISOString()],
    );
    for (const row of result.rows) {
      await this.rollUp({ grain: 'day', from: row.first_day, to: today, trusts: [row.trust_ods], now });
      await this.rollUp({ grain: 'month', from: `${row.first_day.slice(0, 8)}01`, to: today, trusts: [row.trust_ods], now });
    }
    return upTo > since ? upTo : since;
  }

  /**
   * Retention: raw facts older than `rawDays` leave the event log (a placement's events only once
   * it ended that long ago, so an active placement keeps its start), hourly roll-ups after
   * `hourlyDays`, daily and monthly ones after `rollupYears`. What is deleted can no longer be
   * rebuilt: that is the trade the setting makes.
   */
  async applyRetention(settings: RetentionSettings, now = Date.now()): Promise<{ facts: number; points: number }> {
    const rawBefore = new Date(now - settings.rawDays * 86_400_000).toISOString();
    const facts = await this.db.query<{ event_id: string }>(
      `delete from event_log where applied_at is not null and (
         (kind in ('bedState', 'waitingList', 'videoDay', 's136SuiteState', 'trustFigures') and observed_at < $1::timestamptz)
         or (kind = 'placement' and (trust_ods, payload ->> 'placementId') in (
           select trust_ods, payload ->> 'placementId' from event_log
           where kind = 'placement' and payload ->> 'event' = 'ended' and observed_at < $1::timestamptz))
       ) returning event_id`,
      [rawBefore],
    );
    const points = await this.db.query<{ metric: string }>(
      `delete from trend_point where (grain = 'hour' and period_start < $1::timestamptz) or period_start < $2::timestamptz returning metric`,
      [
        new Date(now - settings.hourlyDays * 86_400_000).toISOString(),
        new Date(now - settings.rollupYears * 366 * 86_400_000).toISOString(),
      ],
    );
    return { facts: facts.rows.length, points: points.rows.length };
  }
}

export interface RetentionSettings {
  /** Raw facts (the event log) kept this many days. */
  rawDays: number;
  /** Hourly roll-ups kept this many days. */
  hourlyDays: number;
  /** Daily and monthly roll-ups kept this many years. */
  rollupYears: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { rawDays: 730, hourlyDays: 93, rollupYears: 15 };
