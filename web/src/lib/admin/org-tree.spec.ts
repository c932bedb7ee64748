import type { OrgDirectory } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { bedsFromInput, orgTree, wardBody, wardDraft, wardFieldResolver } from './org-tree.js';

const directory: OrgDirectory = {
  regions: [],
  collaboratives: [],
  trusts: [{ ods: 'RX4', name: 'Cumbria, Northumberland, Tyne and Wear' }],
  sites: [
    { id: 'RX4-S2', trustOds: 'RX4', name: 'St Nicholas Hospital' },
    { id: 'RX4-S1', trustOds: 'RX4', name: 'Hopewood Park' },
  ],
  wards: [
    { id: 'RX4-W02', trustOds: 'RX4', siteId: 'RX4-S1', name: 'Oak', type: 'picu', sex: 'male', commissionedBeds: 10 },
    { id: 'RX4-W01', trustOds: 'RX4', siteId: 'RX4-S1', name: 'Ash', type: 'adult-acute', sex: 'female', commissionedBeds: 20 },
    { id: 'RX4-W03', trustOds: 'RX4', siteId: 'RX4-S2', name: 'Elm', type: 'adult-acute', sex: 'mixed', commissionedBeds: 5 },
  ],
  s136Suites: [],
  crisisServices: [],
};

describe('orgTree', () => {
  it('nests sites and wards by name and adds up commissioned beds', () => {
    const [trust] = orgTree(directory);
    expect(trust?.commissionedBeds).toBe(35);
    expect(trust?.wardCount).toBe(3);
    expect(trust?.sites.map((site) => [site.site.name, site.commissionedBeds, site.wards.map((ward) => ward.name)])).toEqual([
      ['Hopewood Park', 30, ['Ash', 'Oak']],
      ['St Nicholas Hospital', 5, ['Elm']],
    ]);
  });
});

describe('ward form', () => {
  it('sends beds as a number when typed as one, and as typed otherwise for the server to name', () => {
    expect(bedsFromInput(' 24 ')).toBe(24);
    expect(bedsFromInput('-3')).toBe(-3);
    expect(bedsFromInput('twelve')).toBe('twelve');
    expect(bedsFromInput('')).toBe('');
  });

  it('round-trips a ward through the draft', () => {
    const ward = directory.wards[0]!;
    expect(wardBody(wardDraft(ward))).toEqual({ name: 'Oak', siteId: 'RX4-S1', type: 'picu', sex: 'male', commissionedBeds: 10 });
  });

  it('maps the server’s paths to the form’s inputs', () => {
    expect(wardFieldResolver('ward-edit')('commissionedBeds')).toEqual({ id: 'ward-edit-beds', label: 'Commissioned beds' });
    expect(wardFieldResolver('ward-new')('unknown')).toBeUndefined();
  });
});
