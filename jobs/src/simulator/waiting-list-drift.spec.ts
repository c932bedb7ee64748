import {
  WAITING_SERVICES,
  WAITING_SERVICE_IDS,
  waitingListSnapshotSchema,
  waitingListViolations,
  type WaitingListSnapshot,
  type WaitingServiceId,
} from '@wardpulse/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoOrganisation } from '../demo/demo-organisations.js';
import { seededRandom } from '../demo/random.js';
import {
  initialWaitingList,
  nextWaitingList,
  servicesReportedBy,
  steadyBands,
  waitingListProfile,
} from './waiting-list-drift.js';

const org = demoOrganisation();
const TRUSTS = org.trusts.map((trust) => ({
  ods: trust.ods,
  wards: org.wards.filter((ward) => ward.trustOds === trust.ods).length,
}));
const NOW = Date.parse('2026-11-25T10:00:00Z');
const TICK = 5_000;

/** Every problem the ingest would find, and a few of the simulator's own promises. */
function problems(snapshot: WaitingListSnapshot, now: number): string[] {
  const shape = waitingListSnapshotSchema.safeParse(snapshot);
  const found = shape.success ? [] : shape.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  found.push(...waitingListViolations(snapshot, now).map((violation) => `${violation.path}: ${violation.message}`));
  if ((snapshot.waiting === 0) !== (snapshot.medianWeeks === null)) found.push('a median without a list, or the reverse');
  const known = WAITING_SERVICES[snapshot.service].standards.map((standard) => standard.id as string);
  if (snapshot.standards.map((entry) => entry.standard).join() !== known.join()) found.push('not every standard of the service');
  return found;
}

/** Runs a list for `steps` reports, one every `every` ms, checking each; returns the reports. */
function run(
  trust: { ods: string; wards: number },
  service: WaitingServiceId,
  seed: string,
  steps: number,
  every: number,
  start = NOW,
) {
  const random = seededRandom(seed);
  const profile = waitingListProfile(trust.ods, service, trust.wards);
  const reports = [initialWaitingList(profile, 'sim-0', start, random)];
  for (let step = 1; step <= steps; step++)
    reports.push(nextWaitingList(reports.at(-1)!, profile, `sim-${step}`, start + step * every, random));
  return { profile, reports };
}

describe('initialWaitingList and nextWaitingList', () => {
  it('only ever produce snapshots the ingest accepts (generated trusts, services, seeds and times)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TRUSTS),
        fc.constantFrom(...WAITING_SERVICE_IDS),
        fc.string(),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1_000, max: 6 * 3_600_000 }),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
        (trust, service, seed, steps, every, start) => {
          const { reports } = run(trust, service, seed, steps, every, start);
          reports.forEach((report, step) => {
            const found = problems(report, start + step * every);
            if (found.length > 0) expect(found, `step ${step}: ${JSON.stringify(report)}`).toEqual([]);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keep the median at or below the 90th percentile, both read from the bands', () => {
    const { reports } = run(TRUSTS[0]!, 'cypmhs', 'percentiles', 500, TICK * 8);
    for (const report of reports) {
      expect(report.medianWeeks!).toBeLessThanOrEqual(report.p90Weeks!);
      // CYPMHS waits are long: a real tail beyond a year at the 90th percentile is plausible, past 104 weeks is not.
      expect(report.p90Weeks!).toBeLessThan(104);
    }
  });

  it('drift: the list moves between reports but stays near the trust’s usual size over a long run', () => {
    for (const service of WAITING_SERVICE_IDS) {
      for (const trust of TRUSTS.slice(0, 4)) {
        const { profile, reports } = run(trust, service, `drift-${trust.ods}`, 2_000, TICK * 8);
        const sizes = reports.map((report) => report.waiting);
        expect(new Set(sizes).size, `${trust.ods} ${service}`).toBeGreaterThan(5);
        const mean = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
        expect(mean / profile.usualWaiting, `${trust.ods} ${service}`).toBeGreaterThan(0.8);
        expect(mean / profile.usualWaiting, `${trust.ods} ${service}`).toBeLessThan(1.2);
      }
    }
  });

  it('age people into longer bands: a list of new referrals only grows a 2–4 week band', () => {
    const profile = waitingListProfile('RV5', 'cypmhs', 30);
    const random = seededRandom('ageing');
    let report: WaitingListSnapshot = { ...initialWaitingList(profile, 'sim-0', NOW, random) };
    const bands = {
      ...report.bands,
      from2to4: 0,
      from4to6: 0,
      from6to18: 0,
      from18to52: 0,
      from52to78: 0,
      from78to104: 0,
      over104: 0,
    };
    report = { ...report, bands, waiting: bands.under2 };
    for (let step = 1; step <= 5; step++) report = nextWaitingList(report, profile, `sim-${step}`, NOW + step * TICK, random);
    expect(report.bands.from2to4).toBeGreaterThan(0);
    expect(report.bands.over104).toBe(0);
  });

  it('have steady shapes that fit the service: Talking Therapies and EIP see people early, CYPMHS has a long tail', () => {
    const share = (service: WaitingServiceId, from: number, to: number) => {
      const profile = waitingListProfile('RX4', service, 28);
      const bands = steadyBands(profile);
      const sum = bands.reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(profile.usualWaiting, 0);
      return bands.slice(from, to).reduce((a, b) => a + b, 0) / sum;
    };
    expect(share('talking-therapies', 0, 3)).toBeGreaterThan(0.6); // under 6 weeks
    expect(share('early-intervention-psychosis', 0, 1)).toBeGreaterThan(0.4); // under 2 weeks
    expect(share('cypmhs', 4, 8)).toBeGreaterThan(0.15); // 18 weeks and more
    expect(share('cypmhs', 5, 8)).toBeGreaterThan(0.001); // some over a year
  });

  it('count referrals and starts for the London month to date: growing within a month, starting again in the next', () => {
    const trust = TRUSTS[1]!;
    const start = Date.parse('2026-11-29T12:00:00Z');
    const { reports } = run(trust, 'talking-therapies', 'months', 100, 3_600_000, start); // to 3 December
    for (let index = 1; index < reports.length; index++) {
      const [before, after] = [reports[index - 1]!, reports[index]!];
      if (after.periodStart === before.periodStart) {
        expect(after.referralsReceived).toBeGreaterThanOrEqual(before.referralsReceived);
        expect(after.referralsClosed).toBeGreaterThanOrEqual(before.referralsClosed);
        after.standards.forEach((entry, i) => expect(entry.started).toBeGreaterThanOrEqual(before.standards[i]!.started));
      }
    }
    const november = reports.filter((report) => report.periodStart === '2026-11-01');
    const december = reports.filter((report) => report.periodStart === '2026-12-01');
    expect(november.length).toBeGreaterThan(0);
    expect(december.length).toBeGreaterThan(0);
    expect(december[0]!.referralsReceived).toBeLessThan(november.at(-1)!.referralsReceived);
    expect(november.at(-1)!.periodEnd).toBe('2026-11-30');
    expect(december.at(-1)!.periodEnd).toBe('2026-12-03');
  });

  it('keep nested standards consistent: within 18 weeks is never fewer than within 6 weeks', () => {
    const { reports } = run(TRUSTS[2]!, 'talking-therapies', 'nested', 500, TICK * 8);
    for (const report of reports) {
      const [six, eighteen] = report.standards;
      expect(eighteen!.startedWithin).toBeGreaterThanOrEqual(six!.startedWithin);
    }
  });

  it('count each standard’s own denominator: Talking Therapies one cohort finishing treatment, fewer than the referrals closed', () => {
    const { reports } = run(TRUSTS[2]!, 'talking-therapies', 'cohort', 500, TICK * 8);
    const last = reports.at(-1)!;
    const [six, eighteen] = last.standards;
    // Both standards count the same referrals (those finishing a course of treatment in the period).
    expect(six!.started).toBe(eighteen!.started);
    expect(six!.started).toBeGreaterThan(0);
    // Many referrals close without a finished course of treatment (countedShare 0.55).
    expect(six!.started).toBeLessThan(last.referralsClosed);
    expect(six!.started).toBeCloseTo(last.referralsClosed * 0.55, -1);
  });

  it('split CYP eating disorders into urgent and routine cases starting treatment, about a quarter urgent', () => {
    const { reports } = run(TRUSTS[0]!, 'eating-disorders-cyp', 'cohorts', 2000, TICK * 40);
    const [urgent, routine] = reports.at(-1)!.standards;
    expect(urgent!.standard).toBe('urgent-1-week');
    const all = urgent!.started + routine!.started;
    expect(all).toBeGreaterThan(0);
    expect(urgent!.started / all).toBeGreaterThan(0.1);
    expect(urgent!.started / all).toBeLessThan(0.4);
  });
});

