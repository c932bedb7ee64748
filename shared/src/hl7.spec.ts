import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mappingFor, parseHl7Time, visitState, type Hl7Movement, type Hl7MovementEvent } from './hl7.js';

const KEY = 'a'.repeat(64);
let counter = 0;
const move = (event: Hl7MovementEvent, minute: number, pointOfCare: string | null = 'W1'): Hl7Movement => ({
  eventId: `e${++counter}`,
  feedId: 'feed',
  trustOds: 'RX4',
  event,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
  messageAt: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
  visits: [{ visitKey: KEY, location: pointOfCare ? { pointOfCare, room: null, bed: null } : null }],
});

describe('visit state from movements', () => {
  it('follows admissions, transfers, leave and discharges, and the cancellations', () => {
    const admit = move('A01', 1, 'W1');
    const transfer = move('A02', 2, 'W2');
    expect(visitState(KEY, [admit, transfer])).toMatchObject({ admitted: true, location: { pointOfCare: 'W2' } });
    expect(visitState(KEY, [admit, transfer, move('A12', 3)])).toMatchObject({ admitted: true, location: { pointOfCare: 'W1' } });
    expect(visitState(KEY, [admit, move('A21', 3)])).toMatchObject({ admitted: true, onLeave: true });
    expect(visitState(KEY, [admit, move('A21', 3), move('A22', 4)])).toMatchObject({ admitted: true, onLeave: false });
    const discharge = move('A03', 5);
    expect(visitState(KEY, [admit, discharge]).admitted).toBe(false);
    expect(visitState(KEY, [admit, move('A21', 3), discharge, move('A13', 6)])).toMatchObject({ admitted: true, onLeave: true });
    expect(visitState(KEY, [admit, move('A21', 3), move('A11', 4)]).admitted).toBe(false);
    expect(visitState(KEY, [admit, move('A11', 2), move('A01', 3, 'W3')])).toMatchObject({
      admitted: true,
      location: { pointOfCare: 'W3' },
    });
    expect(visitState(KEY, [move('A08', 1, 'W9')]).admitted).toBe(false);
    // Never seen before: a transfer or leave shows an inpatient admitted before the feed began; after a discharge it does not.
    expect(visitState(KEY, [move('A21', 1, 'W4')])).toMatchObject({
      admitted: true,
      onLeave: true,
      location: { pointOfCare: 'W4' },
    });
    expect(visitState(KEY, [admit, discharge, move('A21', 6), move('A02', 7, 'W2')]).admitted).toBe(false);
  });

  it('knows when the stay began and ended, for length of stay', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
    const admit = move('A01', 1, 'W1');
    const discharge = move('A03', 9);
    expect(visitState(KEY, [admit, move('A02', 2, 'W2')])).toMatchObject({ admittedAt: at(1), dischargedAt: null });
    expect(visitState(KEY, [admit, discharge])).toMatchObject({ admittedAt: at(1), dischargedAt: at(9) });
    // A cancelled discharge (A13) reopens the stay; a cancelled admission (A11) leaves no stay at all.
    expect(visitState(KEY, [admit, discharge, move('A13', 10)])).toMatchObject({
      admitted: true,
      admittedAt: at(1),
      dischargedAt: null,
    });
    expect(visitState(KEY, [admit, move('A11', 3)])).toMatchObject({ admittedAt: null, dischargedAt: null });
    // First seen on leave: the stay is known from then (the earliest WardPulse can know).
    expect(visitState(KEY, [move('A21', 4, 'W4'), move('A03', 8)])).toMatchObject({ admittedAt: at(4), dischargedAt: at(8) });
    // A discharge with no admission known changes nothing.
    expect(visitState(KEY, [move('A03', 5)])).toMatchObject({ admittedAt: null, dischargedAt: null });
  });

  it('does not depend on the order movements arrive in, nor on duplicates', () => {
    const events: Hl7MovementEvent[] = ['A01', 'A02', 'A03', 'A08', 'A11', 'A12', 'A13', 'A21', 'A22'];
    const history = fc.array(fc.tuple(fc.constantFrom(...events), fc.constantFrom('W1', 'W2', 'W3')), {
      minLength: 1,
      maxLength: 10,
    });
    fc.assert(
      fc.property(history, fc.infiniteStream(fc.nat()), (steps, randoms) => {
        const movements = steps.map(([event, ward], minute) => move(event, minute, ward));
        const shuffled = [...movements, ...movements.slice(0, 2)]
          .map((m) => [randoms.next().value as number, m] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, m]) => m);
        expect(visitState(KEY, shuffled)).toEqual(visitState(KEY, movements));
      }),
    );
  });
});

describe('HL7 times and mappings', () => {
  it('reads HL7 date-times, in London time without an offset', () => {
    expect(parseHl7Time('20260701120000')).toBe('2026-07-01T11:00:00.000Z');
    expect(parseHl7Time('20260101120000')).toBe('2026-01-01T12:00:00.000Z');
    expect(parseHl7Time('202601011200+0100')).toBe('2026-01-01T11:00:00.000Z');
    expect(parseHl7Time('20260101120000.25-0500')).toBe('2026-01-01T17:00:00.250Z');
    for (const bad of ['2026', '20261301120000', '20260230120000', '20260101246000', 'x', '20260101120000+9999'])
      expect(parseHl7Time(bad)).toBeNull();
  });

  it('picks the most specific mapping: bed, then room, then point of care', () => {
    const mappings = [
      { pointOfCare: 'W1', room: null, bed: null, wardId: 'A' },
      { pointOfCare: 'W1', room: 'R2', bed: null, wardId: 'B' },
      { pointOfCare: 'W1', room: 'R2', bed: 'B7', wardId: 'C' },
    ];
    expect(mappingFor(mappings, { pointOfCare: 'W1', room: 'R1', bed: null })?.wardId).toBe('A');
    expect(mappingFor(mappings, { pointOfCare: 'W1', room: 'R2', bed: 'B1' })?.wardId).toBe('B');
    expect(mappingFor(mappings, { pointOfCare: 'W1', room: 'R2', bed: 'B7' })?.wardId).toBe('C');
    expect(mappingFor(mappings, { pointOfCare: 'W2', room: null, bed: null })).toBeUndefined();
  });
});
