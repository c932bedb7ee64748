/**
 * Roll-ups of history: every trend metric per ward, site, trust, collaborative and region (whole,
 * and per KH03 sector for bed metrics; a specialised collaborative from its service lines' wards
 * only, with no trust-level measures) at hourly, daily, weekly, monthly and quarterly grain, stored in
 * `trend_point`. Hours and days are folded from the event log (the system of record) with the shared
 * history fold; weeks, months and quarters are made from the stored days (history-aggregate.ts), so
 * that a longer period is exactly its days added up — the KH03 average of daily censuses. Rebuilding
 * any range from scratch gives the same rows, so the roll-up job, late facts, imports and a full
 * rebuild all use this one path.
 */
import type {
  HistoryFact,
  HistoryPoint,
  HistoryScope,
  OrgIndex,
  PeriodFigure,
  TrendGrain,
  TrendMetric,
  FreshnessLimits,
} from '@wardpulse/shared';
import {
  addDays,
  aggregateDays,
  DEFAULT_FRESHNESS_LIMITS,
  daysBetween,
  foldHistory,
  historyPeriods,
  isLongGrain,
  LONG_GRAINS,
  londonDateOf,
  londonMidnight,
  type LongGrain,
  type TrendSector,
} from '@wardpulse/shared';
import type { Database } from '../storage/database.js';

interface FactRow {
  kind: HistoryFact['kind'];
  trust_ods: string;
  observed_at: Date;
  payload: HistoryFact['payload'];
}

interface PointRow {
  metric: TrendMetric;
  scope: string;
  sector: TrendSector;
  period_start: Date;
  value: number | null;
  value_num: number | null;
  value_den: number | null;
  mean: number | null;
  mean_num: number | null;
  mean_den: number | null;
  peak: number | null;
}

export interface HistoryRollupOptions {
  /** The not-reporting limits (WARDPULSE_NOT_REPORTING_AFTER…): a ward past its limit counts in no census. */
  freshness?: () => FreshnessLimits;
}

/** A stored day as the aggregation reads it: parts are null on rows written before they were kept. */
function figureOf(row: PointRow): PeriodFigure {
  const ratio = (num: number | null, den: number | null) => (num === null || den === null ? null : { num, den });
  return {
    value: row.value,
    valueParts: ratio(row.value_num, row.value_den),
    mean: row.mean,
    meanParts: ratio(row.mean_num, row.mean_den),
    peak: row.peak,
  };
}

/** Days folded from the event log in one read: long rebuilds go in runs, so memory stays bounded. */
const DAYS_PER_RUN = 31;

/** How long after its stamp a fact's application is taken to have committed (the job's cursor trails by this). */
const SETTLE_MS = 5000;

/** The population of a scope's trusts when every one has one (referrals per 100,000), else none. */
function populationOf(populations: readonly (number | undefined)[]): { population?: number } {
  if (populations.length === 0 || populations.some((value) => value === undefined)) return {};
  return { population: populations.reduce<number>((sum, value) => sum + value!, 0) };
}

export class HistoryRollups {
  private readonly freshness: () => FreshnessLimits;

  constructor(
    private readonly db: Database,
    private readonly org: () => OrgIndex,
    options: HistoryRollupOptions = {},
  ) {
    this.freshness = options.freshness ?? (() => DEFAULT_FRESHNESS_LIMITS);
  }

