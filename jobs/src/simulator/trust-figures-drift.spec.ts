import { trustFiguresSchema, trustFiguresViolations, type TrustFiguresObservation } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../demo/random.js';
import { initialTrustFigures, nextTrustFigures, trustFiguresProfile } from './trust-figures-drift.js';

const START = Date.parse('2026-03-28T20:00:00Z'); // the evening before the spring clock change

function problems(report: TrustFiguresObservation, now: number): string[] {
  const shape = trustFiguresSchema.safeParse(report);
  const found = shape.success ? [] : shape.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  return [...found, ...trustFiguresViolations(report, now).map((violation) => `${violation.path}: ${violation.message}`)];
}

describe('trust figures drift', () => {
  it('sizes a trust by its wards', () => {
    // 28 wards: 10 waiting, 28 / 96 discharges an hour, 4 from other trusts.
    expect(trustFiguresProfile(28)).toEqual({ typicalWaiting: 10, dischargesPerHour: 28 / 96, typicalFromOutside: 4 });
  });

  it('stays possible for two days across the clock change, restarting the counts at each return', () => {
    const random = seededRandom('drift');
    const profile = trustFiguresProfile(28);
    let report = initialTrustFigures('RX4', profile, 'tf-0', START, random);
    expect(report.countingSince).toBe('2026-03-28T18:00:00.000Z');
    const windows = new Set<string>([report.countingSince]);
    let waitingSum = 0;
    let steps = 0;
    for (let now = START + 600_000, id = 1; now < START + 2 * 86_400_000; now += 600_000, id++) {
      const next = nextTrustFigures(report, profile, `tf-${id}`, now, random);
      expect(problems(next, now)).toEqual([]);
      if (next.countingSince === report.countingSince) {
        expect(next.completedDischarges).toBeGreaterThanOrEqual(report.completedDischarges);
      }
      windows.add(next.countingSince);
      waitingSum += Object.values(next.referralsWaiting).reduce((sum, n) => sum + n, 0);
      steps++;
      report = next;
    }
    // Sunday 29 March is BST from 01:00 UTC: 10:00 London = 09:00Z.
    expect([...windows].slice(0, 3)).toEqual([
      '2026-03-28T18:00:00.000Z',
      '2026-03-29T09:00:00.000Z',
      '2026-03-29T13:00:00.000Z',
    ]);
    // Around the typical number waiting, not running away nor empty.
    expect(waitingSum / steps).toBeGreaterThan(3);
    expect(waitingSum / steps).toBeLessThan(25);
  });
});
