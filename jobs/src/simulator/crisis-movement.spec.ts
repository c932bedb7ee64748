import { crisisCapacityViolations, freeCrisisCapacity, type CrisisService } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../demo/random.js';
import { CRISIS_HEARTBEAT_MS, initialCrisisReport, nextCrisisReport } from './crisis-movement.js';

const house: CrisisService = {
  id: 'RX4-CR-1',
  trustOds: 'RX4',
  siteId: 'RX4-S1',
  name: 'Haven House',
  kind: 'crisis-house',
  ageGroup: 'adult',
  commissionedCapacity: 6,
};
const team: CrisisService = {
  ...house,
  id: 'RX4-CR-2',
  name: 'Home treatment',
  kind: 'home-treatment-team',
  commissionedCapacity: 25,
};

describe('crisis capacity in the simulator', () => {
  it('only ever reports what can be true, over a simulated week of ticks', () => {
    for (const service of [house, team]) {
      const random = seededRandom(`crisis-${service.id}`);
      let n = 0;
      const context = (now: number) => ({ now, random, newId: () => `${++n}` });
      const start = Date.parse('2026-12-01T00:00:00Z');
      let report = initialCrisisReport(service, context(start));
      let reports = 1;
      for (let tick = 1; tick <= 120_000; tick++) {
        const now = start + tick * 5_000;
        const next = nextCrisisReport(service, report, context(now));
        if (!next) continue;
        expect(crisisCapacityViolations(next, service, now)).toEqual([]);
        expect(Date.parse(next.observedAt)).toBeGreaterThan(Date.parse(report.observedAt));
        report = next;
        reports++;
      }
      // 120,000 ticks of 5 s is about 7 days: at least a report each half hour (336), never one a tick.
      expect(reports).toBeGreaterThanOrEqual((120_000 * 5_000) / CRISIS_HEARTBEAT_MS);
      expect(reports).toBeLessThan(120_000 / 5);
    }
  });

  it('keeps a house mostly full and a team near its caseload', () => {
    const random = seededRandom('occupancy');
    let n = 0;
    const now = Date.parse('2026-12-01T00:00:00Z');
    const houses = Array.from({ length: 200 }, () => initialCrisisReport(house, { now, random, newId: () => `${++n}` }));
    const teams = Array.from({ length: 200 }, () => initialCrisisReport(team, { now, random, newId: () => `${++n}` }));
    const share = (reports: typeof houses) =>
      reports.reduce((sum, r) => sum + r.inUse, 0) / reports.reduce((sum, r) => sum + r.capacity - r.closed, 0);
    // Houses drift between 60% and 100% of their open places (mean near 80%); teams between 80% and 108%.
    expect(share(houses)).toBeGreaterThan(0.7);
    expect(share(houses)).toBeLessThan(0.9);
    expect(share(teams)).toBeGreaterThan(0.85);
    expect(share(teams)).toBeLessThan(1.02);
    expect(houses.some((report) => freeCrisisCapacity(report) > 0)).toBe(true);
    expect(houses.some((report) => freeCrisisCapacity(report) === 0)).toBe(true);
    expect(teams.some((report) => report.inUse > report.capacity - report.closed)).toBe(true);
  });
});
