/**
 * History: the value of every trend metric for a scope over a period, folded from the facts of
 * the event log in time order. One definition, used by the roll-up jobs and their tests.
 *
 * Census metrics (bed occupancy, vacant beds, active placements, waiting lists, referrals waiting,
 * patients from other trusts) take the state at the period's end — the KH03 midnight census for
 * days. Flow metrics (OAP starts, ends, bed days and cost, video consultations, completed discharges, Section 136
 * breaches) add up what happened within the period. A metric is null for a period in which nothing
 * of the scope had reported yet.
 */
import { sumBedCounts } from './bed-occupancy.js';
import { isLaterFact } from './last-writer-wins.js';
import { toWardBedState, type BedStateObservation } from './bed-state.js';
import { addDays, londonDateOf, londonMidnight } from './calendar.js';
import type { WardBedState } from './live.js';
import {
  isActive,
  isInappropriatePlacement,
  mergePlacementEvent,
  placementPeriodFigures,
  type PlacementEvent,
  type PlacementRecord,
} from './placements.js';
import type { TrendGrain, TrendMetric } from './trends.js';
import { countIncrease, isNewerTrustFigures, referralsTotal, type TrustFiguresObservation } from './trust-figures.js';
import { VIDEO_CONSULTATION, isNewerVideoDay, videoDayKey, type VideoConsultationDay } from './video-consultations.js';
import { isNewerWaitingList, waitingListFigures, type WaitingListSnapshot } from './waiting-lists.js';

export type HistoryFact =
  | { kind: 'bedState'; trustOds: string; at: number; payload: BedStateObservation }
  | { kind: 'placement'; trustOds: string; at: number; payload: PlacementEvent }
  | { kind: 'waitingList'; trustOds: string; at: number; payload: WaitingListSnapshot }
  | { kind: 'videoDay'; trustOds: string; at: number; payload: VideoConsultationDay }
  | { kind: 'trustFigures'; trustOds: string; at: number; payload: TrustFiguresObservation };

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

/** A period of a grain: London calendar days and months, clock hours. */
export interface HistoryPeriod {
  start: number;
  end: number;
  /** `YYYY-MM-DD` for days and months, ISO date-time for hours. */
  label: string;
}

/** The periods of a grain covering London days `from`..`to` (inclusive). */
export function historyPeriods(grain: TrendGrain, from: string, to: string): HistoryPeriod[] {
  const periods: HistoryPeriod[] = [];
  const endDate = addDays(to, 1);
  if (grain === 'month') {
    let month = `${from.slice(0, 8)}01`;
    while (month < endDate) {
      const [year, m] = month.split('-').map(Number) as [number, number];
      const next = m === 12 ? `${year + 1}-01-01` : `${String(year).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-01`;
      periods.push({ start: londonMidnight(month), end: londonMidnight(next), label: month });
      month = next;
    }
    return periods;
  }
  if (grain === 'day') {
    for (let day = from; day < endDate; day = addDays(day, 1)) {
      periods.push({ start: londonMidnight(day), end: londonMidnight(addDays(day, 1)), label: day });
    }
    return periods;
  }
  const last = londonMidnight(endDate);
  for (let hour = londonMidnight(from); hour < last; hour += 3_600_000) {
    periods.push({ start: hour, end: hour + 3_600_000, label: new Date(hour).toISOString() });
  }
  return periods;
}

/** The running state of facts applied so far, last-writer-wins as the live workers apply them. */
export class HistoryState {
  readonly wards = new Map<string, WardBedState & { trustOds: string }>();
  readonly placements = new Map<string, PlacementRecord>();
  readonly waitingLists = new Map<string, WaitingListSnapshot>();
  readonly videoDays = new Map<string, VideoConsultationDay>();
  /** Each trust's latest figures. */
  readonly trustFigures = new Map<string, TrustFiguresObservation>();
  /** The growth of the counts "since the last return", in time order. */
  readonly countGrowth: CountGrowth[] = [];

