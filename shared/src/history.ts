/**
 * History: the value of every trend metric for a scope over a period, folded from the facts of
 * the event log in time order. One definition, used by the roll-up jobs and their tests.
 *
 * Hours and days are folded from the facts here (`foldHistory`); weeks, months and quarters are made
 * from their days (history-aggregate.ts). Daily-census metrics — bed occupancy, vacant beds,
 * referrals waiting for admission, patients from other trusts — are followed through time by the
 * census sweep (history-census.ts): the census at the period's end (the KH03 midnight census for
 * days), the mean and the peak, counting only wards reporting within their limit. Other census
 * metrics (active placements, waiting lists) take the state at the period's end. Flow metrics (OAP
 * starts, ends, bed days and cost, video consultations, completed discharges, Section 136 breaches)
 * add up what happened within the period. A metric is null for a period in which nothing of the
 * scope had reported yet.
 */
import { CensusSweep, type CensusOptions, type Ratio } from './history-census.js';
import { addDays, londonDateOf, londonMidnight } from './calendar.js';
import type { BedStateObservation } from './bed-state.js';
import {
  delayedBedDays,
  mergeDischargeDelays,
  type DischargeDelaysRecord,
  type DischargeDelaysSnapshot,
} from './discharge-delays.js';
import {
  isActive,
  isInappropriatePlacement,
  mergePlacementEvent,
  placementPeriodFigures,
  type PlacementEvent,
  type PlacementRecord,
} from './placements.js';
import {
  WAITING_SHARE_METRICS,
  type DailyCensusMetric,
  type TrendGrain,
  type TrendMetric,
  type TrendSector,
  type WaitingShareMetric,
} from './trends.js';
import { isNewerReferralDay, ratePer100k, referralDayKey, sumReferralDays, type ReferralDay } from './referrals.js';
import { countIncrease, isNewerTrustFigures, type TrustFiguresObservation } from './trust-figures.js';
import { contactTotals, isNewerVideoDay, videoDayKey, type VideoConsultationDay } from './video-consultations.js';
import { isNewerWaitingList, waitingListFigures, waitingMoreThan52Weeks, type WaitingListSnapshot } from './waiting-lists.js';

export type HistoryFact =
  | { kind: 'bedState'; trustOds: string; at: number; payload: BedStateObservation }
  | { kind: 'placement'; trustOds: string; at: number; payload: PlacementEvent }
  | { kind: 'waitingList'; trustOds: string; at: number; payload: WaitingListSnapshot }
  | { kind: 'videoDay'; trustOds: string; at: number; payload: VideoConsultationDay }
  | { kind: 'trustFigures'; trustOds: string; at: number; payload: TrustFiguresObservation }
  | { kind: 'dischargeDelays'; trustOds: string; at: number; payload: DischargeDelaysSnapshot }
  | { kind: 'referralDay'; trustOds: string; at: number; payload: ReferralDay };

/**
 * What a trust's report added to its counts "since the last return" (countIncrease): a period's
 * completed discharges and breaches are the growth reported within it, so overlapping reports of
 * one counting window are not counted twice.
 */
export interface CountGrowth {
  trustOds: string;
  at: number;
  completedDischarges: number;
  section136Breaches: number;
}

/** A period of a grain: clock hours, London calendar days, weeks (Monday start), months and quarters. */
export interface HistoryPeriod {
  start: number;
  end: number;
  /** `YYYY-MM-DD` of its first day, ISO date-time for hours. */
  label: string;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The first day of the week (Monday), month or quarter holding `date`, or the day itself. */
export function periodStartDate(grain: Exclude<TrendGrain, 'hour'>, date: string): string {
  if (grain === 'day') return date;
  if (grain === 'week') {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
    return addDays(date, -((weekday + 6) % 7));
  }
  const month = Number(date.slice(5, 7));
  const first = grain === 'quarter' ? month - ((month - 1) % 3) : month;
  return `${date.slice(0, 5)}${pad(first)}-01`;
}

/** The first day after the period of `grain` that starts on `start`. */
function nextPeriodDate(grain: Exclude<TrendGrain, 'hour'>, start: string): string {
  if (grain === 'day') return addDays(start, 1);
  if (grain === 'week') return addDays(start, 7);
  const [year, month] = start.split('-').map(Number) as [number, number];
  const next = month + (grain === 'quarter' ? 3 : 1);
  return next > 12 ? `${String(year + 1).padStart(4, '0')}-${pad(next - 12)}-01` : `${start.slice(0, 5)}${pad(next)}-01`;
}

/** The periods of a grain covering London days `from`..`to` (inclusive). */
export function historyPeriods(grain: TrendGrain, from: string, to: string): HistoryPeriod[] {
  const periods: HistoryPeriod[] = [];
  const endDate = addDays(to, 1);
  if (grain === 'hour') {
    const last = londonMidnight(endDate);
    for (let hour = londonMidnight(from); hour < last; hour += 3_600_000) {
      periods.push({ start: hour, end: hour + 3_600_000, label: new Date(hour).toISOString() });
    }
    return periods;
  }
  for (let date = periodStartDate(grain, from); date < endDate;) {
    const next = nextPeriodDate(grain, date);
    periods.push({ start: londonMidnight(date), end: londonMidnight(next), label: date });
    date = next;
  }
  return periods;
}

/** The running state of the facts that are not daily censuses, last-writer-wins as the live workers apply them. */
export class HistoryState {
  readonly placements = new Map<string, PlacementRecord>();
  readonly waitingLists = new Map<string, WaitingListSnapshot>();
  readonly videoDays = new Map<string, VideoConsultationDay>();
  /** Each trust's days of referrals, the latest report per `trust|service|date`. */
  readonly referralDays = new Map<string, ReferralDay>();
  /** Each trust's latest figures. */
  readonly trustFigures = new Map<string, TrustFiguresObservation>();
  /** The growth of the counts "since the last return", in time order. */
  readonly countGrowth: CountGrowth[] = [];
  /** Each ward's delayed-discharge record (its latest list and nightly counts), as live state keeps it. */
  readonly dischargeDelays = new Map<string, { trustOds: string; record: DischargeDelaysRecord }>();