  /**
   * The scopes whose figures depend on these trusts: their wards and sites, the trusts, and the
   * collaboratives and regions they belong to (with all their trusts). Each counts what the scope
   * covers (OrgIndex.partsOf): a specialised collaborative its service lines' wards and no trust's
   * returns.
   */
  private scopesFor(trusts: readonly string[]): { scopes: HistoryScope[]; trusts: string[] } {
    const org = this.org();
    const scopes: HistoryScope[] = [];
    const needed = new Set(trusts);
    const wide = new Set(trusts.flatMap((ods) => org.scopesDependingOn(ods)).filter((text) => !text.startsWith('trust:')));
    for (const text of wide) {
      const colon = text.indexOf(':');
      const scope = { kind: text.slice(0, colon) as 'collaborative' | 'region', id: text.slice(colon + 1) };
      const parts = org.partsOf(scope);
      if (!parts) continue;
      const drawn = new Set([...parts.trusts, ...parts.wards.map((ward) => ward.trustOds)]);
      drawn.forEach((ods) => needed.add(ods));
      const whole = parts.wards.every((ward) => parts.trusts.includes(ward.trustOds));
      const population = populationOf(parts.trusts.map((ods) => org.trustsByOds.get(ods)?.population));
      scopes.push(
        whole
          ? { scope: text, trusts: drawn, ...population }
          : {
              scope: text,
              trusts: drawn,
              wards: new Set(parts.wards.map((ward) => ward.id)),
              wholeTrusts: new Set(parts.trusts),
              sectors: true,
            },
      );
    }
    for (const ods of trusts) {
      scopes.push({ scope: `trust:${ods}`, trusts: new Set([ods]), ...populationOf([org.trustsByOds.get(ods)?.population]) });
      const wards = org.wardsIn({ kind: 'trust', id: ods }) ?? [];
      for (const ward of wards) {
        scopes.push({ scope: `ward:${ward.id}`, trusts: new Set([ods]), wards: new Set([ward.id]) });
      }
      const sites = new Set(wards.map((ward) => ward.siteId).filter((id) => org.sitesById.has(id)));
      for (const site of sites) {
        const ids = (org.wardsIn({ kind: 'site', id: site }) ?? []).map((ward) => ward.id);
        scopes.push({ scope: `site:${site}`, trusts: new Set([ods]), wards: new Set(ids), sectors: true });
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
       select kind, trust_ods, observed_at, payload from (
         select distinct on (ward_id) kind, trust_ods, observed_at, payload, event_id from event_log
           where kind = 'dischargeDelays' and trust_ods = any($1::text[]) and observed_at < $2::timestamptz and applied_at is not null
           order by ward_id, observed_at desc, event_id desc
       ) delays_before_start
       union all
       select kind, trust_ods, observed_at, payload from event_log
         where trust_ods = any($1::text[]) and applied_at is not null and observed_at < $3::timestamptz and (
           (kind in ('bedState', 'waitingList', 'trustFigures', 'dischargeDelays') and observed_at >= $2::timestamptz)
           or kind = 'placement'
           or (kind in ('videoDay', 'referralDay') and payload ->> 'date' >= $4)
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
              row.kind === 'videoDay' || row.kind === 'referralDay'
                ? londonMidnight((row.payload as { date: string }).date)
                : new Date(row.observed_at).getTime(),
            payload: row.payload,
          }) as HistoryFact,
      )
      .sort((a, b) => a.at - b.at);
  }

  /**
   * Computes and stores the roll-ups of London days `from`..`to` at `grain` for every scope that
   * depends on `trusts` (all trusts when omitted). Weeks, months and quarters are made from the
   * stored days: roll the days up first. Returns the number of points written.
   */
  async rollUp(options: {
    grain: TrendGrain;
    from: string;
    to: string;
    trusts?: readonly string[];
    now?: number;
    /** Hours and days ending after this instant only: nothing before a fact's time depends on it. */
    after?: number;
  }): Promise<number> {
    const now = options.now ?? Date.now();
    const org = this.org();
    const { scopes, trusts } = this.scopesFor(options.trusts ?? org.directory.trusts.map((trust) => trust.ods));
    if (trusts.length === 0) return 0;
    const grain = options.grain;
    if (isLongGrain(grain)) return this.rollUpFromDays(grain, options.from, options.to, scopes, now);
    let written = 0;
    for (let from = options.from; from <= options.to; from = addDays(from, DAYS_PER_RUN)) {
      const to = daysBetween(from, options.to) < DAYS_PER_RUN ? options.to : addDays(from, DAYS_PER_RUN - 1);
      written += await this.rollUpFromFacts(grain, from, to, scopes, trusts, now, options.after ?? -Infinity);
    }
    return written;
  }

  private async rollUpFromFacts(
    grain: 'hour' | 'day',
    from: string,
    to: string,
    scopes: HistoryScope[],
    trusts: string[],
    now: number,
    after: number,
  ): Promise<number> {
    const periods = historyPeriods(grain, from, to).filter((period) => period.start <= now && period.end > after);
    if (periods.length === 0) return 0;
    const facts = await this.facts(trusts, periods[0]!.start, periods.at(-1)!.end, londonDateOf(periods[0]!.start));
    const org = this.org();
    const points = foldHistory(facts, scopes, periods, {
      now,
      wardType: (wardId) => org.wardsById.get(wardId)?.type,
      limits: this.freshness(),
    });
    await this.write(grain, scopes, periods[0]!.start, periods.at(-1)!.end, points);
    return points.length;
  }