  apply(fact: HistoryFact): void {
    switch (fact.kind) {
      case 'bedState': {
        const current = this.wards.get(fact.payload.wardId);
        const stamp = (state: { observedAt: string; eventId: string }) => ({ at: state.observedAt, eventId: state.eventId });
        if (!isLaterFact(stamp(fact.payload), current ? stamp(current) : null)) return;
        this.wards.set(fact.payload.wardId, { ...toWardBedState(fact.payload), trustOds: fact.trustOds });
        return;
      }
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
  trusts: ReadonlySet<string>;
  /** Ward scopes cover one ward; others every ward of their trusts. */
  wards?: ReadonlySet<string>;
}

export type MetricValues = Record<TrendMetric, number | null>;

/** Every metric of a scope for one period, from the state after all facts up to the period's end. */
export function metricValues(
  state: HistoryState,
  scope: HistoryScope,
  period: HistoryPeriod,
  grain: TrendGrain,
  now: number,
): MetricValues {
  const inScope = (trustOds: string) => scope.trusts.has(trustOds);
  const wardStates = [...state.wards.entries()]
    .filter(([wardId, ward]) => (scope.wards ? scope.wards.has(wardId) : inScope(ward.trustOds)))
    .map(([, ward]) => ward);
  const beds = wardStates.length > 0 ? sumBedCounts(wardStates) : null;
  const trustLevel = !scope.wards;

  const placements = trustLevel ? [...state.placements.values()].filter((record) => inScope(record.sendingTrust)) : [];
  const censusAt = Math.min(period.end, now) - 1;
  const anyPlacementKnown = placements.some((record) => record.startedAt !== null && Date.parse(record.startedAt) <= censusAt);
  const active = placements.filter((record) => isActive(record, censusAt));
  const flowEnd = Math.min(period.end, now);
  const startDate = londonDateOf(period.start);
  const endDate = londonDateOf(period.end);
  // Placement flows are by day and month: a bed day is a night at the midnight census.
  const oapFlows =
    trustLevel && grain !== 'hour' && anyPlacementKnown ? placementPeriodFigures(placements, period, flowEnd) : null;

  const lists = trustLevel
    ? [...state.waitingLists.entries()].filter(([key]) => inScope(key.split('|')[0]!)).map(([, list]) => list)
    : [];
  const share = (service: 'talking-therapies' | 'early-intervention-psychosis' | 'community-mental-health', standard: string) => {
    const records = lists.filter((list) => list.service === service);
    if (records.length === 0) return null;
    return waitingListFigures(service, records).standards.find((entry) => entry.standard === standard)?.share ?? null;
  };

  let video = 0;
  let contacts = 0;
  let videoReported = false;
  if (trustLevel && grain !== 'hour') {
    for (const [key, day] of state.videoDays) {
      if (!inScope(key.split('|')[0]!) || day.date < startDate || day.date >= endDate) continue;
      videoReported = true;
      for (const [code, count] of Object.entries(day.counts)) {
        contacts += count;
        if (code === VIDEO_CONSULTATION) video += count;
      }
    }
  }

  const figures = trustLevel ? [...state.trustFigures.values()].filter((report) => inScope(report.trustOds)) : [];
  const growth = state.countGrowth.filter((entry) => inScope(entry.trustOds) && entry.at >= period.start && entry.at < flowEnd);
  const figuresReported = figures.length > 0;

  return {
    occupancyIncludingLeave: beds?.occupancyIncludingLeave ?? null,
    occupancyExcludingLeave: beds?.occupancyExcludingLeave ?? null,
    vacantBeds: beds ? beds.vacant : null,
    activeInappropriateOaps:
      trustLevel && anyPlacementKnown ? active.filter((record) => isInappropriatePlacement(record.details)).length : null,
    inappropriateOapsStarted: oapFlows?.inappropriateStarted ?? null,
    inappropriateOapBedDays: oapFlows?.inappropriateBedDays ?? null,
    inappropriateOapCost: oapFlows?.inappropriateCost ?? null,
    inappropriateOapsEnded: oapFlows?.inappropriateEnded ?? null,
    activeOaps: trustLevel && anyPlacementKnown ? active.length : null,
    oapBedDays: oapFlows?.bedDays ?? null,
    oapCost: oapFlows?.cost ?? null,
    waitingListSize: lists.length > 0 ? lists.reduce((sum, list) => sum + list.waiting, 0) : null,
    waiting52WeeksPlus:
      lists.length > 0
        ? lists.reduce((sum, list) => sum + list.bands.from52to78 + list.bands.from78to104 + list.bands.over104, 0)
        : null,
    talkingTherapies6WeekShare: share('talking-therapies', '6-weeks'),
    communityMh4WeekShare: share('community-mental-health', '4-weeks'),
    eip2WeekShare: share('early-intervention-psychosis', '2-weeks'),
    videoConsultations: videoReported ? video : null,
    videoShare: videoReported && contacts > 0 ? video / contacts : null,
    admissionReferralsWaiting: figuresReported
      ? figures.reduce((sum, report) => sum + referralsTotal(report.referralsWaiting), 0)
      : null,
    completedDischarges: figuresReported ? growth.reduce((sum, entry) => sum + entry.completedDischarges, 0) : null,
    reportedSection136Breaches: figuresReported ? growth.reduce((sum, entry) => sum + entry.section136Breaches, 0) : null,
    patientsFromOtherTrusts: figuresReported ? figures.reduce((sum, report) => sum + report.patientsFromOutside, 0) : null,
  };
}
