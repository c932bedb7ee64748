/**
 * How a simulated trust's waiting lists drift (domain.md, "Waiting times"; the MHSDS MRS
 * measures). Each report is one step of a small flow model:
 * - referrals join the shortest band (< 2 weeks);
 * - people age into longer bands (a share of each band moves up, in proportion to the step and
 *   the band's width);
 * - capacity closes referrals (clock stops, treatment starts or discharges) in proportion to the list, so the
 *   list reverts to the trust's usual size, taking people from each band by the service's weights
 *   (talking therapies and EIP see people early; CYPMHS and community teams leave a long tail).
 * Medians and 90th percentiles are read from the bands, so they agree with them; referral counts
 * and standards cover the London month to date, each standard counting its own denominator (Talking
 * Therapies referrals finishing a course of treatment, clock stops, treatment starts: a share of the
 * referrals closed, one cohort for nested standards); shares within a standard wander around each
 * trust's own level, near the national target, some trusts above and some below.
 *
 * Every trust-and-service habit (size, flow, weights, level) is derived from a seed of the trust
 * and service, so it is the same on every install and after a restart. Pure given a Random.
 */
import type { WaitBandId, WaitBands, WaitingListSnapshot, WaitingServiceId } from '@wardpulse/shared';
import { WAIT_BANDS, WAITING_SERVICES, londonDateOf, londonPeriod, percentileFromBands } from '@wardpulse/shared';
import { seededRandom, type Random } from '../demo/random.js';

/** Weeks of list movement one report stands for: a demo compresses weeks into minutes. */
export const DRIFT_STEP_WEEKS = 0.1;

interface ServiceHabits {
  /** Share of trusts that report the service. */
  reportedBy: number;
  /** List size per ward of the trust (a proxy for its population). */
  waitingPerWard: readonly [number, number];
  /** Mean time on the list (Little's law: waiting ÷ weekly flow). */
  meanWaitWeeks: readonly [number, number];
  /** Relative chance of leaving the list from each wait band, shortest first. */
  leaveWeights: readonly number[];
  /**
   * Of those leaving the list in the period, the share the service's standards count (their
   * denominator, waiting-lists.ts): Talking Therapies referrals that finished a course of treatment
   * (many close without one), four-week waits clock stops, EIP and eating disorders treatment starts.
   */
  countedShare: number;
  /** Each standard's usual share within it, across trusts: [lowest, highest]. */
  withinShares: Readonly<Record<string, readonly [number, number]>>;
  /** Share of starts each standard covers (CYP eating disorders: urgent vs routine cases). */
  cohortShares?: Readonly<Record<string, number>>;
}

const HABITS: Record<WaitingServiceId, ServiceHabits> = {
  'community-mental-health': {
    reportedBy: 0.85,
    waitingPerWard: [100, 250],
    meanWaitWeeks: [8, 14],
    leaveWeights: [1, 1.3, 1.3, 1.2, 1.3, 1.8, 2.5, 3],
    countedShare: 0.7,
    withinShares: { '4-weeks': [0.3, 0.65] },
  },
  'talking-therapies': {
    reportedBy: 0.9,
    waitingPerWard: [150, 350],
    meanWaitWeeks: [3, 7],
    leaveWeights: [1, 1.4, 1.6, 2, 3, 4, 4, 4],
    countedShare: 0.55,
    // Targets 75% and 95% (domain.md); most trusts meet them, some do not.
    withinShares: { '6-weeks': [0.7, 0.95], '18-weeks': [0.93, 0.995] },
  },
  cypmhs: {
    reportedBy: 0.9,
    waitingPerWard: [80, 200],
    meanWaitWeeks: [10, 20],
    leaveWeights: [0.8, 1, 1.1, 1.1, 1.2, 1.6, 2.2, 3],
    countedShare: 0.7,
    withinShares: { '4-weeks': [0.25, 0.6] },
  },
  'early-intervention-psychosis': {
    reportedBy: 0.95,
    waitingPerWard: [2, 6],
    meanWaitWeeks: [1, 2.5],
    leaveWeights: [1, 1.6, 2, 2.5, 3, 4, 4, 4],
    countedShare: 0.85,
    // Target 60% (domain.md).
    withinShares: { '2-weeks': [0.5, 0.85] },
  },
  'eating-disorders-cyp': {
    reportedBy: 0.45,
    waitingPerWard: [1.5, 5],
    meanWaitWeeks: [1.5, 4],
    leaveWeights: [1.2, 1.5, 1.8, 2.2, 3, 4, 4, 4],
    countedShare: 0.85,
    // Target 95% for both; nationally most trusts fall short.
    withinShares: { 'urgent-1-week': [0.75, 0.99], 'routine-4-weeks': [0.72, 0.97] },
    cohortShares: { 'urgent-1-week': 0.25, 'routine-4-weeks': 0.75 },
  },
  'memory-assessment': {
    reportedBy: 0.35,
    waitingPerWard: [30, 80],
    meanWaitWeeks: [8, 14],
    leaveWeights: [0.7, 1, 1.1, 1.2, 1.5, 2.5, 3, 3],
    countedShare: 0.8,
    withinShares: {},
  },
};