  /** Weeks, months and quarters from the stored days of the same scopes. */
  private async rollUpFromDays(grain: LongGrain, from: string, to: string, scopes: HistoryScope[], now: number) {
    const periods = historyPeriods(grain, from, to).filter((period) => period.start <= now);
    if (periods.length === 0) return 0;
    const start = periods[0]!.start;
    const end = periods.at(-1)!.end;
    const result = await this.db.query<PointRow>(
      `select metric, scope, sector, period_start, value, value_num, value_den, mean, mean_num, mean_den, peak from trend_point
       where grain = 'day' and scope = any($1::text[]) and period_start >= $2::timestamptz and period_start < $3::timestamptz
       order by period_start`,
      [scopes.map((scope) => scope.scope), new Date(start).toISOString(), new Date(end).toISOString()],
    );
    const series = new Map<
      string,
      { metric: TrendMetric; scope: string; sector: TrendSector; days: { start: number; figure: PeriodFigure }[] }
    >();
    for (const row of result.rows) {
      const key = `${row.metric}|${row.scope}|${row.sector}`;
      let entry = series.get(key);
      if (!entry) series.set(key, (entry = { metric: row.metric, scope: row.scope, sector: row.sector, days: [] }));
      entry.days.push({ start: new Date(row.period_start).getTime(), figure: figureOf(row) });
    }
    const points: HistoryPoint[] = [];
    for (const { metric, scope, sector, days } of series.values()) {
      let index = 0;
      for (const period of periods) {
        const inPeriod: PeriodFigure[] = [];
        for (; index < days.length && days[index]!.start < period.end; index++)
          if (days[index]!.start >= period.start) inPeriod.push(days[index]!.figure);
        const figure = aggregateDays(metric, inPeriod);
        if (figure) points.push({ metric, scope, sector, start: period.start, ...figure });
      }
    }
    await this.write(grain, scopes, start, end, points);
    return points.length;
  }

  /**
   * Replaces the stored points of these scopes (every sector) in the range: a period that lost its
   * data loses its point.
   */
  private async write(grain: TrendGrain, scopes: HistoryScope[], start: number, end: number, points: HistoryPoint[]) {
    const rows = points.filter((point) =>
      [point.value, point.mean, point.peak].some((value) => value !== null && Number.isFinite(value)),
    );
    const column =
      <T>(pick: (point: HistoryPoint) => T) =>
      (chunk: HistoryPoint[]) =>
        chunk.map(pick);
    const columns = [
      column((point) => point.metric),
      column((point) => point.scope),
      column((point) => point.sector),
      column((point) => new Date(point.start).toISOString()),
      column((point) => point.value),
      column((point) => point.valueParts?.num ?? null),
      column((point) => point.valueParts?.den ?? null),
      column((point) => point.mean),
      column((point) => point.meanParts?.num ?? null),
      column((point) => point.meanParts?.den ?? null),
      column((point) => point.peak),
    ];
    await this.db.transaction(async (tx) => {
      await tx.query(
        'delete from trend_point where grain = $1 and scope = any($2::text[]) and period_start >= $3::timestamptz and period_start < $4::timestamptz',
        [grain, scopes.map((scope) => scope.scope), new Date(start).toISOString(), new Date(end).toISOString()],
      );
      for (let offset = 0; offset < rows.length; offset += 5000) {
        const chunk = rows.slice(offset, offset + 5000);
        await tx.query(
          `insert into trend_point (metric, scope, sector, period_start, value, value_num, value_den, mean, mean_num, mean_den, peak, grain)
           select metric, scope, sector, period_start::timestamptz, value, value_num, value_den, mean, mean_num, mean_den, peak, $12
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[],
                       $9::float8[], $10::float8[], $11::float8[])
             as incoming(metric, scope, sector, period_start, value, value_num, value_den, mean, mean_num, mean_den, peak)
           -- Two roll-ups of the same range may run at once (several workers, a late re-roll): the later write wins.
           on conflict (metric, scope, sector, grain, period_start) do update set
             value = excluded.value, value_num = excluded.value_num, value_den = excluded.value_den, mean = excluded.mean,
             mean_num = excluded.mean_num, mean_den = excluded.mean_den, peak = excluded.peak, computed_at = now()`,
          [...columns.map((pick) => pick(chunk)), grain],
        );
      }
    });
  }

