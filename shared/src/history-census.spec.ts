/**
 * Hand-worked days of bed history (domain.md, "Bed occupancy" and "Time"; KH03: occupancy is the
 * share of available beds occupied at midnight, a period's figure its bed days ÷ days). Wards of
 * RX4, London in winter (GMT), so clock times are UTC.
 */
import { describe, expect, it } from 'vitest';
import type { BedStateObservation } from './bed-state.js';
import { foldHistory, historyPeriods, type HistoryFact, type HistoryPoint, type HistoryScope } from './history.js';
import type { WardType } from './org.js';

const HOUR = 3_600_000;
const LIMIT = 12 * HOUR;

let counter = 0;
function report(wardId: string, observedAt: string, counts: { open: number; occupied: number; onLeave?: number }): HistoryFact {
  const payload: BedStateObservation = {
    eventId: `e-${String(++counter).padStart(4, '0')}`,
    wardId,
    observedAt,
    commissioned: counts.open,
    closed: 0,
    occupied: counts.occupied,
    onLeave: counts.onLeave ?? 0,
    pendingAdmissions: 0,
    clinicallyReadyForDischarge: 0,
  };
  return { kind: 'bedState', trustOds: 'RX4', at: Date.parse(observedAt), payload };
}

const TYPES: Record<string, WardType> = { A: 'adult-acute', B: 'picu', L: 'learning-disability-autism' };
const trust: HistoryScope = { scope: 'trust:RX4', trusts: new Set(['RX4']) };
const wardA: HistoryScope = { scope: 'ward:A', trusts: new Set(['RX4']), wards: new Set(['A']) };

function fold(
  facts: HistoryFact[],
  from: string,
  to: string,
  grain: 'day' | 'hour' = 'day',
  now = Date.parse('2026-12-31T00:00:00Z'),
) {
  const sorted = [...facts].sort((a, b) => a.at - b.at);
  return foldHistory(sorted, [trust, wardA], historyPeriods(grain, from, to), {
    now,
    wardType: (wardId) => TYPES[wardId],
    limits: { notReportingAfterMs: LIMIT, byWardType: {} },
  });
}

function point(points: HistoryPoint[], metric: string, scope: string, day: string, sector = 'all') {
  return points.find(
    (candidate) =>
      candidate.metric === metric &&
      candidate.scope === scope &&
      candidate.sector === sector &&
      candidate.start === Date.parse(`${day}T00:00:00Z`),
  );
}

// Ward A (20 beds): 16 in and 2 on leave from 22:00 the evening before, 18 + 1 from 08:00, full from 14:00.
const WARD_A = [
  report('A', '2026-12-01T22:00:00Z', { open: 20, occupied: 16, onLeave: 2 }),
  report('A', '2026-12-02T08:00:00Z', { open: 20, occupied: 18, onLeave: 1 }),
  report('A', '2026-12-02T14:00:00Z', { open: 20, occupied: 20 }),
];
// Ward B (10 beds) reports once, at 09:00: 6 in, so 4 vacant. It is not reporting after 21:00.
const WARD_B = [report('B', '2026-12-02T09:00:00Z', { open: 10, occupied: 6 })];

describe('a day of one ward', () => {
  it('keeps the midnight census, the mean over the day and the peak', () => {
    const points = fold(WARD_A, '2026-12-02', '2026-12-02');
    const occupancy = point(points, 'occupancyIncludingLeave', 'ward:A', '2026-12-02')!;
    // Midnight: 20 of 20 (KH03 census).
    expect(occupancy.value).toBe(1);
    expect(occupancy.valueParts).toEqual({ num: 20, den: 20 });
    // Mean: 8 h at 18, 6 h at 19, 10 h at 20 of 20 beds = 458 ÷ 480 bed-hours.
    expect(occupancy.mean).toBeCloseTo(458 / 480, 12);
    expect(occupancy.meanParts!.num).toBeCloseTo(458 / 24, 12);
    expect(occupancy.meanParts!.den).toBeCloseTo(20, 12);
    expect(occupancy.peak).toBe(1);
    const excluding = point(points, 'occupancyExcludingLeave', 'ward:A', '2026-12-02')!;
    // Excluding leave: 16, 18, 20 of 20: mean (8×16 + 6×18 + 10×20) ÷ 480 = 436 ÷ 480.
    expect(excluding.mean).toBeCloseTo(436 / 480, 12);
    const vacant = point(points, 'vacantBeds', 'ward:A', '2026-12-02')!;
    // Vacant: 2 until 08:00, 1 until 14:00, then none.
    expect(vacant).toMatchObject({ value: 0, peak: 2 });
    expect(vacant.mean).toBeCloseTo((8 * 2 + 6 * 1) / 24, 12);
  });
});