/** One trust's habits for one service. */
export interface WaitingListProfile {
  trustOds: string;
  service: WaitingServiceId;
  /** The list size capacity steers towards. */
  usualWaiting: number;
  meanWaitWeeks: number;
  /** Referrals a week. */
  weeklyReferrals: number;
  leaveWeights: readonly number[];
  countedShare: number;
  /** The trust's usual share within each of the service's standards. */
  usualWithin: Readonly<Record<string, number>>;
  cohortShares: Readonly<Record<string, number>>;
}

/** The services a demo trust reports: most report CYPMHS, EIP and Talking Therapies; some eating disorders. */
export function servicesReportedBy(trustOds: string): WaitingServiceId[] {
  const random = seededRandom(`waiting-services|${trustOds}`);
  return (Object.keys(HABITS) as WaitingServiceId[]).filter((service) => random() < HABITS[service].reportedBy);
}

export function waitingListProfile(trustOds: string, service: WaitingServiceId, wardCount: number): WaitingListProfile {
  const habits = HABITS[service];
  const random = seededRandom(`waiting-profile|${trustOds}|${service}`);
  const between = ([low, high]: readonly [number, number]) => low + random() * (high - low);
  const usualWaiting = Math.max(10, Math.round(Math.max(10, wardCount) * between(habits.waitingPerWard)));
  const meanWaitWeeks = between(habits.meanWaitWeeks);
  const usualWithin: Record<string, number> = {};
  for (const standard of WAITING_SERVICES[service].standards) {
    usualWithin[standard.id] = between(habits.withinShares[standard.id] ?? [0.5, 0.9]);
  }
  return {
    trustOds,
    service,
    usualWaiting,
    meanWaitWeeks,
    weeklyReferrals: usualWaiting / meanWaitWeeks,
    leaveWeights: habits.leaveWeights,
    countedShare: habits.countedShare,
    usualWithin,
    cohortShares: habits.cohortShares ?? {},
  };
}

/** Band widths in weeks; the open-ended top band never ages out. */
const WIDTHS = WAIT_BANDS.map((band) => (band.toWeeks === null ? Number.POSITIVE_INFINITY : band.toWeeks - band.fromWeeks));

/**
 * The expected band counts when the list is steady at its usual size: each band fed by the one
 * below, emptied by ageing and by leaving at a rate proportional to its weight. The leaving rate
 * is found by bisection so the bands add up to the usual size.
 */
export function steadyBands(profile: WaitingListProfile): number[] {
  const flow = profile.weeklyReferrals;
  const shape = (rate: number) => {
    const counts: number[] = [];
    let inflow = flow;
    WIDTHS.forEach((width, index) => {
      const count = inflow / (1 / width + rate * profile.leaveWeights[index]!);
      counts.push(count);
      inflow = count / width;
    });
    return counts;
  };
  const total = (rate: number) => shape(rate).reduce((sum, count) => sum + count, 0);
  let low = 1e-6;
  let high = 100;
  for (let step = 0; step < 100; step++) {
    const middle = (low + high) / 2;
    if (total(middle) > profile.usualWaiting) low = middle;
    else high = middle;
  }
  return shape((low + high) / 2);
}

/** Rounds up with probability equal to the fraction: unbiased on average, whole numbers always. */
function roundRandomly(value: number, random: Random): number {
  const whole = Math.floor(value);
  return whole + (random() < value - whole ? 1 : 0);
}

function toBands(counts: readonly number[]): WaitBands {
  return Object.fromEntries(WAIT_BANDS.map((band, index) => [band.id, counts[index]!])) as WaitBands;
}

const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** A first report: the steady shape, roughened a little. */
export function initialWaitingList(
  profile: WaitingListProfile,
  eventId: string,
  now: number,
  random: Random,
): WaitingListSnapshot {
  const counts = steadyBands(profile).map((count) => roundRandomly(count * (0.9 + random() * 0.2), random));
  return report(profile, eventId, counts, null, now, random);
}