  /** Weeks, months and quarters over London days `from`..`to`, from the days (roll them up first). */
  private async rollUpLongGrains(from: string, to: string, trusts: readonly string[] | undefined, now: number) {
    let written = 0;
    for (const grain of LONG_GRAINS) written += await this.rollUp({ grain, from, to, trusts, now });
    return written;
  }

  /**
   * One run of the roll-up job. Facts applied since `since` mark their trusts changed, and only
   * those are rolled up again, from the fact's own time on (nothing before it depends on it): their
   * recent hours and days (yesterday and today), and, for a fact about an older day (a late
   * arrival, an import, a day's contact counts reported days later), that day and every day after
   * it (an OAP or a waiting list carries forward; a bed state up to its limit) with the weeks,
   * months and quarters holding them. Recomputing every scope every run instead kept the embedded
   * database busy rewriting unchanged rows.
   *
   * `everyTrust` rolls up every trust's recent hours and days whatever changed: some figures change
   * with time alone (a ward passing its not-reporting limit, a state carried into a new hour), so
   * the job asks for it now and then. `longGrains` rolls up every trust's current weeks, months and
   * quarters from the stored days (each reads a quarter of days, so the job asks less often).
   *
   * Returns the cursor for the next run. Facts applied in the last `settleMs` are read again next
   * run (a fact's application commits within moments of its stamp, so one stamped just before this
   * read may not be visible yet); an older day is re-rolled once, when its fact has settled.
   */
  async rollUpChanges(
    since: Date,
    options: { everyTrust: boolean; longGrains: boolean; now?: number; settleMs?: number },
  ): Promise<Date> {
    const now = options.now ?? Date.now();
    const today = londonDateOf(now);
    const yesterday = addDays(today, -1);
    // Rounded up to the next whole millisecond: the cursor travels as a JavaScript Date (milliseconds)
    // while applied_at has microseconds, and one truncated down would read again next run the facts
    // applied in the same millisecond before it. Facts stamped in the sliver above the bound are
    // older than settleMs, so committed, and this run reads them (`applied_at > since` has no upper bound).
    const bound = await this.db.query<{ settled: Date }>(
      `select date_trunc('milliseconds', now() - ($1::int * interval '1 millisecond')) + interval '1 millisecond' as settled`,
      [options.settleMs ?? SETTLE_MS],
    );
    const settled = new Date(Math.max(since.getTime(), new Date(bound.rows[0]!.settled).getTime()));
    const changed = await this.db.query<{ trust_ods: string; late_from: string | null; changed_at: Date }>(
      `select trust_ods,
              to_char(min(effective_day) filter (where applied_at <= $3::timestamptz and effective_day < $2::date),
                      'YYYY-MM-DD') as late_from,
              min(effective_at) as changed_at
       from (
         -- When a fact takes effect in the history fold: a day's contact counts at the day's start.
         select trust_ods, applied_at,
                case when kind in ('videoDay', 'referralDay') then (payload ->> 'date')::date
                     else (observed_at at time zone 'Europe/London')::date end as effective_day,
                case when kind in ('videoDay', 'referralDay') then ((payload ->> 'date')::date::timestamp at time zone 'Europe/London')
                     else observed_at end as effective_at
         from event_log
         -- HL7 movements are not history themselves: the ward censuses they publish (bed states, stamped when computed) are.
         where applied_at > $1::timestamptz and kind <> 'hl7Movement'
       ) facts
       group by trust_ods`,
      [since.toISOString(), yesterday, settled.toISOString()],
    );
    const late = changed.rows.filter((row): row is typeof row & { late_from: string } => row.late_from !== null);
    if (late.length > 0) {
      // One pass over the trusts together, from the earliest late day: a scope shared by several
      // of them (a collaborative, a region) is rolled once, not once per trust.
      const trusts = late.map((row) => row.trust_ods);
      const from = late.map((row) => row.late_from).sort()[0]!;
      await this.rollUp({ grain: 'day', from, to: today, trusts, now });
      await this.rollUpLongGrains(from, today, trusts, now);
    }
    if (options.everyTrust) {
      await this.rollUp({ grain: 'hour', from: yesterday, to: today, now });
      await this.rollUp({ grain: 'day', from: yesterday, to: today, now });
    } else if (changed.rows.length > 0) {
      // From the earliest change, within the recent window, and no later than now (a fact stamped
      // a little ahead still has the current period rolled).
      const earliest = Math.min(...changed.rows.map((row) => new Date(row.changed_at).getTime()));
      const after = Math.min(now, Math.max(londonMidnight(yesterday), earliest));
      const from = londonDateOf(after);
      const trusts = changed.rows.map((row) => row.trust_ods);
      const rolledLate = new Set(late.map((row) => row.trust_ods));
      // Hours for every changed trust (the late re-roll is by day); days for those it did not cover.
      await this.rollUp({ grain: 'hour', from, to: today, trusts, now, after });
      const rest = trusts.filter((ods) => !rolledLate.has(ods));
      await this.rollUp({ grain: 'day', from, to: today, trusts: rest, now });
    }
    if (options.longGrains) await this.rollUpLongGrains(yesterday, today, undefined, now);
    return settled;
  }

