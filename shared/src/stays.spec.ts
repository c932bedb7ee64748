import { describe, expect, it } from 'vitest';
import { stayRecordSchema, stayViolations, type StayRecord } from './stays.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const stay = (overrides: Partial<StayRecord> = {}): StayRecord => ({
  eventId: 'e1',
  stayRef: 'S-1',
  wardId: 'RX4-W01',
  admittedAt: '2026-11-01T10:00:00Z',
  dischargedAt: null,
  recordedAt: '2026-11-01T10:05:00Z',
  ...overrides,
});
const paths = (record: StayRecord) => stayViolations(record, NOW).map((violation) => violation.path);

describe('stays: shape (400) and rules (422)', () => {
  it('takes an open stay and a discharged one', () => {
    expect(stayViolations(stay(), NOW)).toEqual([]);
    expect(stayViolations(stay({ dischargedAt: '2026-11-10T09:00:00Z', recordedAt: '2026-11-10T09:01:00Z' }), NOW)).toEqual([]);
  });

  it('refuses names and NHS numbers as keys, and the keys WardPulse gives HL7 stays', () => {
    expect(stayRecordSchema.safeParse(stay({ stayRef: 'Jane Smith' })).success).toBe(false);
    expect(paths(stay({ stayRef: '943-476-5919' }))).toEqual(['stayRef']);
    expect(paths(stay({ stayRef: 'hl7.abc' }))).toEqual(['stayRef']);
    expect(paths(stay({ stayRef: 'pas.hl7.1' }))).toEqual([]);
  });

  it('refuses a discharge before the admission, times in the future, and a record older than what it records', () => {
    expect(paths(stay({ dischargedAt: '2026-10-31T10:00:00Z', recordedAt: '2026-11-02T00:00:00Z' }))).toEqual(['dischargedAt']);
    expect(paths(stay({ admittedAt: '2026-11-20T12:10:00Z', recordedAt: '2026-11-20T12:11:00Z' }))).toEqual([
      'admittedAt',
      'recordedAt',
    ]);
    expect(paths(stay({ dischargedAt: '2026-11-10T09:00:00Z', recordedAt: '2026-11-09T00:00:00Z' }))).toEqual(['recordedAt']);
  });
});
