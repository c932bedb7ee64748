import { describe, expect, it } from 'vitest';
import {
  censusNightOf,
  daysDelayed,
  delayBand,
  delayedBedDays,
  dischargeDelayFigures,
  dischargeDelayLine,
  dischargeDelaysViolations,
  isSupersededDelaysRecord,
  mergeDischargeDelays,
  type DischargeDelaysRecord,
  type DischargeDelaysSnapshot,
} from './discharge-delays.js';

const snapshot = (observedAt: string, eventId: string, refs: string[], since = '2026-10-20'): DischargeDelaysSnapshot => ({
  eventId,
  wardId: 'RX4-W01',
  observedAt,
  delays: refs.map((ref) => ({ ref, reason: '18', delayedSince: since })),
});

function record(...snapshots: DischargeDelaysSnapshot[]): DischargeDelaysRecord {
  let current: DischargeDelaysRecord | null = null;
  for (const next of snapshots) current = mergeDischargeDelays(current, next) ?? current;
  return current!;
}

describe('days delayed and bands', () => {
  // Days delayed = London calendar days since delayedSince (0 on its first day); bands 0–7, 8–14,
  // 15–28, 29–90, over 90 (docs/measures.md, "Delayed discharges").
  it('counts calendar days on London time, 0 on the first day', () => {
    expect(daysDelayed({ delayedSince: '2026-11-01' }, Date.parse('2026-11-01T23:30:00Z'))).toBe(0);
    // 00:30 BST on 1 July is still 30 June in UTC: London says one day.
    expect(daysDelayed({ delayedSince: '2026-06-30' }, Date.parse('2026-06-30T23:30:00Z'))).toBe(1);
    // 1 Oct → 7 Nov: 30 days of October after the 1st + 7 = 37.
    expect(daysDelayed({ delayedSince: '2026-10-01' }, Date.parse('2026-11-07T12:00:00Z'))).toBe(37);
  });
  it('puts each boundary day in its band', () => {
    expect([0, 7, 8, 14, 15, 28, 29, 90, 91, 400].map(delayBand)).toEqual([
      '0-7',
      '0-7',
      '8-14',
      '8-14',
      '15-28',
      '15-28',
      '29-90',
      '29-90',
      '91+',
      '91+',
    ]);
  });
});