  /**
   * Recomputes every roll-up the event log can still give: hours as far back as retention keeps
   * them, days from the first raw fact, then weeks, months and quarters from the first stored day
   * (days older than the raw facts — retention, demo history — keep their stored figures).
   */
  async rebuildAll(now = Date.now(), hourlyDays = 93): Promise<{ from: string | null; points: number }> {
    const today = londonDateOf(now);
    const first = await this.db.query<{ fact_day: string | null; stored_day: string | null }>(
      `select (select to_char(min(observed_at at time zone 'Europe/London'), 'YYYY-MM-DD') from event_log
                where applied_at is not null and kind <> 'hl7Movement') as fact_day,
              (select to_char(min(period_start at time zone 'Europe/London'), 'YYYY-MM-DD') from trend_point
                where grain = 'day') as stored_day`,
    );
    const factDay = first.rows[0]?.fact_day ?? null;
    const storedDay = first.rows[0]?.stored_day ?? null;
    let points = 0;
    if (factDay !== null && factDay <= today) {
      const hoursFrom = [factDay, addDays(today, -(hourlyDays - 1))].sort().at(-1)!;
      points += await this.rollUp({ grain: 'hour', from: hoursFrom, to: today, now });
      points += await this.rollUp({ grain: 'day', from: factDay, to: today, now });
    }
    const from = [factDay, storedDay].filter((day): day is string => day !== null && day <= today).sort()[0] ?? null;
    if (from !== null) points += await this.rollUpLongGrains(from, today, undefined, now);
    return { from, points };
  }

  /**
   * Runs a rebuild that a migration asked for (`history_rebuild`), once: a worker claims it (a claim
   * older than an hour is taken to have died with its worker), rebuilds, and marks it done. Returns
   * the reason it ran for, or null when nothing was asked.
   */
  async runRequestedRebuild(now = Date.now()): Promise<string | null> {
    const claimed = await this.db.query<{ id: number; reason: string }>(
      `update history_rebuild set claimed_at = now()
       where id = (select id from history_rebuild
                   where done_at is null and (claimed_at is null or claimed_at < now() - interval '1 hour')
                   order by id limit 1)
       returning id, reason`,
    );
    const request = claimed.rows[0];
    if (!request) return null;
    await this.rebuildAll(now);
    // Every request made before this rebuild began is answered by it.
    await this.db.query('update history_rebuild set done_at = now() where id <= $1 and done_at is null', [request.id]);
    return request.reason;
  }

  /**
   * Retention: raw facts older than `rawDays` leave the event log (a placement's events only once
   * it ended that long ago, so an active placement keeps its start), hourly roll-ups after
   * `hourlyDays`, daily and longer ones after `rollupYears`. What is deleted can no longer be
   * rebuilt: that is the trade the setting makes.
   */
  async applyRetention(settings: RetentionSettings, now = Date.now()): Promise<{ facts: number; points: number }> {
    const rawBefore = new Date(now - settings.rawDays * 86_400_000).toISOString();
    const facts = await this.db.query<{ event_id: string }>(
      `delete from event_log where applied_at is not null and (
         (kind in ('bedState', 'waitingList', 'videoDay', 'referralDay', 's136SuiteState', 'trustFigures', 'dischargeDelays', 'crisisCapacity') and observed_at < $1::timestamptz)
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
  /** Daily, weekly, monthly and quarterly roll-ups kept this many years. */
  rollupYears: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { rawDays: 730, hourlyDays: 93, rollupYears: 15 };
