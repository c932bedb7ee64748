/**
 * Demo history: two years of plausible daily figures for the demo trusts and collaboratives, so
 * the trends page has something to show on a fresh install. Synthetic, seeded (the same on every
 * install), written straight to the roll-ups up to the day before yesterday — real roll-ups from
 * the simulator's facts take over from there. Written once, only in demo mode. Daily censuses keep
 * their parts and a made-up day's mean and peak, and weeks, months and quarters are made from the
 * days exactly as the real roll-ups make them (history-aggregate.ts).
 *
 * The shapes follow domain.md: occupancy including leave around 95% with a winter peak,
 * inappropriate OAPs rising when occupancy does, waiting lists drifting, Talking Therapies around
 * its 75% standard (and near 95% at 18 weeks), EIP around 60–70%, CYP eating disorders short of
 * 95%, the new four-week community standards low and improving — each share of its own
 * denominator, a collaborative's from its trusts' summed denominators; video consultations on weekdays with a rising share;
 * admission referrals waiting rising with occupancy, discharges mostly on weekdays, a Section 136
 * breach now and then, a few patients of other trusts in the beds; delayed discharges around one bed
 * in twelve to fifteen, a little more when beds are full, each a delayed bed day a night.
 */
import type { HistoryPoint, OrgIndex, PeriodFigure, TrendMetric, WaitingShareMetric } from '@wardpulse/shared';
import {
  addDays,
  aggregateDays,
  historyPeriods,
  LONG_GRAINS,
  londonDateOf,
  londonMidnight,
  TREND_METRIC_IDS,
  WAITING_SHARE_METRICS,
} from '@wardpulse/shared';
import type { Database } from '../storage/database.js';
import { seededRandom, type Random } from './random.js';

export const DEMO_HISTORY_DAYS = 730;

/**
 * A day of a trust: every trend metric (the compiler holds new metrics to it), the bed counts behind
 * the ratios at midnight, and how the day went around its census — `fewer` beds occupied on average
 * than at midnight, and `extra` more at the busiest moment.
 */
type DayValues = Record<TrendMetric, number> & {
  open: number;
  occupied: number;
  onLeave: number;
  fewer: number;
  extra: number;
  /** The catchment population referrals per 100,000 divide by (0: not known). */
  population: number;
  /** Each waiting-time standard's denominator and those within it, behind its share. */
  standards: Record<WaitingShareMetric, Standard>;
};

/** A standard's denominator in the period (e.g. referrals finishing a course of treatment) and those within it. */
interface Standard {
  counted: number;
  within: number;
}

const clamp = (low: number, high: number, value: number) => Math.min(high, Math.max(low, value));

/** `counted` (at least 1) and those within at `share` of it. */
function standard(counted: number, share: number): Standard {
  const whole = Math.max(1, Math.round(counted));
  return { counted: whole, within: Math.round(whole * clamp(0, 1, share)) };
}

const shareOf = ({ counted, within }: Standard) => (counted > 0 ? within / counted : 0);

/** An AR(1) wobble: today's noise remembers yesterday's. */
function wobble(random: Random, persistence: number, scale: number) {
  let value = 0;
  return () => (value = persistence * value + (random() - 0.5) * 2 * scale);
}