describe('delayed bed days (midnight census)', () => {
  it('gives a snapshot to the night its observation falls in; exactly midnight belongs to the night it ends', () => {
    expect(censusNightOf(Date.parse('2026-11-03T14:00:00Z'))).toBe('2026-11-03');
    expect(censusNightOf(Date.parse('2026-11-04T00:00:00Z'))).toBe('2026-11-03');
    // Summer time: 23:30 UTC on 30 June is 00:30 on 1 July in London.
    expect(censusNightOf(Date.parse('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });

  it('counts each night ended by now once per delay open at its midnight, carried forward, across a month boundary', () => {
    // 30 Oct 10:00: 2 delays; 31 Oct: nothing new (carried); 1 Nov 15:00: 3 delays; 2 Nov 09:00: 1 delay.
    const ward = record(
      snapshot('2026-10-30T10:00:00Z', 'a', ['D1', 'D2']),
      snapshot('2026-11-01T15:00:00Z', 'b', ['D1', 'D2', 'D3']),
      snapshot('2026-11-02T09:00:00Z', 'c', ['D3']),
    );
    const now = Date.parse('2026-11-03T12:00:00Z');
    // November so far: night of 1 Nov (census 00:00 2 Nov) = 3, night of 2 Nov (00:00 3 Nov) = 1; the
    // night of 3 Nov has not ended. 3 + 1 = 4.
    expect(delayedBedDays(ward.nights, '2026-11-01', '2026-12-01', now)).toBe(4);
    // October: the night of 30 Oct = 2, of 31 Oct = 2 carried (midnight 1 Nov, before the 15:00 list). 4.
    expect(delayedBedDays(ward.nights, '2026-10-01', '2026-11-01', now)).toBe(4);
    // Nights before the ward's first list count nothing.
    expect(delayedBedDays(ward.nights, '2026-10-28', '2026-10-30', now)).toBe(0);
    expect(dischargeDelayFigures([ward], now).delayedBedDaysThisMonth).toBe(4);
  });

  it('counts a night of 25 hours (clocks back, 25 Oct 2026) as one bed day per delay', () => {
    const ward = record(snapshot('2026-10-24T12:00:00+01:00', 'a', ['D1']));
    expect(delayedBedDays(ward.nights, '2026-10-24', '2026-10-27', Date.parse('2026-10-27T00:00:00Z'))).toBe(3);
  });
});

describe('last-writer-wins merge', () => {
  const first = snapshot('2026-11-02T09:00:00Z', 'a', ['D1']);
  const second = snapshot('2026-11-02T11:00:00Z', 'b', ['D1', 'D2']);
  const nextDay = snapshot('2026-11-03T08:00:00Z', 'c', []);

  it('ends in the same record whatever the order, and a duplicate changes nothing', () => {
    const inOrder = record(first, second, nextDay);
    expect(record(nextDay, second, first)).toEqual(inOrder);
    expect(record(second, nextDay, first)).toEqual(inOrder);
    expect(inOrder.latest).toEqual(nextDay);
    expect(inOrder.nights.map((night) => [night.night, night.delayed])).toEqual([
      ['2026-11-02', 2],
      ['2026-11-03', 0],
    ]);
    expect(mergeDischargeDelays(inOrder, second)).toBeNull();
  });

  it('keeps an older snapshot that is its night’s latest for the census without making it the list', () => {
    const merged = mergeDischargeDelays(record(nextDay), second)!;
    expect(merged.latest).toEqual(nextDay);
    expect(merged.nights.find((night) => night.night === '2026-11-02')?.delayed).toBe(2);
  });

  it('breaks a tie of source time by the larger event id', () => {
    const a = snapshot('2026-11-02T09:00:00Z', 'a', ['D1']);
    const b = snapshot('2026-11-02T09:00:00Z', 'b', []);
    expect(record(b, a).latest.eventId).toBe('b');
  });
});

describe('validation', () => {
  const now = Date.parse('2026-11-05T12:00:00Z');
  it('refuses an NHS-number-shaped key with or without separators, repeated keys and dates after the report', () => {
    const list: DischargeDelaysSnapshot = {
      eventId: 'e',
      wardId: 'RX4-W01',
      observedAt: '2026-11-05T11:00:00Z',
      delays: [
        { ref: '9434765919', reason: '18', delayedSince: '2026-11-01' },
        { ref: '943-476-5919', reason: '18', delayedSince: '2026-11-01' },
        { ref: 'bay1', reason: '09', delayedSince: '2026-11-06' },
        { ref: 'BAY1', reason: '09', delayedSince: '2026-11-01' },
        { ref: '123456789', reason: '11', delayedSince: '2026-11-05' },
      ],
    };
    expect(dischargeDelaysViolations(list, now).map((detail) => detail.path)).toEqual([
      'delays[0].ref',
      'delays[1].ref',
      'delays[2].delayedSince',
      'delays[3].ref',
    ]);
  });
});

describe('the board line', () => {
  const now = Date.parse('2026-11-05T12:00:00Z');
  const ward = record({
    eventId: 'e',
    wardId: 'RX4-W01',
    observedAt: '2026-11-05T09:00:00Z',
    delays: [
      { ref: 'a', reason: '18', delayedSince: '2026-10-01' },
      { ref: 'b', reason: '18', delayedSince: '2026-10-20' },
      { ref: 'c', reason: '18', delayedSince: '2026-11-01' },
      { ref: 'd', reason: '18', delayedSince: '2026-11-04' },
      { ref: 'e', reason: '09', delayedSince: '2026-11-02' },
      { ref: 'f', reason: '09', delayedSince: '2026-11-03' },
    ],
  });
  it('names reasons most first and the ready patients with no list entry as reason not recorded', () => {
    const figures = dischargeDelayFigures([ward], now);
    expect(dischargeDelayLine(9, figures)).toBe(
      '9 ready — 4 awaiting supported accommodation, 2 care package, 3 reason not recorded',
    );
    expect(figures.byBand).toEqual({ '0-7': 4, '8-14': 0, '15-28': 1, '29-90': 1, '91+': 0 });
    expect(figures.longestDays).toBe(35);
  });
  it('never shows fewer ready than the list names', () => {
    expect(dischargeDelayLine(2, dischargeDelayFigures([ward], now))).toBe(
      '6 ready — 4 awaiting supported accommodation, 2 care package',
    );
  });
});

describe('readers dropping replays (isSupersededDelaysRecord)', () => {
  it('drops a record the held one already covers and keeps one that adds a later list or night', () => {
    const first = record(snapshot('2026-11-02T09:00:00Z', 'a', ['D1']));
    const second = record(snapshot('2026-11-02T09:00:00Z', 'a', ['D1']), snapshot('2026-11-03T09:00:00Z', 'b', []));
    expect(isSupersededDelaysRecord(first, second)).toBe(true);
    expect(isSupersededDelaysRecord(second, first)).toBe(false);
    expect(isSupersededDelaysRecord(second, second)).toBe(true);
  });
});
