/**
 * GET /api/v1/trends?metric=…&scope=trust:RX4&scope=trust:RX3&from=YYYY-MM-DD&to=YYYY-MM-DD&grain=day
 * [&statistic=census|mean|peak][&sector=all|mental-illness|learning-disabilities]
 * — one series per scope, ready for charts, read from the roll-ups (`trend_point`). Every period of
 * the range is present; a period without data has `v: null`. Each scope must be readable.
 */
import { PublishedMeasureRepository, StayRepository, type BenchmarkPoint, type Database } from '@wardpulse/jobs';
import type {
  HistoryPeriod,
  OrgIndex,
  StayTrendMetric,
  TrendMetricDefinition,
  TrendQuery,
  TrendResponse,
} from '@wardpulse/shared';
import {
  daysBetween,
  grainProblem,
  hasDailyStatistics,
  hasSectors,
  historyPeriods,
  isStayTrendMetric,
  kh03Sector,
  MAX_TREND_DAYS,
  parseScope,
  periodStartDate,
  publishedSeriesNotes,
  stayTrendPoints,
  TREND_MEASURES,
  trendQuerySchema,
} from '@wardpulse/shared';
import { Router } from 'express';
import { mayReadScope, type AccessPolicy } from '../../auth/access.js';
import { requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';

/**
 * Published figures beside local ones: England, each trust scope's own provider row and its ICB's
 * row, of the metric's MHSDS measure where imported (`npm run import`). Points sit at the end of
 * each published period; a label says when that period is a rolling window (MRS01b: three months)
 * and how many values were suppressed (gaps, not zero), so nobody reads them as monthly figures.
 */
async function benchmarks(db: Database, org: OrgIndex, query: TrendQuery): Promise<TrendResponse['benchmarks']> {
  const definition: TrendMetricDefinition = TREND_MEASURES[query.metric];
  if (!definition.benchmark) return [];
  const { measureId, label, scale } = definition.benchmark;
  const published = new PublishedMeasureRepository(db);
  // A published figure is drawn at the period of the chart's grain holding its period's end.
  const toPoints = (rows: BenchmarkPoint[]) =>
    rows.map((row) => ({
      t: query.grain === 'hour' ? row.periodEnd : periodStartDate(query.grain, row.periodEnd),
      v: row.value === null ? null : row.value * scale,
    }));
  const described = (rows: BenchmarkPoint[], breakdown: string) => [label, ...publishedSeriesNotes(rows, breakdown)].join(', ');
  const series: TrendResponse['benchmarks'] = [];
  const england = await published.benchmarkSeries(measureId, 'England', 'England', query.from, query.to);
  if (england.length > 0)
    series.push({ label: `England (${described(england, 'England')})`, source: 'mhsds', points: toPoints(england) });
  for (const scope of query.scope) {
    if (!scope.startsWith('trust:')) continue;
    const ods = scope.slice('trust:'.length);
    const provider = await published.benchmarkSeries(measureId, 'Provider', ods, query.from, query.to);
    if (provider.length > 0)
      series.push({
        label: `${ods} as published (${described(provider, 'Provider')})`,
        source: 'mhsds',
        points: toPoints(provider),
      });
    const icb = org.trustsByOds.get(ods)?.icbOds;
    if (icb && !series.some((entry) => entry.label.startsWith(`ICB ${icb} `))) {
      const rows = await published.benchmarkSeries(measureId, 'ICB of GP Practice or Residence', icb, query.from, query.to);
      if (rows.length > 0)
        series.push({
          label: `ICB ${icb} (${described(rows, 'ICB of GP Practice or Residence')})`,
          source: 'mhsds',
          points: toPoints(rows),
        });
    }
  }
  return series;
}

/** Values of the roll-ups (`trend_point`) by `scope|period start`. */
async function rolledUpValues(
  db: Database,
  org: OrgIndex,
  query: TrendQuery,
  periods: readonly HistoryPeriod[],
): Promise<Map<string, number | null>> {
  // A ward is in one sector: asked for its own, it is read whole; asked for the other, it has no beds in it.
  const readAs = (scope: string): string | null => {
    if (query.sector === 'all' || !scope.startsWith('ward:')) return query.sector;
    const ward = org.wardsById.get(scope.slice('ward:'.length));
    return ward && kh03Sector(ward.type) === query.sector ? 'all' : null;
  };
  const reads = query.scope.flatMap((scope) => {
    const sector = readAs(scope);
    return sector === null ? [] : [{ scope, sector }];
  });
  // The column is one of three names, never the caller's text.
  const column = { census: 'value', mean: 'mean', peak: 'peak' }[query.statistic];
  const rows =
    periods.length && reads.length
      ? await db.query<{ scope: string; period_start: Date; value: number | null }>(
          `select trend_point.scope, period_start, ${column} as value
           from trend_point join unnest($3::text[], $4::text[]) as wanted(scope, sector)
             on trend_point.scope = wanted.scope and trend_point.sector = wanted.sector
           where metric = $1 and grain = $2 and period_start >= $5::timestamptz and period_start < $6::timestamptz`,
          [
            query.metric,
            query.grain,
            reads.map((read) => read.scope),
            reads.map((read) => read.sector),
            new Date(periods[0]!.start).toISOString(),
            new Date(periods.at(-1)!.end).toISOString(),
          ],
        )
      : { rows: [] };
  return new Map(rows.rows.map((row) => [`${row.scope}|${new Date(row.period_start).getTime()}`, row.value]));
}

/** Values of a stay metric by `scope|period start`, from each scope's wards' stays over the range. */
async function stayValues(
  stays: StayRepository,
  org: OrgIndex,
  metric: StayTrendMetric,
  scopes: readonly string[],
  periods: readonly HistoryPeriod[],
  now: number,
): Promise<Map<string, number | null>> {
  const values = new Map<string, number | null>();
  if (periods.length === 0) return values;
  for (const scope of scopes) {
    const parsed = parseScope(scope);
    const wards = parsed.ok ? (org.wardsIn(parsed.scope) ?? []) : [];
    const rows = await stays.staysOverlapping(
      wards.map((ward) => ward.id),
      periods[0]!.start,
      periods.at(-1)!.end,
    );
    for (const [index, point] of stayTrendPoints(metric, rows, periods, now).entries())
      values.set(`${scope}|${periods[index]!.start}`, point.v);
  }
  return values;
}

export function trendsRoute(deps: { db: Database; org: () => OrgIndex; policy: AccessPolicy }): Router {
  const router = Router();
  const stays = new StayRepository(deps.db);
  router.get('/trends', async (req, res) => {
    const org = deps.org();
    const principal = requireAccess(req, 'read', SOMEWHERE, org, deps.policy);
    const raw = req.query as Record<string, unknown>;
    const query = parseRequest(trendQuerySchema, { ...raw, scope: [raw.scope ?? []].flat() }, 'trend query');
    const days = daysBetween(query.from, query.to) + 1;
    if (days < 1)
      throw new HttpError(400, 'malformed', 'the range ends before it starts', [
        { path: 'to', message: `is before from (${query.from})` },
      ]);
    if (days > MAX_TREND_DAYS[query.grain]) {
      throw new HttpError(400, 'malformed', 'the range is too long for this grain', [
        { path: 'to', message: `at most ${MAX_TREND_DAYS[query.grain]} days at ${query.grain} grain` },
      ]);
    }
    if (query.statistic !== 'census' && !hasDailyStatistics(query.metric))
      throw new HttpError(400, 'malformed', 'this measure has no mean or peak', [
        { path: 'statistic', message: `must be census for ${query.metric}: only daily censuses keep a mean and a peak` },
      ]);
    const grainRefused = grainProblem(query.metric, query.grain);
    if (grainRefused)
      throw new HttpError(400, 'malformed', 'this measure has no figures at this grain', [
        { path: 'grain', message: grainRefused },
      ]);
    if (query.sector !== 'all' && !hasSectors(query.metric))
      throw new HttpError(400, 'malformed', 'this measure is not kept per KH03 sector', [
        { path: 'sector', message: `must be all for ${query.metric}: only bed measures are kept per KH03 sector` },
      ]);
    for (const [index, text] of query.scope.entries()) {
      const parsed = parseScope(text);
      if (!parsed.ok || !org.has(parsed.scope))
        throw new HttpError(404, 'unknown_scope', `no such scope: ${text}`, [
          { path: `scope[${index}]`, message: 'names nothing known' },
        ]);
      const decision = mayReadScope(principal, parsed.scope, org, deps.policy);
      if (!decision.allowed)
        throw new HttpError(403, 'forbidden', decision.reason, [{ path: `scope[${index}]`, message: decision.reason }]);
    }

    const now = Date.now();
    const periods = historyPeriods(query.grain, query.from, query.to).filter((period) => period.start <= now);
    const values = isStayTrendMetric(query.metric)
      ? await stayValues(stays, org, query.metric, query.scope, periods, now)
      : await rolledUpValues(deps.db, org, query, periods);
    const definition = TREND_MEASURES[query.metric];
    const body: TrendResponse = {
      metric: {
        id: query.metric,
        label: definition.label,
        unit: definition.unit,
        better: definition.better,
        reference: 'reference' in definition ? definition.reference : null,
      },
      grain: query.grain,
      statistic: query.statistic,
      sector: query.sector,
      from: query.from,
      to: query.to,
      series: query.scope.map((scope) => {
        const parsed = parseScope(scope);
        return {
          scope,
          name: (parsed.ok ? org.nameOf(parsed.scope) : undefined) ?? scope,
          points: periods.map((period) => ({ t: period.label, v: values.get(`${scope}|${period.start}`) ?? null })),
        };
      }),
      benchmarks: await benchmarks(deps.db, org, query),
    };
    res.set('Cache-Control', 'no-store').json(body);
  });
  return router;
}