describe('freshness in history', () => {
  it("leaves out a ward past its limit: B's 09:00 report counts until 21:00, not at midnight", () => {
    const points = fold([...WARD_A, ...WARD_B], '2026-12-02', '2026-12-02');
    const vacant = point(points, 'vacantBeds', 'trust:RX4', '2026-12-02')!;
    // Midnight census: A alone (0 vacant); the old roll-up carried B's 4 vacant beds forward.
    expect(vacant.value).toBe(0);
    // Mean: A's 2, 1, 0 plus B's 4 from 09:00 to 21:00 = (16 + 6 + 48) bed-hours over 24 hours.
    expect(vacant.mean).toBeCloseTo(70 / 24, 12);
    // Peak: 09:00–14:00, A's 1 and B's 4.
    expect(vacant.peak).toBe(5);
    const occupancy = point(points, 'occupancyIncludingLeave', 'trust:RX4', '2026-12-02')!;
    expect(occupancy.valueParts).toEqual({ num: 20, den: 20 });
    // Bed-hours: A 458 of 480; B 6 × 12 = 72 of 10 × 12 = 120.
    expect(occupancy.mean).toBeCloseTo((458 + 72) / (480 + 120), 12);
  });

  it('counts a ward exactly at its limit, and not a moment after', () => {
    const atLimit = fold([report('B', '2026-12-02T12:00:00Z', { open: 10, occupied: 6 })], '2026-12-02', '2026-12-02');
    expect(point(atLimit, 'vacantBeds', 'trust:RX4', '2026-12-02')!.value).toBe(4);
    const past = fold([report('B', '2026-12-02T11:59:59.999Z', { open: 10, occupied: 6 })], '2026-12-02', '2026-12-02');
    const vacant = point(past, 'vacantBeds', 'trust:RX4', '2026-12-02')!;
    expect(vacant.value).toBeNull();
    expect(vacant.valueParts).toBeNull();
    expect(vacant.mean).toBe(4); // it was there, while it counted
  });

  it('has no census for a day whose only report went stale before it began, and counts a ward again once it reports', () => {
    const facts = [
      report('B', '2026-12-01T09:00:00Z', { open: 10, occupied: 6 }),
      report('B', '2026-12-03T10:00:00Z', { open: 10, occupied: 9 }),
    ];
    const points = fold(facts, '2026-12-01', '2026-12-03');
    expect(point(points, 'vacantBeds', 'trust:RX4', '2026-12-01')!.value).toBeNull();
    expect(point(points, 'vacantBeds', 'trust:RX4', '2026-12-02')).toBeUndefined();
    expect(point(points, 'vacantBeds', 'trust:RX4', '2026-12-03')!).toMatchObject({ value: null, mean: 1, peak: 1 });
  });

  it('uses the limit of each ward type', () => {
    const facts = [...WARD_A, ...WARD_B];
    const points = foldHistory(
      facts.sort((a, b) => a.at - b.at),
      [trust],
      historyPeriods('day', '2026-12-02', '2026-12-02'),
      {
        now: Date.parse('2026-12-31T00:00:00Z'),
        wardType: (wardId) => TYPES[wardId],
        limits: { notReportingAfterMs: LIMIT, byWardType: { picu: 24 * HOUR } },
      },
    );
    expect(point(points, 'vacantBeds', 'trust:RX4', '2026-12-02')!.value).toBe(4);
  });
});

