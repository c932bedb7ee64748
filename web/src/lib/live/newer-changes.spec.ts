import { describe, expect, it } from 'vitest';
import { newerChanges } from './newer-changes.js';
import { testChange, testState, testWard, testWardLive } from './test-fixtures.js';

describe('newerChanges', () => {
  const wards = [testWardLive(testWard('RX4-W01'), testState('2025-06-01T10:00:00Z')), testWardLive(testWard('RX4-W02'), null)];

  it('keeps newer and equally new observations', () => {
    const changes = [testChange('RX4-W01', '2025-06-01T10:05:00Z'), testChange('RX4-W01', '2025-06-01T10:05:00Z')];
    expect(newerChanges(wards, changes)).toEqual(changes);
  });

  it('drops an observation older than the one held', () => {
    expect(newerChanges(wards, [testChange('RX4-W01', '2025-06-01T09:59:59Z')])).toEqual([]);
  });

  it('compares instants across UTC offsets', () => {
    // 10:30+01:00 is 09:30Z: older than the 10:00Z held.
    expect(newerChanges(wards, [testChange('RX4-W01', '2025-06-01T10:30:00+01:00')])).toEqual([]);
  });

  it('accepts the first observation of a ward with no data yet', () => {
    const change = testChange('RX4-W02', '2020-01-01T00:00:00Z');
    expect(newerChanges(wards, [change])).toEqual([change]);
  });

  it('orders two changes to one ward within a batch', () => {
    const newer = testChange('RX4-W01', '2025-06-01T10:10:00Z');
    const older = testChange('RX4-W01', '2025-06-01T10:05:00Z');
    expect(newerChanges(wards, [newer, older])).toEqual([newer]);
  });

  it('passes changes for wards it does not know (applyLiveChanges ignores them)', () => {
    const change = testChange('RV5-W01', '2025-06-01T10:00:00Z');
    expect(newerChanges(wards, [change])).toEqual([change]);
  });
});