/** The next report after `previous`: one step of referrals, ageing and capacity. */
export function nextWaitingList(
  previous: WaitingListSnapshot,
  profile: WaitingListProfile,
  eventId: string,
  now: number,
  random: Random,
): WaitingListSnapshot {
  const counts = WAIT_BANDS.map((band) => Math.max(0, previous.bands[band.id as WaitBandId]));
  // Ageing, longest band first so nobody moves two bands in one step.
  for (let index = counts.length - 2; index >= 0; index--) {
    const here = counts[index]!;
    const moving = Math.min(here, roundRandomly((here * DRIFT_STEP_WEEKS) / WIDTHS[index]!, random));
    counts[index] = here - moving;
    counts[index + 1] = counts[index + 1]! + moving;
  }
  // Capacity: closures in proportion to the list, so it returns to its usual size.
  const waiting = counts.reduce((sum, count) => sum + count, 0);
  const closures = roundRandomly(((waiting * DRIFT_STEP_WEEKS) / profile.meanWaitWeeks) * (0.8 + random() * 0.4), random);
  const weighted = counts.map((count, index) => count * profile.leaveWeights[index]!);
  const weightTotal = weighted.reduce((sum, weight) => sum + weight, 0);
  if (weightTotal > 0) {
    counts.forEach((count, index) => {
      counts[index] = count - Math.min(count, roundRandomly((closures * weighted[index]!) / weightTotal, random));
    });
  }
  // Referrals: the week's flow, with the ups and downs of real referral streams.
  counts[0] = counts[0]! + roundRandomly(profile.weeklyReferrals * DRIFT_STEP_WEEKS * (0.8 + random() * 0.4), random);
  return report(profile, eventId, counts, previous, now, random);
}

/** A snapshot of the list in `counts`, with month-to-date referrals and standards. */
function report(
  profile: WaitingListProfile,
  eventId: string,
  counts: readonly number[],
  previous: WaitingListSnapshot | null,
  now: number,
  random: Random,
): WaitingListSnapshot {
  const bands = toBands(counts);
  const waiting = counts.reduce((sum, count) => sum + count, 0);
  const month = londonPeriod('month', now);
  const days = Math.max(0, (now - month.start) / 86_400_000);
  // Counts of the same month only grow; a new month starts from its own first days.
  const sameMonth = previous !== null && previous.periodStart === month.startDate;
  const grow = (before: number | undefined, estimate: number) => Math.max(sameMonth ? (before ?? 0) : 0, Math.round(estimate));
  const referralsReceived = grow(previous?.referralsReceived, (profile.weeklyReferrals / 7) * days * (0.95 + random() * 0.1));
  const referralsClosed = grow(previous?.referralsClosed, (waiting / profile.meanWaitWeeks / 7) * days * (0.95 + random() * 0.1));
  // The standards' denominator: a share of the referrals closed (Talking Therapies: those that
  // finished a course of treatment), split by cohort where a service has two (eating disorders).
  const countedAll = Math.round(referralsClosed * profile.countedShare);
  let withinBefore = 0;
  const standards = WAITING_SERVICES[profile.service].standards.map((standard) => {
    const earlier = previous?.standards.find((entry) => entry.standard === standard.id);
    const started = grow(earlier?.started, countedAll * (profile.cohortShares[standard.id] ?? 1));
    // The trust's level wanders: it drifts back towards its usual share, with a little noise.
    const usual = profile.usualWithin[standard.id] ?? 0.75;
    const before = earlier && earlier.started > 0 ? earlier.startedWithin / earlier.started : usual;
    const share = Math.min(1, Math.max(0, usual + (before - usual) * 0.8 + (random() - 0.5) * 0.04));
    let startedWithin = Math.min(started, Math.round(started * share));
    // Nested standards of one cohort (Talking Therapies: 6 then 18 weeks) never contradict each other.
    if (!profile.cohortShares[standard.id]) {
      startedWithin = Math.min(started, Math.max(startedWithin, withinBefore));
      withinBefore = startedWithin;
    }
    return { standard: standard.id, started, startedWithin };
  });
  return {
    eventId,
    trustOds: profile.trustOds,
    service: profile.service,
    asOf: new Date(now).toISOString(),
    periodStart: month.startDate,
    periodEnd: londonDateOf(now),
    waiting,
    bands,
    medianWeeks: oneDecimal(percentileFromBands(bands, 0.5)),
    p90Weeks: oneDecimal(percentileFromBands(bands, 0.9)),
    referralsReceived,
    referralsClosed,
    standards,
  };
}