function trustDays(ods: string, commissioned: number, population: number, dates: string[]): DayValues[] {
  const random = seededRandom(`demo-history-${ods}`);
  const intraday = seededRandom(`demo-history-intraday-${ods}`);
  const occupancyNoise = wobble(random, 0.85, 0.02);
  const waitingNoise = wobble(random, 0.97, 0.01);
  const base = 0.93 + random() * 0.05;
  const waitingBase = 2000 + random() * 4000;
  const ttBase = 0.7 + random() * 0.12;
  const tt18Base = 0.93 + random() * 0.06;
  const eipBase = 0.55 + random() * 0.15;
  // The four-week community standards are new: most trusts start well below them and improve.
  const cmhBase = 0.08 + random() * 0.1;
  const cypBase = 0.1 + random() * 0.12;
  // CYP eating disorders: most trusts fall short of 95%, urgent cases a little nearer it.
  const edUrgentBase = 0.75 + random() * 0.2;
  const edRoutineBase = 0.72 + random() * 0.2;
  let oaps = Math.round(random() * 4);
  const fromOutsideNoise = wobble(random, 0.9, 1.5);
  const fromOutsideBase = 1 + commissioned / 120;
  // Delayed discharges: about one bed in twelve to fifteen, as mental health wards report, drifting slowly.
  const delayNoise = wobble(random, 0.95, 0.012);
  const delayBase = 0.065 + random() * 0.02;
  // Referrals at the single point of access (referral-pattern.ts): 40–80 a weekday by size, a
  // quarter of that at weekends, 60–75% of decided ones accepted; a stream of its own, so the other
  // metrics' demo history is unchanged.
  const referralRandom = seededRandom(`demo-history-referrals-${ods}`);
  const weekdayReferrals = 40 + 40 * Math.min(1, commissioned / 400) * (0.7 + referralRandom() * 0.3);
  const acceptanceBase = 0.6 + referralRandom() * 0.15;
  return dates.map((date, index) => {
    const dayOfYear = (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${date.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000;
    const winter = 0.03 * Math.cos(((dayOfYear - 15) / 365) * 2 * Math.PI);
    const open = commissioned - Math.round(random() * 0.03 * commissioned);
    const occupancyIncl = Math.min(1.1, Math.max(0.82, base + winter + occupancyNoise()));
    const onLeave = Math.round(open * (0.04 + random() * 0.03));
    const occupied = Math.min(open, Math.round(open * occupancyIncl) - onLeave);
    // OAPs follow pressure: more start when the trust runs above ~97%.
    const pressure = occupancyIncl - 0.97;
    // Those that start for want of a bed are inappropriate (reason "no bed available").
    const started = random() < 0.15 + Math.max(0, pressure) * 4 ? 1 : 0;
    oaps += started;
    const ended = oaps > 0 && random() < 0.12 ? 1 : 0;
    oaps -= ended;
    const inappropriate = Math.round(oaps * 0.88);
    const dailyCost = 650 + Math.round(random() * 250);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const working = weekday !== 0 && weekday !== 6;
    const contacts = Math.round((working ? 90 : 8) * (commissioned / 20) * 20 * (0.9 + random() * 0.2));
    const videoShare = Math.min(0.3, 0.08 + (0.1 * index) / dates.length + (random() - 0.5) * 0.03);
    const waiting = Math.round(waitingBase * (1 + 0.15 * Math.sin(index / 120) + waitingNoise()));
    // About a discharge a ward every four days, fewer at weekends; more people wait when beds are full.
    const discharges = Math.round((commissioned / 80) * (working ? 1.2 : 0.5) * (0.7 + random() * 0.6));
    // Each standard's denominator, month to date (the live census): a few in a hundred on the list
    // finish a course of Talking Therapies or have a clock stop; a handful start EIP or eating
    // disorder care. Talking Therapies' two standards share one cohort, and 18 weeks is never below 6.
    const growth = index / dates.length;
    const finishingTreatment = waiting * 0.05 * (0.9 + random() * 0.2);
    const tt6 = standard(finishingTreatment, ttBase + (random() - 0.5) * 0.06);
    const tt18Share = Math.max(shareOf(tt6), clamp(0, 0.995, tt18Base + (random() - 0.5) * 0.02));
    const standards: Record<WaitingShareMetric, Standard> = {
      talkingTherapies6WeekShare: tt6,
      talkingTherapies18WeekShare: { counted: tt6.counted, within: Math.max(tt6.within, Math.round(tt6.counted * tt18Share)) },
      communityMh4WeekShare: standard(waiting * 0.03, cmhBase + 0.15 * growth + (random() - 0.5) * 0.04),
      cypmhs4WeekShare: standard(waiting * 0.02, cypBase + 0.12 * growth + (random() - 0.5) * 0.04),
      eip2WeekShare: standard(4 + random() * 8, eipBase + (random() - 0.5) * 0.12),
      eatingDisordersUrgent1WeekShare: standard(1 + random() * 3, edUrgentBase + (random() - 0.5) * 0.1),
      eatingDisordersRoutine4WeekShare: standard(3 + random() * 8, edRoutineBase + (random() - 0.5) * 0.1),
    };
    // Each delay open at midnight is one delayed bed day of the night it ends.
    const delayed = Math.max(0, Math.round(open * (delayBase + Math.max(0, pressure) * 0.3 + delayNoise())));
    const referralsWaiting = Math.max(
      0,
      Math.round((commissioned / 60) * (1 + Math.max(0, pressure) * 20) + (random() - 0.5) * 4),
    );
    return {
      open,
      occupied,
      onLeave,
      fewer: Math.min(occupied, intraday() * 0.02 * open),
      extra: Math.round(intraday() * 2.4),
      standards,
      occupancyIncludingLeave: (occupied + onLeave) / open,
      occupancyExcludingLeave: occupied / open,
      vacantBeds: Math.max(0, open - occupied - onLeave),
      activeOaps: oaps,
      activeInappropriateOaps: inappropriate,
      inappropriateOapsStarted: started,
      inappropriateOapBedDays: inappropriate,
      inappropriateOapCost: inappropriate * dailyCost,
      inappropriateOapsEnded: ended,
      oapBedDays: oaps,
      oapCost: oaps * dailyCost,
      waitingListSize: waiting,
      waitingMoreThan52Weeks: Math.round(waiting * (0.06 + 0.02 * Math.sin(index / 90))),
      ...shares(standards),
      videoConsultations: Math.round(contacts * videoShare),
      videoShare: contacts > 0 ? Math.round(contacts * videoShare) / contacts : 0,
      admissionReferralsWaiting: referralsWaiting,
      completedDischarges: discharges,
      reportedSection136Breaches: random() < 0.04 ? 1 : 0,
      patientsFromOtherTrusts: Math.max(0, Math.round(fromOutsideBase + fromOutsideNoise())),
      delayedDischarges: delayed,
      delayedBedDays: delayed,
      ...demoReferrals(date, weekdayReferrals, acceptanceBase, referralRandom, population),
    };
  });
}

/** A demo day's referrals: all decided (history is of finished days). */
function demoReferrals(
  date: string,
  weekday: number,
  acceptance: number,
  random: Random,
  population: number,
): Pick<
  DayValues,
  'population' | 'referralsReceived' | 'referralsAccepted' | 'referralsDeclined' | 'referralAcceptanceRate' | 'referralsPer100k'
> {
  const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
  const received = Math.round(weekday * (weekend ? 0.25 : 1) * (0.85 + random() * 0.3));
  const accepted = Math.round(received * clamp(0.55, 0.8, acceptance + (random() - 0.5) * 0.08));
  return {
    population,
    referralsPer100k: population > 0 ? (received / population) * 100_000 : 0,
    referralsReceived: received,
    referralsAccepted: accepted,
    referralsDeclined: received - accepted,
    referralAcceptanceRate: received > 0 ? accepted / received : 0,
  };
}

function shares(standards: Record<WaitingShareMetric, Standard>): Record<WaitingShareMetric, number> {
  return Object.fromEntries(WAITING_SHARE_METRICS.map(({ metric }) => [metric, shareOf(standards[metric])])) as Record<
    WaitingShareMetric,
    number
  >;
}

/** A collaborative's day from its trusts': counts add up, ratios come from the sums. */
function combine(days: DayValues[]): DayValues {
  const sum = (metric: TrendMetric) => days.reduce((total, day) => total + day[metric], 0);
  const open = days.reduce((total, day) => total + day.open, 0);
  const occupied = days.reduce((total, day) => total + day.occupied, 0);
  const onLeave = days.reduce((total, day) => total + day.onLeave, 0);
  const contacts = days.reduce((total, day) => total + (day.videoShare ? day.videoConsultations / day.videoShare : 0), 0);
  // A standard's share over the trusts is of the summed denominators, as waitingListFigures makes it.
  const standards = Object.fromEntries(
    WAITING_SHARE_METRICS.map(({ metric }) => [
      metric,
      {
        counted: days.reduce((total, day) => total + day.standards[metric].counted, 0),
        within: days.reduce((total, day) => total + day.standards[metric].within, 0),
      },
    ]),
  ) as Record<WaitingShareMetric, Standard>;
  return {
    open,
    occupied,
    onLeave,
    fewer: days.reduce((total, day) => total + day.fewer, 0),
    extra: days.reduce((total, day) => total + day.extra, 0),
    standards,
    occupancyIncludingLeave: (occupied + onLeave) / open,
    occupancyExcludingLeave: occupied / open,
    vacantBeds: sum('vacantBeds'),
    activeOaps: sum('activeOaps'),
    activeInappropriateOaps: sum('activeInappropriateOaps'),
    inappropriateOapsStarted: sum('inappropriateOapsStarted'),
    inappropriateOapBedDays: sum('inappropriateOapBedDays'),
    inappropriateOapCost: sum('inappropriateOapCost'),
    inappropriateOapsEnded: sum('inappropriateOapsEnded'),
    oapBedDays: sum('oapBedDays'),
    oapCost: sum('oapCost'),
    waitingListSize: sum('waitingListSize'),
    waitingMoreThan52Weeks: sum('waitingMoreThan52Weeks'),
    ...shares(standards),
    videoConsultations: sum('videoConsultations'),
    videoShare: contacts > 0 ? sum('videoConsultations') / contacts : 0,
    admissionReferralsWaiting: sum('admissionReferralsWaiting'),
    completedDischarges: sum('completedDischarges'),
    reportedSection136Breaches: sum('reportedSection136Breaches'),
    patientsFromOtherTrusts: sum('patientsFromOtherTrusts'),
    delayedDischarges: sum('delayedDischarges'),
    delayedBedDays: sum('delayedBedDays'),
    population: days.every((day) => day.population > 0) ? days.reduce((total, day) => total + day.population, 0) : 0,
    referralsPer100k: days.every((day) => day.population > 0)
      ? (sum('referralsReceived') / days.reduce((total, day) => total + day.population, 0)) * 100_000
      : 0,
    referralsReceived: sum('referralsReceived'),
    referralsAccepted: sum('referralsAccepted'),
    referralsDeclined: sum('referralsDeclined'),
    referralAcceptanceRate:
      sum('referralsAccepted') + sum('referralsDeclined') > 0
        ? sum('referralsAccepted') / (sum('referralsAccepted') + sum('referralsDeclined'))
        : 0,
  };
}

/** Every metric of the one definition, so the trends page has demo history for each. */
const METRICS: readonly TrendMetric[] = TREND_METRIC_IDS;

/** A daily census with its parts, the day's mean and its peak (never below the census or the mean). */
function censusFigure(num: number, den: number, meanNum: number, peakNum: number): PeriodFigure {
  return {
    value: num / den,
    valueParts: { num, den },
    mean: meanNum / den,
    meanParts: { num: meanNum, den },
    peak: Math.max(num, meanNum, peakNum) / den,
  };
}

/** A day's figure of one metric, as the real roll-ups store it. */
function dayFigure(metric: TrendMetric, day: DayValues): PeriodFigure {
  const value = day[metric];
  const inBeds = day.occupied + day.onLeave;
  switch (metric) {
    case 'occupancyIncludingLeave':
      return censusFigure(inBeds, day.open, inBeds - day.fewer, inBeds + day.extra);
    case 'occupancyExcludingLeave':
      return censusFigure(day.occupied, day.open, day.occupied - day.fewer, day.occupied + day.extra);
    // Vacant beds rise as fewer are occupied; referrals and patients of other trusts move a little.
    case 'vacantBeds':
      return censusFigure(value, 1, value + day.fewer, value + 2 * day.fewer);
    case 'admissionReferralsWaiting':
    case 'patientsFromOtherTrusts':
      return censusFigure(value, 1, value, value + Math.min(day.extra, 1));
    case 'videoShare': {
      const contacts = value > 0 ? day.videoConsultations / value : 0;
      return {
        value,
        valueParts: contacts > 0 ? { num: day.videoConsultations, den: contacts } : null,
        mean: null,
        meanParts: null,
        peak: null,
      };
    }
    case 'referralsPer100k':
      return { value: day.population > 0 ? value : null, valueParts: null, mean: null, meanParts: null, peak: null };
    case 'referralAcceptanceRate': {
      const decided = day.referralsAccepted + day.referralsDeclined;
      return {
        value,
        valueParts: decided > 0 ? { num: day.referralsAccepted, den: decided } : null,
        mean: null,
        meanParts: null,
        peak: null,
      };
    }
    default:
      return { value, valueParts: null, mean: null, meanParts: null, peak: null };
  }
}

/** Writes the demo history unless history older than a month already exists. Returns the points written. */
export async function backfillDemoHistory(
  db: Database,
  org: OrgIndex,
  now = Date.now(),
  days = DEMO_HISTORY_DAYS,
): Promise<number> {
  const today = londonDateOf(now);
  const end = addDays(today, -2);
  const existing = await db.query<{ count: number }>(
    "select count(*)::int as count from trend_point where grain = 'day' and period_start < $1::timestamptz",
    [new Date(londonMidnight(addDays(today, -30))).toISOString()],
  );
  if ((existing.rows[0]?.count ?? 0) > 0) return 0;
  const dates: string[] = [];
  for (let day = addDays(end, -days + 1); day <= end; day = addDays(day, 1)) dates.push(day);
  const byTrust = new Map<string, DayValues[]>();
  for (const trust of org.directory.trusts) {
    const commissioned = (org.wardsIn({ kind: 'trust', id: trust.ods }) ?? []).reduce(
      (total, ward) => total + ward.commissionedBeds,
      0,
    );
    if (commissioned > 0) byTrust.set(trust.ods, trustDays(trust.ods, commissioned, trust.population ?? 0, dates));
  }
  const scopes: [string, DayValues[]][] = [...byTrust.entries()].map(([ods, days]) => [`trust:${ods}`, days]);
  for (const collaborative of org.directory.collaboratives) {
    const members = collaborative.trustOds.flatMap((ods) => (byTrust.has(ods) ? [byTrust.get(ods)!] : []));
    if (members.length > 0)
      scopes.push([`collaborative:${collaborative.id}`, dates.map((_, index) => combine(members.map((days) => days[index]!)))]);
  }
  const rows: (HistoryPoint & { grain: string })[] = [];
  const starts = dates.map((date) => londonMidnight(date));
  for (const [scope, days] of scopes) {
    for (const metric of METRICS) {
      const figures = days.map((day) => dayFigure(metric, day));
      figures.forEach((figure, index) =>
        rows.push({ metric, scope, sector: 'all', grain: 'day', start: starts[index]!, ...figure }),
      );
      // Weeks, months and quarters from the days, as the real roll-ups make them.
      for (const grain of LONG_GRAINS) {
        let index = 0;
        for (const period of historyPeriods(grain, dates[0]!, dates.at(-1)!)) {
          const inPeriod: PeriodFigure[] = [];
          for (; index < starts.length && starts[index]! < period.end; index++) inPeriod.push(figures[index]!);
          const figure = aggregateDays(metric, inPeriod);
          if (figure) rows.push({ metric, scope, sector: 'all', grain, start: period.start, ...figure });
        }
      }
    }
  }
  for (let offset = 0; offset < rows.length; offset += 5000) {
    const chunk = rows.slice(offset, offset + 5000);
    await db.query(
      `insert into trend_point (metric, scope, sector, grain, period_start, value, value_num, value_den, mean, mean_num, mean_den, peak)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::float8[], $7::float8[],
                            $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[])
       on conflict do nothing`,
      [
        chunk.map((row) => row.metric),
        chunk.map((row) => row.scope),
        chunk.map((row) => row.sector),
        chunk.map((row) => row.grain),
        chunk.map((row) => new Date(row.start).toISOString()),
        chunk.map((row) => row.value),
        chunk.map((row) => row.valueParts?.num ?? null),
        chunk.map((row) => row.valueParts?.den ?? null),
        chunk.map((row) => row.mean),
        chunk.map((row) => row.meanParts?.num ?? null),
        chunk.map((row) => row.meanParts?.den ?? null),
        chunk.map((row) => row.peak),
      ],
    );
  }
  return rows.length;
}
