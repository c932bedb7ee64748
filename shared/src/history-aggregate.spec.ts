/**
 * Weeks, months and quarters from their days (domain.md, "Time": a week, month or quarter is the
 * average of its daily censuses, bed days ÷ days, never the last night alone; KH03 collects available
 * and occupied bed days). Hand-worked cases, then properties over random ward histories: a period's
 * average lies between its days' lowest and highest, and roll-ups — however the days are split into
 * runs, as the recent, late and rebuild roll-ups split them — equal a recomputation from scratch that
 * counts only the wards reporting within their limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, londonMidnight } from './calendar.js';
import type { BedStateObservation } from './bed-state.js';
import { aggregateDays, type DayFigure } from './history-aggregate.js';
import { foldHistory, historyPeriods, type HistoryFact, type HistoryPoint, type HistoryScope } from './history.js';
import { ratioValue } from './history-census.js';

const day = (num: number, den: number, extra: Partial<DayFigure> = {}): DayFigure => ({
  value: num / den,
  valueParts: { num, den },
  mean: null,
  meanParts: null,
  peak: null,
  ...extra,
});

describe('a week of daily censuses (KH03)', () => {
  it('is occupied bed days ÷ available bed days, not the mean of the nights nor the last night', () => {
    // Monday 19 of 20 beds occupied at midnight; Tuesday 10 beds closed and the other 10 full.
    const week = aggregateDays('occupancyExcludingLeave', [day(19, 20), day(10, 10)])!;
    expect(week.valueParts).toEqual({ num: 29, den: 30 });
    expect(week.value).toBeCloseTo(29 / 30, 12); // 96.7%, where the mean of the nights is 97.5% and the last 100%
  });

  it('averages a count over the days it was reported: vacant beds 2, 0, 4 → 2 a day', () => {
    const week = aggregateDays('vacantBeds', [day(2, 1), day(0, 1), day(4, 1)])!;
    expect(week.value).toBe(2);
  });

  it('leaves out days with no census (nothing reporting at midnight) rather than counting them as zero', () => {
    const noCensus: DayFigure = { value: null, valueParts: null, mean: 3, meanParts: { num: 3 * 0.5, den: 0.5 }, peak: 5 };
    const week = aggregateDays('vacantBeds', [day(2, 1), noCensus, day(4, 1)])!;
    expect(week.value).toBe(3);
    expect(week.peak).toBe(5);
  });

  it('adds up the mean over time and takes the highest peak', () => {
    const week = aggregateDays('occupancyIncludingLeave', [
      day(19, 20, { meanParts: { num: 18, den: 20 }, mean: 0.9, peak: 1 }),
      day(10, 10, { meanParts: { num: 9, den: 10 }, mean: 0.9, peak: 1.1 }),
    ])!;
    expect(week.mean).toBeCloseTo(27 / 30, 12);
    expect(week.peak).toBe(1.1);
  });

  it('counts days equally where a day has no parts (roll-ups from before they were kept)', () => {
    const legacy: DayFigure = { value: 0.8, valueParts: null, mean: null, meanParts: null, peak: null };
    const week = aggregateDays('occupancyExcludingLeave', [day(19, 20), legacy])!;
    expect(week.value).toBeCloseTo((0.95 + 0.8) / 2, 12);
    expect(week.peak).toBe(0.95);
  });

  it('adds up sums, takes ratios of sums, and takes end-of-period censuses from the last day', () => {
    expect(aggregateDays('oapBedDays', [day(3, 1), day(4, 1)])!.value).toBe(7);
    const share = aggregateDays('videoShare', [day(10, 100), day(90, 100)])!;
    expect(share.value).toBeCloseTo(0.5, 12);
    expect(aggregateDays('activeOaps', [day(3, 1), day(5, 1), day(4, 1)])!.value).toBe(4);
    expect(aggregateDays('activeOaps', [])).toBeNull();
  });
});

// ---- Properties over random histories of three wards of one trust -----------------------------

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LIMIT = 12 * HOUR;
const FROM = '2026-03-23'; // a Monday; London's clocks go forward on Sunday 29 March
const DAYS = 14;
const START = londonMidnight(FROM);
const END = londonMidnight(addDays(FROM, DAYS));
const WARDS = ['W1', 'W2', 'W3'] as const;
const trust: HistoryScope = { scope: 'trust:RX4', trusts: new Set(['RX4']) };
const options = {
  now: END + HOUR,
  wardType: () => 'adult-acute' as const,
  limits: { notReportingAfterMs: LIMIT, byWardType: {} },
};

interface Report {
  wardId: string;
  minute: number;
  open: number;
  occupied: number;
  onLeave: number;
}

// Reports on minute boundaries from a day before the range (so the first night has a state to
// carry) to its end; gaps long enough for wards to stop reporting now and then.
const reportArb: fc.Arbitrary<Report> = fc
  .record({
    wardId: fc.constantFrom(...WARDS),
    minute: fc.integer({ min: -24 * 60, max: (END - START) / MINUTE - 1 }),
    open: fc.integer({ min: 0, max: 25 }),
  })
  .chain((base) =>
    fc.record({
      wardId: fc.constant(base.wardId),
      minute: fc.constant(base.minute),
      open: fc.constant(base.open),
      occupied: fc.integer({ min: 0, max: base.open }),
      onLeave: fc.integer({ min: 0, max: 4 }),
    }),
  );

function toFacts(reports: readonly Report[]): HistoryFact[] {
  return reports
    .map((entry, index) => {
      const at = START + entry.minute * MINUTE;
      const payload: BedStateObservation = {
        eventId: `p-${String(index).padStart(4, '0')}`,
        wardId: entry.wardId,
        observedAt: new Date(at).toISOString(),
        commissioned: entry.open,
        closed: 0,
        occupied: entry.occupied,
        onLeave: entry.onLeave,
        pendingAdmissions: 0,
        clinicallyReadyForDischarge: 0,
      };
      return { kind: 'bedState' as const, trustOds: 'RX4', at, payload };
    })
    .sort((a, b) => a.at - b.at || (a.payload.eventId < b.payload.eventId ? -1 : 1));
}

/** From scratch: each ward's latest report before `t` (last writer wins), if at most LIMIT old at `limitAt`. */
function freshAt(facts: readonly HistoryFact[], before: (at: number) => boolean, limitAt: number) {
  const latest = new Map<string, BedStateObservation>();
  for (const fact of facts) {
    if (fact.kind !== 'bedState' || !before(fact.at)) continue;
    const current = latest.get(fact.payload.wardId);
    const later =
      !current ||
      Date.parse(fact.payload.observedAt) > Date.parse(current.observedAt) ||
      (fact.payload.observedAt === current.observedAt && fact.payload.eventId > current.eventId);
    if (later) latest.set(fact.payload.wardId, fact.payload);
  }
  return [...latest.values()].filter((state) => limitAt - Date.parse(state.observedAt) <= LIMIT);
}

