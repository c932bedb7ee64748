/**
 * Daily-census metrics followed through time: bed occupancy (including and excluding leave), vacant
 * beds, admission referrals waiting and patients from other trusts, per scope and KH03 sector.
 *
 * Each scope keeps the sums of its members' latest figures (wards' bed states, trusts' figures,
 * last-writer-wins as the live workers apply them) and, as time moves on, integrates them, so that a
 * period gives three things (domain.md, "Time"):
 * - the **census** at its end — London midnight for a day, the KH03 convention;
 * - the time-weighted **mean** over it;
 * - the **peak**, the highest value held in it (the census included).
 *
 * Every value is a ratio of sums, kept as its parts: occupancy is occupied ÷ open beds (KH03 sums beds,
 * it never averages ward percentages), a count is the count ÷ 1 while anything of the scope reports.
 * Longer periods add the parts up (history-aggregate.ts): occupied bed days ÷ available bed days.
 *
 * Freshness (domain.md, freshness.ts): a ward whose last report is older than its type's not-reporting
 * limit counts nowhere from then on — not in the census, the mean or the peak — until it reports again. Exactly at
 * the limit it still counts. History never carries a ward's value past its limit. Trust figures have
 * no such limit: a trust's latest report stands until the next.
 */
import { openBeds, vacantBeds } from './bed-occupancy.js';
import type { BedStateObservation } from './bed-state.js';
import { notReportingAfterMs, type FreshnessLimits } from './freshness.js';
import { trustLevelTrusts, type HistoryFact, type HistoryScope } from './history.js';
import { kh03Sector } from './kh03.js';
import { isLaterFact } from './last-writer-wins.js';
import type { WardType } from './org.js';
import { DAILY_CENSUS_METRICS, type DailyCensusMetric, type TrendSector } from './trends.js';
import { isNewerTrustFigures, referralsTotal, type TrustFiguresObservation } from './trust-figures.js';

const DAY_MS = 86_400_000;

/** A value kept as its parts, so that periods can be added up: value = num ÷ den (none when den is 0). */
export interface Ratio {
  num: number;
  den: number;
}

export function ratioValue(ratio: Ratio | null): number | null {
  return ratio && ratio.den > 0 ? ratio.num / ratio.den : null;
}

/** The sums of a scope's members that count now. */
interface Sums {
  open: number;
  occupied: number;
  onLeave: number;
  vacant: number;
  wards: number;
  referrals: number;
  fromOutside: number;
  trusts: number;
}

const zeroSums = (): Sums => ({ open: 0, occupied: 0, onLeave: 0, vacant: 0, wards: 0, referrals: 0, fromOutside: 0, trusts: 0 });

/** Each metric's parts from the sums. Counts have a denominator of 1 while anything reports, 0 otherwise. */
const PARTS: Record<DailyCensusMetric, (sums: Sums) => Ratio> = {
  occupancyIncludingLeave: (sums) => ({ num: sums.occupied + sums.onLeave, den: sums.open }),
  occupancyExcludingLeave: (sums) => ({ num: sums.occupied, den: sums.open }),
  vacantBeds: (sums) => ({ num: sums.vacant, den: sums.wards > 0 ? 1 : 0 }),
  admissionReferralsWaiting: (sums) => ({ num: sums.referrals, den: sums.trusts > 0 ? 1 : 0 }),
  patientsFromOtherTrusts: (sums) => ({ num: sums.fromOutside, den: sums.trusts > 0 ? 1 : 0 }),
};

/** One scope and sector: its running sums, and their integrals and peaks since its window opened. */
class Tally {
  readonly sums = zeroSums();
  /** The time up to which the integrals are taken. */
  private at: number;
  private integrals = new Map<DailyCensusMetric, Ratio>();
  private peaks = new Map<DailyCensusMetric, number>();

  constructor(
    readonly scope: string,
    readonly sector: TrendSector,
    at: number,
  ) {
    this.at = at;
  }

