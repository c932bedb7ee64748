import { describe, expect, it } from 'vitest';
import { testSnapshot, testState, testWard, testWardLive } from '../live/test-fixtures.js';
import { DEFAULT_FRESHNESS_LIMITS } from '@wardpulse/shared';
import { matchCoverage, mergeFreshness, mergeWards } from './bed-finder-wards.js';

const at = '2025-06-01T10:00:00Z';
// Half an hour after the reports: well within the 12 h not-reporting limit.
const NOW = Date.parse('2025-06-01T10:30:00Z');
const LIMITS = DEFAULT_FRESHNESS_LIMITS;
const rx3Acute = testWardLive(testWard('RX3-W01', { type: 'adult-acute', sex: 'female' }), testState(at));
const rx3Picu = testWardLive(testWard('RX3-W02', { type: 'picu', sex: 'female' }), testState(at));
const rx4AcuteMixed = testWardLive(testWard('RX4-W01', { type: 'adult-acute', sex: 'mixed' }), null);
const rx4AcuteMale = testWardLive(testWard('RX4-W02', { type: 'adult-acute', sex: 'male' }), testState(at));

describe('mergeWards', () => {
  it('lists each ward once across snapshots, skipping boards with no snapshot yet', () => {
    const merged = mergeWards([
      testSnapshot('trust:RX3', [rx3Acute, rx3Picu]),
      null,
      testSnapshot('collaborative:nenc', [rx3Acute, rx4AcuteMixed]),
    ]);
    expect(merged.map((ward) => ward.ward.id)).toEqual(['RX3-W01', 'RX3-W02', 'RX4-W01']);
  });
});

describe('matchCoverage', () => {
  const wards = [rx3Acute, rx3Picu, rx4AcuteMixed, rx4AcuteMale];

  it('counts wards that would admit the patient, and how many of them report', () => {
    // A female patient: female and mixed adult acute wards, one of which has not reported.
    expect(matchCoverage(wards, { wardType: 'adult-acute', patientSex: 'female' }, NOW, LIMITS)).toEqual({
      matching: 2,
      reporting: 1,
    });
    expect(matchCoverage(wards, { wardType: 'adult-acute' }, NOW, LIMITS)).toEqual({ matching: 3, reporting: 2 });
    expect(matchCoverage(wards, {}, NOW, LIMITS)).toEqual({ matching: 4, reporting: 3 });
    expect(matchCoverage(wards, { wardType: 'perinatal' }, NOW, LIMITS)).toEqual({ matching: 0, reporting: 0 });
  });

  it('counts a ward silent past its limit as not reporting (domain.md, "Freshness")', () => {
    // 22:00:01 is 12 h 1 s after the 10:00 reports: none of them counts any more.
    const late = Date.parse('2025-06-01T22:00:01Z');
    expect(matchCoverage(wards, {}, late, LIMITS)).toEqual({ matching: 4, reporting: 0 });
    // With a PICU limit of 30 min, at 10:31 only the PICU is out: 4 match, 2 of the 3 reports count.
    const picuHalfHour = { ...LIMITS, byWardType: { picu: 30 * 60_000 } };
    expect(matchCoverage(wards, {}, Date.parse('2025-06-01T10:31:00Z'), picuHalfHour)).toEqual({ matching: 4, reporting: 2 });
  });
});

describe('mergeFreshness', () => {
  it("takes the first snapshot's limits, and the default before any arrives", () => {
    const limits = { notReportingAfterMs: 3_600_000, byWardType: { picu: 60_000 } };
    expect(mergeFreshness([null, { ...testSnapshot('trust:RX3', [rx3Acute]), freshness: limits }])).toEqual(limits);
    expect(mergeFreshness([null])).toEqual(LIMITS);
  });
});