const vacant = (state: BedStateObservation) => Math.max(0, state.commissioned - state.occupied - state.onLeave);

/** The roll-up job's way of reading facts for a run from `start`: each ward's last state before it, then the run's. */
function factsForRun(facts: readonly HistoryFact[], start: number, end: number): HistoryFact[] {
  const before = new Map<string, HistoryFact>();
  for (const fact of facts) if (fact.at < start && fact.kind === 'bedState') before.set(fact.payload.wardId, fact);
  return [...before.values(), ...facts.filter((fact) => fact.at >= start && fact.at < end)].sort((a, b) => a.at - b.at);
}

const rowsOf = (points: HistoryPoint[], metric: string) =>
  new Map(points.filter((p) => p.metric === metric && p.scope === 'trust:RX4' && p.sector === 'all').map((p) => [p.start, p]));

describe('properties of roll-ups', () => {
  it('puts every week between its lowest and highest day, for the census and the mean, and its peak at the highest day’s', () => {
    fc.assert(
      fc.property(fc.array(reportArb, { minLength: 1, maxLength: 80 }), (reports) => {
        const days = foldHistory(toFacts(reports), [trust], historyPeriods('day', FROM, addDays(FROM, DAYS - 1)), options);
        for (const metric of ['occupancyIncludingLeave', 'occupancyExcludingLeave', 'vacantBeds'] as const) {
          const rows = rowsOf(days, metric);
          for (const week of historyPeriods('week', FROM, addDays(FROM, DAYS - 1))) {
            const inWeek = [...rows.values()].filter((row) => row.start >= week.start && row.start < week.end);
            const figure = aggregateDays(metric, inWeek);
            const censuses = inWeek.map((row) => row.value).filter((value): value is number => value !== null);
            const means = inWeek.map((row) => row.mean).filter((value): value is number => value !== null);
            if (censuses.length === 0) expect(figure?.value ?? null).toBeNull();
            else {
              expect(figure!.value!).toBeGreaterThanOrEqual(Math.min(...censuses) - 1e-9);
              expect(figure!.value!).toBeLessThanOrEqual(Math.max(...censuses) + 1e-9);
            }
            if (means.length > 0) {
              expect(figure!.mean!).toBeGreaterThanOrEqual(Math.min(...means) - 1e-9);
              expect(figure!.mean!).toBeLessThanOrEqual(Math.max(...means) + 1e-9);
              expect(figure!.peak).toBe(Math.max(...inWeek.map((row) => row.peak!)));
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('equals a recomputation from scratch over the wards reporting within their limit, however the days are split into runs', () => {
    fc.assert(
      fc.property(
        fc.array(reportArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: DAYS - 1 }),
        (reports, split) => {
          const facts = toFacts(reports);
          const splitDate = addDays(FROM, split);
          // Two runs, as a late re-roll or a chunked rebuild does, each reading only what the job reads.
          const first = historyPeriods('day', FROM, addDays(splitDate, -1));
          const second = historyPeriods('day', splitDate, addDays(FROM, DAYS - 1));
          const runs = [
            ...foldHistory(factsForRun(facts, first[0]!.start, first.at(-1)!.end), [trust], first, options),
            ...foldHistory(factsForRun(facts, second[0]!.start, second.at(-1)!.end), [trust], second, options),
          ];
          const whole = foldHistory(facts, [trust], [...first, ...second], options);
          const order = (a: HistoryPoint, b: HistoryPoint) =>
            a.start - b.start || a.metric.localeCompare(b.metric) || a.sector.localeCompare(b.sector);
          expect([...runs].sort(order)).toEqual([...whole].sort(order));

          const occupancy = rowsOf(whole, 'occupancyIncludingLeave');
          const vacantRows = rowsOf(whole, 'vacantBeds');
          let occupiedDays = 0;
          let openDays = 0;
          for (const period of [...first, ...second]) {
            // The midnight census: reports before midnight, at most 12 hours old at it.
            const counted = freshAt(facts, (at) => at < period.end, period.end);
            const open = counted.reduce((sum, state) => sum + state.commissioned, 0);
            const occupied = counted.reduce((sum, state) => sum + state.occupied + state.onLeave, 0);
            expect(occupancy.get(period.start)?.valueParts ?? null).toEqual(open > 0 ? { num: occupied, den: open } : null);
            expect(vacantRows.get(period.start)?.value ?? null).toBe(
              counted.length > 0 ? counted.reduce((sum, state) => sum + vacant(state), 0) : null,
            );
            if (open > 0) {
              occupiedDays += occupied;
              openDays += open;
            }
            // The mean and peak, minute by minute (reports and limits fall on minutes).
            let num = 0;
            let den = 0;
            let peak: number | null = null;
            for (let t = period.start; t < period.end; t += MINUTE) {
              const during = freshAt(facts, (at) => at <= t, t + MINUTE);
              const minuteOpen = during.reduce((sum, state) => sum + state.commissioned, 0);
              const minuteOccupied = during.reduce((sum, state) => sum + state.occupied + state.onLeave, 0);
              // No bed open, no occupancy: such moments count on neither side.
              if (minuteOpen === 0) continue;
              num += minuteOccupied;
              den += minuteOpen;
              peak = Math.max(peak ?? -1, minuteOccupied / minuteOpen);
            }
            const row = occupancy.get(period.start);
            if (den === 0) expect(row?.mean ?? null).toBeNull();
            else expect(row!.mean!).toBeCloseTo(num / den, 9);
            const census = ratioValue(open > 0 ? { num: occupied, den: open } : null);
            const expectedPeak = peak === null ? census : census === null ? peak : Math.max(peak, census);
            expect(row?.peak ?? null).toBe(expectedPeak);
          }
          // The fortnight: occupied ÷ available bed days over the days with a census.
          const fortnight = aggregateDays(
            'occupancyIncludingLeave',
            [...occupancy.values()].sort((a, b) => a.start - b.start),
          );
          expect(fortnight?.value ?? null).toBe(openDays > 0 ? fortnight!.value : null);
          if (openDays > 0) expect(fortnight!.value!).toBeCloseTo(occupiedDays / openDays, 12);
        },
      ),
      { numRuns: 40 },
    );
  });
});