  /** Integrates the sums held from the last change to `t`; a value held for any time can be the peak. */
  integrateTo(t: number): void {
    if (t <= this.at) return;
    const days = (t - this.at) / DAY_MS;
    for (const metric of DAILY_CENSUS_METRICS) {
      const parts = PARTS[metric](this.sums);
      if (parts.den === 0) continue;
      const integral = this.integrals.get(metric) ?? { num: 0, den: 0 };
      this.integrals.set(metric, { num: integral.num + parts.num * days, den: integral.den + parts.den * days });
      this.notePeak(metric, parts.num / parts.den);
    }
    this.at = t;
  }

  private notePeak(metric: DailyCensusMetric, value: number): void {
    const peak = this.peaks.get(metric);
    if (peak === undefined || value > peak) this.peaks.set(metric, value);
  }

  add(delta: Partial<Sums>, sign: 1 | -1): void {
    for (const [key, value] of Object.entries(delta) as [keyof Sums, number][]) this.sums[key] += sign * value;
  }

  openWindow(t: number): void {
    this.integrateTo(t);
    this.at = t;
    this.integrals.clear();
    this.peaks.clear();
  }

  /** Call after integrateTo(now): the census now, and the window's mean and peak. */
  reading(metric: DailyCensusMetric): CensusReading | null {
    const census = PARTS[metric](this.sums);
    const mean = this.integrals.get(metric) ?? null;
    const censusValue = ratioValue(census);
    if (censusValue !== null) this.notePeak(metric, censusValue);
    const peak = this.peaks.get(metric) ?? null;
    if (censusValue === null && mean === null && peak === null) return null;
    return {
      metric,
      scope: this.scope,
      sector: this.sector,
      census: census.den > 0 ? census : null,
      mean,
      peak,
    };
  }
}

export interface CensusReading {
  metric: DailyCensusMetric;
  scope: string;
  sector: TrendSector;
  /** Null when nothing of the scope counts at the census (none reporting, or no bed open). */
  census: Ratio | null;
  /** Integrals over the window, in days (occupied bed days ÷ open bed days; count days ÷ days reporting). */
  mean: Ratio | null;
  peak: number | null;
}

export interface CensusOptions {
  /** A ward's type (for its KH03 sector and its limit); undefined for a ward the directory no longer has. */
  wardType: (wardId: string) => WardType | undefined;
  /** The not-reporting limits (freshness.ts); a ward of a type no longer known has the default one. */
  limits: FreshnessLimits;
}

interface WardMember {
  state: BedStateObservation;
  /** When it stops counting: its report's time plus its limit. */
  until: number;
  counting: boolean;
  tallies: Tally[];
}

const wardDelta = (state: BedStateObservation): Partial<Sums> => ({
  open: openBeds(state),
  occupied: state.occupied,
  onLeave: state.onLeave,
  vacant: vacantBeds(state),
  wards: 1,
});

const trustDelta = (figures: TrustFiguresObservation): Partial<Sums> => ({
  referrals: referralsTotal(figures.referralsWaiting),
  fromOutside: figures.patientsFromOutside,
  trusts: 1,
});

/** A min-heap of the times wards stop counting. */
class ExpiryQueue {
  private heap: { until: number; wardId: string }[] = [];

  push(entry: { until: number; wardId: string }): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent]!.until <= heap[index]!.until) break;
      [heap[parent], heap[index]] = [heap[index]!, heap[parent]!];
      index = parent;
    }
  }

  peek(): { until: number; wardId: string } | undefined {
    return this.heap[0];
  }

  pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && heap[left]!.until < heap[smallest]!.until) smallest = left;
      if (right < heap.length && heap[right]!.until < heap[smallest]!.until) smallest = right;
      if (smallest === index) return;
      [heap[smallest], heap[index]] = [heap[index]!, heap[smallest]!];
      index = smallest;
    }
  }
}

/**
 * The sweep. Drive it in time order: `advanceTo(t)` then `apply(fact)` for each fact, `openWindow()`
 * at a period's start, `advanceTo(end)` and `read()` at its end.
 */
export class CensusSweep {
  private time = Number.NEGATIVE_INFINITY;
  private readonly tallies = new Map<string, Tally>();
  private readonly wards = new Map<string, WardMember>();
  private readonly trusts = new Map<string, { figures: TrustFiguresObservation; tallies: Tally[] }>();
  private readonly expiries = new ExpiryQueue();

  constructor(
    private readonly scopes: readonly HistoryScope[],
    private readonly options: CensusOptions,
  ) {}