describe('KH03 sectors', () => {
  it('keeps learning disability & autism wards in their own sector, and both in the whole', () => {
    const facts = [
      report('A', '2026-12-02T20:00:00Z', { open: 20, occupied: 19 }),
      report('L', '2026-12-02T20:00:00Z', { open: 8, occupied: 6 }),
    ];
    const points = fold(facts, '2026-12-02', '2026-12-02');
    const at = (sector: string) => point(points, 'occupancyExcludingLeave', 'trust:RX4', '2026-12-02', sector)!.valueParts;
    expect(at('all')).toEqual({ num: 25, den: 28 });
    expect(at('mental-illness')).toEqual({ num: 19, den: 20 });
    expect(at('learning-disabilities')).toEqual({ num: 6, den: 8 });
    // Ward scopes are their own ward: no sector rows.
    expect(points.some((candidate) => candidate.scope === 'ward:A' && candidate.sector !== 'all')).toBe(false);
  });
});

describe('last writer wins', () => {
  it('ignores a report older than the one it holds, whatever the order the log gives them', () => {
    const newer = report('A', '2026-12-02T20:00:00Z', { open: 20, occupied: 19 });
    const older = { ...report('A', '2026-12-02T19:00:00Z', { open: 20, occupied: 10 }), at: newer.at };
    const points = fold([newer, older], '2026-12-02', '2026-12-02');
    expect(point(points, 'occupancyExcludingLeave', 'ward:A', '2026-12-02')!.valueParts).toEqual({ num: 19, den: 20 });
  });
});

describe('today', () => {
  it("takes today's census now, and the mean and peak so far", () => {
    const now = Date.parse('2026-12-02T16:00:00Z');
    const points = fold(WARD_A, '2026-12-02', '2026-12-02', 'day', now);
    const occupancy = point(points, 'occupancyIncludingLeave', 'ward:A', '2026-12-02')!;
    expect(occupancy.value).toBe(1);
    // 8 h at 18, 6 h at 19, 2 h at 20 of 20 beds.
    expect(occupancy.mean).toBeCloseTo((8 * 18 + 6 * 19 + 2 * 20) / (16 * 20), 12);
  });

  it('takes hours as the state at the hour’s end with the hour’s own mean and peak', () => {
    const points = fold(WARD_A, '2026-12-02', '2026-12-02', 'hour');
    const hour = (h: string) =>
      points.find((p) => p.metric === 'vacantBeds' && p.scope === 'ward:A' && p.start === Date.parse(`2026-12-02T${h}:00:00Z`));
    // 07:00–08:00 ends before the 08:00 report: it belongs to the next hour.
    expect(hour('07')).toMatchObject({ value: 2, mean: 2, peak: 2 });
    expect(hour('08')).toMatchObject({ value: 1, mean: 1, peak: 1 });
  });
});

describe('a scope that counts some wards of a trust (a specialised collaborative, a site)', () => {
  // Only ward B (PICU) is covered; ward A of the same trust is not, and no trust-level return counts.
  const partial: HistoryScope = { scope: 'collaborative:picu', trusts: new Set(['RX4']), wards: new Set(['B']), sectors: true };

  it('counts its wards alone, whole and by KH03 sector', () => {
    const facts = [...WARD_A, ...WARD_B].sort((a, b) => a.at - b.at);
    const points = foldHistory(facts, [trust, partial], historyPeriods('day', '2026-12-02', '2026-12-02'), {
      now: Date.parse('2026-12-31T00:00:00Z'),
      wardType: (wardId) => TYPES[wardId],
      limits: { notReportingAfterMs: LIMIT, byWardType: {} },
    });
    const vacant = point(points, 'vacantBeds', 'collaborative:picu', '2026-12-02')!;
    // Ward B alone: 4 vacant from 09:00 until it stops reporting at 21:00 (12 h limit). A count's mean is
    // its value-hours ÷ the hours anything of the scope reported (measures.md): 48 ÷ 12 = 4; none at
    // midnight (not reporting); the peak 4. Ward A's 2 vacant beds never count.
    expect(vacant).toMatchObject({ value: null, peak: 4 });
    expect(vacant.mean).toBeCloseTo((12 * 4) / 12, 12);
    // Ward B is mental illness (PICU): its sector row is the same figure.
    expect(point(points, 'vacantBeds', 'collaborative:picu', '2026-12-02', 'mental-illness')).toMatchObject({ peak: 4 });
    // The trust counts both wards: peak from 09:00 to 14:00, A's 1 and B's 4.
    expect(point(points, 'vacantBeds', 'trust:RX4', '2026-12-02')).toMatchObject({ peak: 5 });
  });
});