describe('standards across the demo trusts', () => {
  /** Each trust's share within a standard at the end of a month's run. */
  function shares(service: WaitingServiceId, standard: string): number[] {
    return TRUSTS.map((trust) => {
      const { reports } = run(trust, service, `share-${trust.ods}`, 300, TICK * 8, Date.parse('2026-11-20T12:00:00Z'));
      const entry = reports.at(-1)!.standards.find((candidate) => candidate.standard === standard)!;
      return entry.startedWithin / entry.started;
    });
  }

  it('sit near the national targets: most trusts meet Talking Therapies’ 75% in 6 weeks, some do not', () => {
    const six = shares('talking-therapies', '6-weeks');
    const meeting = six.filter((share) => share >= 0.75).length;
    expect(meeting).toBeGreaterThanOrEqual(6);
    expect(meeting).toBeLessThan(TRUSTS.length);
    for (const share of six) expect(share).toBeGreaterThan(0.6);
  });

  it('sit near the EIP target of 60% in 2 weeks, some trusts failing', () => {
    const eip = shares('early-intervention-psychosis', '2-weeks');
    expect(eip.some((share) => share < 0.6)).toBe(true);
    expect(eip.some((share) => share >= 0.6)).toBe(true);
    for (const share of eip) expect(share).toBeGreaterThan(0.4);
  });
});

describe('servicesReportedBy', () => {
  it('has most trusts report CYPMHS, EIP and Talking Therapies, some eating disorders, and no trust every service', () => {
    const reported = TRUSTS.map((trust) => servicesReportedBy(trust.ods));
    const count = (service: WaitingServiceId) => reported.filter((services) => services.includes(service)).length;
    for (const service of ['cypmhs', 'early-intervention-psychosis', 'talking-therapies'] as const) {
      expect(count(service), service).toBeGreaterThanOrEqual(8);
    }
    expect(count('eating-disorders-cyp')).toBeGreaterThanOrEqual(2);
    expect(count('eating-disorders-cyp')).toBeLessThan(TRUSTS.length);
    expect(reported.every((services) => services.length >= 2)).toBe(true);
  });

  it('is the same on every call (a restart reports the same services)', () => {
    expect(servicesReportedBy('RX4')).toEqual(servicesReportedBy('RX4'));
  });
});