  private tally(scope: string, sector: TrendSector): Tally {
    const key = `${scope}|${sector}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = new Tally(scope, sector, this.time);
      this.tallies.set(key, tally);
    }
    return tally;
  }

  /** The tallies a ward counts in: its own scope, and each trust or collaborative of its trust, whole and by sector. */
  private wardTallies(wardId: string, trustOds: string): Tally[] {
    const type = this.options.wardType(wardId);
    const tallies: Tally[] = [];
    for (const scope of this.scopes) {
      if (scope.wards) {
        if (!scope.wards.has(wardId)) continue;
        tallies.push(this.tally(scope.scope, 'all'));
        if (scope.sectors && type !== undefined) tallies.push(this.tally(scope.scope, kh03Sector(type)));
      } else if (scope.trusts.has(trustOds)) {
        tallies.push(this.tally(scope.scope, 'all'));
        if (type !== undefined) tallies.push(this.tally(scope.scope, kh03Sector(type)));
      }
    }
    return tallies;
  }

  /** Moves time on to `t`: wards whose limit passed before `t` stop counting, from the moment it passed. */
  advanceTo(t: number): void {
    for (let next = this.expiries.peek(); next && next.until < t; next = this.expiries.peek()) {
      this.expiries.pop();
      const member = this.wards.get(next.wardId);
      // A later report replaced the one this entry was for: that one has its own entry.
      if (!member || !member.counting || member.until !== next.until) continue;
      for (const tally of member.tallies) {
        tally.integrateTo(next.until);
        tally.add(wardDelta(member.state), -1);
      }
      member.counting = false;
    }
    if (t > this.time) this.time = t;
  }

  /** Applies a bed state or trust figures at the current time; other facts are not censuses. */
  apply(fact: HistoryFact): void {
    if (fact.kind === 'bedState') this.applyBedState(fact.trustOds, fact.payload);
    else if (fact.kind === 'trustFigures') this.applyTrustFigures(fact.trustOds, fact.payload);
  }

  private applyBedState(trustOds: string, state: BedStateObservation): void {
    const current = this.wards.get(state.wardId);
    const stamp = (observation: BedStateObservation) => ({ at: observation.observedAt, eventId: observation.eventId });
    if (current && !isLaterFact(stamp(state), stamp(current.state))) return;
    const tallies = current?.tallies ?? this.wardTallies(state.wardId, trustOds);
    const type = this.options.wardType(state.wardId);
    const limit = type === undefined ? this.options.limits.notReportingAfterMs : notReportingAfterMs(type, this.options.limits);
    const until = Date.parse(state.observedAt) + limit;
    const counting = this.time <= until;
    for (const tally of tallies) {
      tally.integrateTo(this.time);
      if (current?.counting) tally.add(wardDelta(current.state), -1);
      if (counting) tally.add(wardDelta(state), 1);
    }
    this.wards.set(state.wardId, { state, until, counting, tallies });
    if (counting) this.expiries.push({ until, wardId: state.wardId });
  }

  private applyTrustFigures(trustOds: string, figures: TrustFiguresObservation): void {
    const current = this.trusts.get(trustOds);
    if (current && !isNewerTrustFigures(figures, current.figures)) return;
    const tallies =
      current?.tallies ??
      this.scopes.filter((scope) => trustLevelTrusts(scope).has(trustOds)).map((scope) => this.tally(scope.scope, 'all'));
    for (const tally of tallies) {
      tally.integrateTo(this.time);
      if (current) tally.add(trustDelta(current.figures), -1);
      tally.add(trustDelta(figures), 1);
    }
    this.trusts.set(trustOds, { figures, tallies });
  }

  /** Starts every scope's window (mean and peak) at the current time. */
  openWindow(): void {
    for (const tally of this.tallies.values()) tally.openWindow(this.time);
  }

  /** Every scope's census at the current time, with its window's mean and peak. */
  read(): CensusReading[] {
    const readings: CensusReading[] = [];
    for (const tally of this.tallies.values()) {
      tally.integrateTo(this.time);
      for (const metric of DAILY_CENSUS_METRICS) {
        const reading = tally.reading(metric);
        if (reading) readings.push(reading);
      }
    }
    return readings;
  }
}