  apply(fact: HistoryFact): void {
    switch (fact.kind) {
      case 'bedState':
        return; // a daily census: history-census.ts
      case 'placement': {
        const key = `${fact.trustOds}|${fact.payload.placementId}`;
        this.placements.set(key, mergePlacementEvent(this.placements.get(key) ?? null, fact.payload));
        return;
      }
      case 'waitingList': {
        const key = `${fact.trustOds}|${fact.payload.service}`;
        if (isNewerWaitingList(fact.payload, this.waitingLists.get(key) ?? null)) this.waitingLists.set(key, fact.payload);
        return;
      }
      case 'videoDay': {
        const key = `${fact.trustOds}|${videoDayKey(fact.payload)}`;
        if (isNewerVideoDay(fact.payload, this.videoDays.get(key) ?? null)) this.videoDays.set(key, fact.payload);
        return;
      }
      case 'referralDay': {
        const key = `${fact.trustOds}|${referralDayKey(fact.payload)}`;
        if (isNewerReferralDay(fact.payload, this.referralDays.get(key) ?? null)) this.referralDays.set(key, fact.payload);
        return;
      }
      case 'dischargeDelays': {
        const current = this.dischargeDelays.get(fact.payload.wardId)?.record ?? null;
        const record = mergeDischargeDelays(current, fact.payload);
        if (record) this.dischargeDelays.set(fact.payload.wardId, { trustOds: fact.trustOds, record });
        return;
      }
      case 'trustFigures': {
        const current = this.trustFigures.get(fact.trustOds) ?? null;
        if (!isNewerTrustFigures(fact.payload, current)) return;
        this.countGrowth.push({
          trustOds: fact.trustOds,
          at: fact.at,
          completedDischarges: countIncrease(current, fact.payload, 'completedDischarges'),
          section136Breaches: countIncrease(current, fact.payload, 'section136Breaches'),
        });
        this.trustFigures.set(fact.trustOds, fact.payload);
      }
    }
  }
}

export interface HistoryScope {
  /** The scope's text (`trust:RX4`). */
  scope: string;
  /** The trusts the scope draws on: every ward of them counts unless `wards` is set. */
  trusts: ReadonlySet<string>;
  /**
   * Only these wards count in bed censuses: a ward scope's one ward, a site's wards, a specialised
   * collaborative's service lines. Unset: every ward of `trusts`.
   */
  wards?: ReadonlySet<string>;
  /** The trusts whose trust-level returns (placements, waiting lists, video, trust figures) count: `trusts` when `wards` is unset, else none unless given. */
  wholeTrusts?: ReadonlySet<string>;
  /**
   * The catchment population of the scope's trusts (referrals per 100,000): a trust's own, a
   * collaborative's or region's members' added up when every one has one; unset otherwise.
   */
  population?: number;
  /** Bed censuses per KH03 sector too: yes when `wards` is unset, else only when asked (a site, a collaborative, not one ward). */
  sectors?: boolean;
}

const NO_TRUSTS: ReadonlySet<string> = new Set();

/** The trusts whose trust-level returns count in a scope (see HistoryScope.wholeTrusts). */
export function trustLevelTrusts(scope: HistoryScope): ReadonlySet<string> {
  return scope.wholeTrusts ?? (scope.wards ? NO_TRUSTS : scope.trusts);
}

/** A metric's figure for a period, with the parts that let longer periods add it up. */
export interface PeriodFigure {
  value: number | null;
  /** value = num ÷ den (daily censuses, ratios); null for sums and end-of-period censuses. */
  valueParts: Ratio | null;
  mean: number | null;
  meanParts: Ratio | null;
  peak: number | null;
}

/** One roll-up row: a metric of a scope (whole, or one KH03 sector) for the period starting at `start`. */
export interface HistoryPoint extends PeriodFigure {
  metric: TrendMetric;
  scope: string;
  sector: TrendSector;
  start: number;
}

type TrustMetric = Exclude<TrendMetric, DailyCensusMetric>;

const plain = (value: number | null): PeriodFigure => ({ value, valueParts: null, mean: null, meanParts: null, peak: null });

/**
 * The metrics reported per trust that are not daily censuses, for a trust or collaborative scope and
 * one period, from the state after all facts up to the period's end.
 */
export function trustPeriodFigures(
  state: HistoryState,
  scope: HistoryScope,
  period: HistoryPeriod,
  now: number,
): Record<TrustMetric, PeriodFigure> {
  const whole = trustLevelTrusts(scope);
  const inScope = (trustOds: string) => whole.has(trustOds);
  const placements = [...state.placements.values()].filter((record) => inScope(record.sendingTrust));
  const censusAt = Math.min(period.end, now) - 1;
  const anyPlacementKnown = placements.some((record) => record.startedAt !== null && Date.parse(record.startedAt) <= censusAt);
  const active = placements.filter((record) => isActive(record, censusAt));
  const flowEnd = Math.min(period.end, now);
  const startDate = londonDateOf(period.start);
  const endDate = londonDateOf(period.end);
  // Hours have no nights or days of their own: bed days and contacts are kept for days and longer.
  const daily = period.end - period.start > 3_600_000;
  // A bed day is a night at the midnight census.
  const oapFlows = daily && anyPlacementKnown ? placementPeriodFigures(placements, period, flowEnd) : null;

  const lists = [...state.waitingLists.entries()].filter(([key]) => inScope(key.split('|')[0]!)).map(([, list]) => list);
  // Each standard's share of its own denominator, summed over the scope's trusts (waitingListFigures).
  const shares = Object.fromEntries(
    WAITING_SHARE_METRICS.map(({ metric, service, standard }) => {
      const records = lists.filter((list) => list.service === service);
      const share =
        records.length === 0
          ? null
          : (waitingListFigures(service, records).standards.find((entry) => entry.standard === standard)?.share ?? null);
      return [metric, plain(share)];
    }),
  ) as Record<WaitingShareMetric, PeriodFigure>;

  // Video: code 11 and the retired 03, each contact once (contactTotals, as the live figures).
  const videoDays = daily
    ? [...state.videoDays.entries()]
        .filter(([key, day]) => inScope(key.split('|')[0]!) && day.date >= startDate && day.date < endDate)
        .map(([, day]) => day)
    : [];
  const videoReported = videoDays.length > 0;
  const { video, all: contacts } = contactTotals(videoDays);

  const figuresReported = [...state.trustFigures.keys()].some(inScope);

  // Referrals: the days of the period (days and longer), all services, as the live figures add them.
  const referralDays = daily
    ? [...state.referralDays.entries()]
        .filter(([key, day]) => inScope(key.split('|')[0]!) && day.date >= startDate && day.date < endDate)
        .map(([, day]) => day)
    : [];
  const referralsReported = referralDays.length > 0;
  const referrals = sumReferralDays(referralDays);
  const decided = referrals.accepted + referrals.declined;

  const growth = state.countGrowth.filter((entry) => inScope(entry.trustOds) && entry.at >= period.start && entry.at < flowEnd);

  return {
    activeInappropriateOaps: plain(
      anyPlacementKnown ? active.filter((record) => isInappropriatePlacement(record.details)).length : null,
    ),
    inappropriateOapsStarted: plain(oapFlows?.inappropriateStarted ?? null),
    inappropriateOapBedDays: plain(oapFlows?.inappropriateBedDays ?? null),
    inappropriateOapCost: plain(oapFlows?.inappropriateCost ?? null),
    inappropriateOapsEnded: plain(oapFlows?.inappropriateEnded ?? null),
    activeOaps: plain(anyPlacementKnown ? active.length : null),
    oapBedDays: plain(oapFlows?.bedDays ?? null),
    oapCost: plain(oapFlows?.cost ?? null),
    waitingListSize: plain(lists.length > 0 ? lists.reduce((sum, list) => sum + list.waiting, 0) : null),
    waitingMoreThan52Weeks: plain(
      lists.length > 0 ? lists.reduce((sum, list) => sum + waitingMoreThan52Weeks(list.bands), 0) : null,
    ),
    ...shares,
    videoConsultations: plain(videoReported ? video : null),
    videoShare: {
      ...plain(videoReported && contacts > 0 ? video / contacts : null),
      valueParts: videoReported && contacts > 0 ? { num: video, den: contacts } : null,
    },
    completedDischarges: plain(figuresReported ? growth.reduce((sum, entry) => sum + entry.completedDischarges, 0) : null),
    reportedSection136Breaches: plain(figuresReported ? growth.reduce((sum, entry) => sum + entry.section136Breaches, 0) : null),
    referralsReceived: plain(referralsReported ? referrals.received : null),
    referralsAccepted: plain(referralsReported ? referrals.accepted : null),
    referralsDeclined: plain(referralsReported ? referrals.declined : null),
    referralsPer100k: plain(referralsReported ? ratePer100k(referrals.received, scope.population) : null),
    referralAcceptanceRate: {
      ...plain(referralsReported && decided > 0 ? referrals.accepted / decided : null),
      valueParts: referralsReported && decided > 0 ? { num: referrals.accepted, den: decided } : null,
    },
    ...delayPeriodFigures(state, scope, period, now),
  };
}

type DelayMetric = 'delayedDischarges' | 'delayedBedDays';

/**
 * Delayed discharges for a scope and one period: the wards' lists as they stood at the period's end,
 * and bed days by night (days and longer). A ward's own fact, so counted by ward like the bed
 * census: a ward, a site or a specialised collaborative's service lines count their wards' lists,
 * whatever their trusts' returns.
 */
export function delayPeriodFigures(
  state: HistoryState,
  scope: HistoryScope,
  period: HistoryPeriod,
  now: number,
): Record<DelayMetric, PeriodFigure> {
  const records = [...state.dischargeDelays]
    .filter(([wardId, entry]) => (scope.wards ? scope.wards.has(wardId) : scope.trusts.has(entry.trustOds)))
    .map(([, entry]) => entry.record);
  const reported = records.length > 0;
  const daily = period.end - period.start > 3_600_000;
  const flowEnd = Math.min(period.end, now);
  const [startDate, endDate] = [londonDateOf(period.start), londonDateOf(period.end)];
  return {
    delayedDischarges: plain(reported ? records.reduce((sum, record) => sum + record.latest.delays.length, 0) : null),
    delayedBedDays: plain(
      daily && reported
        ? records.reduce((sum, record) => sum + delayedBedDays(record.nights, startDate, endDate, flowEnd), 0)
        : null,
    ),
  };
}

export interface FoldOptions extends CensusOptions {
  now: number;
}

/**
 * Every metric of every scope for each period of an hourly or daily roll-up, folding `facts` (in
 * time order: the last state of each kind before the first period, then everything up to the last
 * period's end) as the live workers applied them. Periods must follow each other in time order and
 * start no later than `now`. A point is returned where the metric has any value for the period.
 */
export function foldHistory(
  facts: readonly HistoryFact[],
  scopes: readonly HistoryScope[],
  periods: readonly HistoryPeriod[],
  options: FoldOptions,
): HistoryPoint[] {
  const { now } = options;
  const state = new HistoryState();
  const census = new CensusSweep(scopes, options);
  const trustScopes = new Set(scopes.filter((scope) => trustLevelTrusts(scope).size > 0));
  const points: HistoryPoint[] = [];
  let next = 0;
  const applyBefore = (limit: number) => {
    while (next < facts.length && facts[next]!.at < limit) {
      const fact = facts[next++]!;
      census.advanceTo(Math.min(fact.at, now));
      census.apply(fact);
      state.apply(fact);
    }
  };
  for (const period of periods) {
    applyBefore(period.start);
    census.advanceTo(period.start);
    census.openWindow();
    const end = Math.min(period.end, now);
    applyBefore(end);
    // Reports stamped a moment ahead of the server's clock (the allowed skew) count in today's census.
    applyBefore(period.end);
    census.advanceTo(end);
    for (const reading of census.read()) {
      points.push({
        metric: reading.metric,
        scope: reading.scope,
        sector: reading.sector,
        start: period.start,
        value: reading.census ? reading.census.num / reading.census.den : null,
        valueParts: reading.census,
        mean: reading.mean && reading.mean.den > 0 ? reading.mean.num / reading.mean.den : null,
        meanParts: reading.mean,
        peak: reading.peak,
      });
    }
    for (const scope of scopes) {
      // A ward or site has no trust-level returns, only its wards' delays.
      const figures = trustScopes.has(scope)
        ? trustPeriodFigures(state, scope, period, now)
        : delayPeriodFigures(state, scope, period, now);
      for (const [metric, figure] of Object.entries(figures) as [TrustMetric, PeriodFigure][]) {
        if (figure.value !== null && Number.isFinite(figure.value))
          points.push({ metric, scope: scope.scope, sector: 'all', start: period.start, ...figure });
      }
    }
  }
  return points;
}
