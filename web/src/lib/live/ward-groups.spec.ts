import { describe, expect, it } from 'vitest';
import type { OrgDirectory } from '@wardpulse/shared';
import { groupNames, groupWards, groupingFor } from './ward-groups.js';
import { testWard, testWardLive } from './test-fixtures.js';

const directory: OrgDirectory = {
  regions: [],
  collaboratives: [
    { id: 'nenc', name: 'North East and North Cumbria', kind: 'place-based', trustOds: ['RX3', 'RX4'], serviceLines: {} },
  ],
  trusts: [
    { ods: 'RX3', name: 'Tees, Esk and Wear Valleys NHS Foundation Trust' },
    { ods: 'RX4', name: 'Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust' },
  ],
  sites: [
    { id: 'RX4-S1', trustOds: 'RX4', name: 'St Nicholas Hospital' },
    { id: 'RX4-S2', trustOds: 'RX4', name: 'Hopewood Park' },
  ],
  wards: [],
  s136Suites: [],
  crisisServices: [],
};

const wards = [
  testWardLive(testWard('RX4-W01', { siteId: 'RX4-S2' }), null),
  testWardLive(testWard('RX4-W02', { siteId: 'RX4-S1' }), null),
  testWardLive(testWard('RX4-W03', { siteId: 'RX4-S2' }), null),
  testWardLive(testWard('RX3-W01', { siteId: 'RX3-S9' }), null),
];

describe('groupingFor', () => {
  it('groups trust boards by site and collaborative boards by trust', () => {
    expect(groupingFor('trust')).toBe('site');
    expect(groupingFor('ward')).toBe('site');
    expect(groupingFor('collaborative')).toBe('trust');
  });
});

describe('groupWards', () => {
  const names = groupNames(directory);

  it('groups by site in order of first appearance, keeping ward order', () => {
    const groups = groupWards(wards, 'site', names);
    expect(groups.map((group) => [group.name, group.wards.map((wardLive) => wardLive.ward.id)])).toEqual([
      ['Hopewood Park', ['RX4-W01', 'RX4-W03']],
      ['St Nicholas Hospital', ['RX4-W02']],
      ['RX3-S9', ['RX3-W01']],
    ]);
  });

  it('groups by trust', () => {
    const groups = groupWards(wards, 'trust', names);
    expect(groups.map((group) => [group.id, group.name, group.wards.length])).toEqual([
      ['RX4', 'Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust', 3],
      ['RX3', 'Tees, Esk and Wear Valleys NHS Foundation Trust', 1],
    ]);
  });

  it('labels groups by id when the directory is not available', () => {
    expect(groupWards(wards, 'trust', groupNames(null)).map((group) => group.name)).toEqual(['RX4', 'RX3']);
  });

  it('returns the same ward objects, so tiles stay bound to live state', () => {
    expect(groupWards(wards, 'site', names)[0]?.wards[0]).toBe(wards[0]);
  });
});
