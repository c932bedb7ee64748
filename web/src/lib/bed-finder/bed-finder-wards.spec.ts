import { describe, expect, it } from 'vitest';
import { testSnapshot, testState, testWard, testWardLive } from '../live/test-fixtures.js';
import { matchCoverage, mergeWards } from './bed-finder-wards.js';

const at = '2025-06-01T10:00:00Z';
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
    expect(matchCoverage(wards, { wardType: 'adult-acute', patientSex: 'female' })).toEqual({ matching: 2, reporting: 1 });
    expect(matchCoverage(wards, { wardType: 'adult-acute' })).toEqual({ matching: 3, reporting: 2 });
    expect(matchCoverage(wards, {})).toEqual({ matching: 4, reporting: 3 });
    expect(matchCoverage(wards, { wardType: 'perinatal' })).toEqual({ matching: 0, reporting: 0 });
  });
});
