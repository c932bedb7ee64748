import { addDays, dischargeDelaysViolations, type DischargeDelay } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../demo/random.js';
import { nextDelayList, seededDelayAge } from './delay-movement.js';

const refs = () => {
  let n = 0;
  return () => `D${++n}`;
};

describe('simulated delayed discharges', () => {
  it('follows the ready count: never more delays than ready, at most one ready patient without a reason once settled', () => {
    const random = seededRandom('delays-follow');
    const newRef = refs();
    let list: DischargeDelay[] | null = null;
    let ready = 4;
    for (let day = 0; day < 400; day++) {
      ready = Math.max(0, Math.min(8, ready + (random() < 0.5 ? -1 : 1)));
      const today = addDays('2026-01-01', day);
      list = nextDelayList(list, ready, 'adult-acute', today, random, newRef) ?? list;
      expect(list!.length).toBeLessThanOrEqual(ready);
      if (day > 0) expect(list!.length).toBeGreaterThanOrEqual(Math.max(0, ready - 1));
      const problems = dischargeDelaysViolations(
        { eventId: 'e', wardId: 'w', observedAt: `${today}T12:00:00Z`, delays: list! },
        Date.parse(`${today}T12:00:00Z`),
      );
      expect(problems).toEqual([]);
    }
  });

  it('weights reasons as mental health delays run: supported accommodation first, then care packages', () => {
    const random = seededRandom('delays-reasons');
    const counts = new Map<string, number>();
    for (let i = 0; i < 50; i++) {
      for (const delay of nextDelayList(null, 8, 'adult-acute', '2026-11-05', random, refs())!) {
        counts.set(delay.reason, (counts.get(delay.reason) ?? 0) + 1);
      }
    }
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([reason]) => reason);
    expect(ranked[0]).toBe('18');
    expect(ranked.slice(0, 3)).toContain('09');
  });

  it('seeds a list with a long tail of ages: mostly weeks, some months', () => {
    const random = seededRandom('delays-ages');
    const ages = Array.from({ length: 2000 }, () => seededDelayAge(random)).sort((a, b) => a - b);
    const median = ages[1000]!;
    expect(median).toBeGreaterThanOrEqual(12);
    expect(median).toBeLessThanOrEqual(22);
    expect(ages.filter((age) => age > 90).length).toBeGreaterThan(0);
  });
});
