import { describe, expect, it } from 'vitest';
import type { OrgDirectory } from '@wardpulse/shared';
import {
  boardScopeOptions,
  collaborativeOptions,
  defaultScope,
  regionOptions,
  scopeLabel,
  siteOptions,
  trustOptions,
  wardOptions,
} from './trend-scopes.js';

const directory: OrgDirectory = {
  regions: [],
  collaboratives: [
    { id: 'nenc', name: 'North East and North Cumbria', kind: 'place-based', trustOds: ['RX3', 'RX4'], serviceLines: {} },
  ],
  trusts: [
    { ods: 'RX4', name: 'CNTW' },
    { ods: 'RX3', name: 'TEWV' },
  ],
  sites: [
    { id: 's2', trustOds: 'RX4', name: 'St Nicholas Hospital' },
    { id: 's1', trustOds: 'RX4', name: 'Hopewood Park' },
  ],
  wards: [
    { id: 'RX4-W2', trustOds: 'RX4', siteId: 's2', name: 'Aldervale', type: 'picu', sex: 'female', commissionedBeds: 10 },
    { id: 'RX4-W1', trustOds: 'RX4', siteId: 's1', name: 'Fraser', type: 'adult-acute', sex: 'male', commissionedBeds: 18 },
    { id: 'RX3-W1', trustOds: 'RX3', siteId: 's3', name: 'Bedale', type: 'adult-acute', sex: 'mixed', commissionedBeds: 20 },
  ],
  s136Suites: [],
  crisisServices: [],
};

describe('trend scopes', () => {
  it('names scopes from the directory', () => {
    expect(scopeLabel('collaborative:nenc', directory)).toBe('North East and North Cumbria');
    expect(scopeLabel('trust:RX3', directory)).toBe('TEWV');
    expect(scopeLabel('ward:RX4-W1', directory)).toBe('Fraser (RX4)');
    expect(scopeLabel('trust:RW4', directory)).toBe('trust:RW4');
    expect(scopeLabel('trust:RX3', null)).toBe('trust:RX3');
  });

  it('offers collaboratives, trusts, and one trust’s wards by site', () => {
    expect(collaborativeOptions(directory)).toEqual([{ value: 'collaborative:nenc', label: 'North East and North Cumbria' }]);
    expect(trustOptions(directory).map((o) => o.value)).toEqual(['trust:RX4', 'trust:RX3']);
    expect(wardOptions(directory, 'RX4')).toEqual([
      { value: 'ward:RX4-W1', label: 'Fraser, Hopewood Park' },
      { value: 'ward:RX4-W2', label: 'Aldervale, St Nicholas Hospital' },
    ]);
  });

  it('starts with the first collaborative, else the first trust', () => {
    expect(defaultScope(directory)).toBe('collaborative:nenc');
    expect(defaultScope({ ...directory, collaboratives: [] })).toBe('trust:RX4');
    expect(defaultScope(null)).toBeNull();
  });
});

describe('region, site and specialised collaborative scopes', () => {
  const withRegions: OrgDirectory = {
    ...directory,
    regions: [
      { code: 'Y63', name: 'North East and Yorkshire' },
      { code: 'Y56', name: 'London' },
    ],
    collaboratives: [
      ...directory.collaboratives,
      {
        id: 'prospect',
        name: 'PROSPECT',
        kind: 'specialised',
        trustOds: ['RW4'],
        serviceLines: { RW4: ['adult-secure-low', 'adult-secure-medium'] },
      },
    ],
    trusts: directory.trusts.map((trust) => ({ ...trust, regionCode: 'Y63' })),
  };

  it('offers regions holding a listed trust, above collaboratives marked with their service lines, then trusts', () => {
    expect(regionOptions(withRegions)).toEqual([{ value: 'region:Y63', label: 'North East and Yorkshire' }]);
    expect(boardScopeOptions(withRegions).map((option) => option.label)).toEqual([
      'North East and Yorkshire (region)',
      'North East and North Cumbria',
      'PROSPECT (specialised: Low secure and Medium secure)',
      'CNTW',
      'TEWV',
    ]);
  });

  it('names regions and sites, and lists a trust’s sites by name', () => {
    expect(scopeLabel('region:Y63', withRegions)).toBe('North East and Yorkshire');
    expect(scopeLabel('site:s2', withRegions)).toBe('St Nicholas Hospital (RX4)');
    expect(siteOptions(withRegions, 'RX4')).toEqual([
      { value: 'site:s1', label: 'Hopewood Park' },
      { value: 'site:s2', label: 'St Nicholas Hospital' },
    ]);
  });
});
