import type { OrgDirectory } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import {
  areaName,
  areaOptions,
  DEFAULT_SEARCH,
  describeNeed,
  finderQuery,
  inSentence,
  parseArea,
  parseSearch,
  scopesFor,
  serialiseSearch,
  type BedFinderSearch,
} from './bed-finder-query.js';

const directory: OrgDirectory = {
  regions: [],
  collaboratives: [
    { id: 'nenc', name: 'North East and North Cumbria', kind: 'place-based', trustOds: ['RX3', 'RX4'], serviceLines: {} },
  ],
  trusts: [
    { ods: 'RX3', name: 'Tees, Esk and Wear Valleys' },
    { ods: 'RX4', name: 'Cumbria, Northumberland, Tyne and Wear' },
  ],
  sites: [],
  wards: [],
  s136Suites: [],
  crisisServices: [],
};

const params = (text: string) => new URLSearchParams(text);

describe('parseSearch', () => {
  it('reads scope, ward type and patient sex', () => {
    expect(parseSearch(params('scope=collaborative:nenc&type=adult-acute&sex=female'))).toEqual({
      area: { kind: 'collaborative', id: 'nenc' },
      wardType: 'adult-acute',
      patientSex: 'female',
    });
  });

  it('gives the default search for an empty query', () => {
    expect(parseSearch(params(''))).toEqual(DEFAULT_SEARCH);
  });

  it('falls back to "any" for values it does not know', () => {
    expect(parseSearch(params('scope=planet:mars&type=spa&sex=mixed'))).toEqual(DEFAULT_SEARCH);
  });

  it('accepts a lower-case ODS code and refuses ward scopes', () => {
    expect(parseArea('trust:rx4')).toEqual({ kind: 'trust', id: 'RX4' });
    expect(parseArea('ward:RX4-W01')).toEqual({ kind: 'all' });
    expect(parseArea('all')).toEqual({ kind: 'all' });
  });
});

describe('serialiseSearch', () => {
  it('writes the parameters in a fixed order, leaving out "any"', () => {
    expect(serialiseSearch({ area: { kind: 'trust', id: 'RX4' }, wardType: 'picu', patientSex: 'male' })).toBe(
      'scope=trust%3ARX4&type=picu&sex=male',
    );
    expect(serialiseSearch(DEFAULT_SEARCH)).toBe('scope=all');
  });

  it('round-trips through parseSearch', () => {
    const searches: BedFinderSearch[] = [
      DEFAULT_SEARCH,
      { area: { kind: 'collaborative', id: 'nenc' }, wardType: 'adult-acute', patientSex: 'female' },
      { area: { kind: 'trust', id: 'RX3' }, wardType: null, patientSex: 'male' },
    ];
    for (const search of searches) expect(parseSearch(params(serialiseSearch(search)))).toEqual(search);
  });
});

describe('finderQuery', () => {
  it('passes only what was chosen to the shared finder', () => {
    expect(finderQuery(DEFAULT_SEARCH)).toEqual({});
    expect(finderQuery({ area: { kind: 'all' }, wardType: 'picu', patientSex: 'female' })).toEqual({
      wardType: 'picu',
      patientSex: 'female',
    });
  });
});

describe('scopesFor', () => {
  it('subscribes to the chosen scope, or to every trust for "all"', () => {
    expect(scopesFor({ kind: 'collaborative', id: 'nenc' }, directory)).toEqual(['collaborative:nenc']);
    expect(scopesFor({ kind: 'trust', id: 'RX4' }, null)).toEqual(['trust:RX4']);
    expect(scopesFor({ kind: 'all' }, directory)).toEqual(['trust:RX3', 'trust:RX4']);
    expect(scopesFor({ kind: 'all' }, null)).toEqual([]);
  });

  it('adds the collaborative of wards whose trust a specialised reader does not see', () => {
    // A PROSPECT lead's directory: RW4's secure ward and PROSPECT, not RW4 itself.
    const lead: OrgDirectory = {
      regions: [],
      collaboratives: [
        {
          id: 'prospect',
          name: 'PROSPECT',
          kind: 'specialised',
          trustOds: ['RW4'],
          serviceLines: { RW4: ['adult-secure-low'] },
        },
      ],
      trusts: [],
      sites: [],
      wards: [
        {
          id: 'RW4-W9',
          trustOds: 'RW4',
          siteId: 'RW4-S4',
          name: 'Ashworth',
          type: 'adult-secure-low',
          sex: 'male',
          commissionedBeds: 12,
        },
      ],
      s136Suites: [],
      crisisServices: [],
    };
    expect(scopesFor({ kind: 'all' }, lead)).toEqual(['collaborative:prospect']);
    expect(areaName({ kind: 'region', id: 'Y62' }, { ...lead, regions: [{ code: 'Y62', name: 'North West' }] })).toBe(
      'North West',
    );
  });
});

describe('wording', () => {
  it('names the area and the need', () => {
    expect(areaName({ kind: 'collaborative', id: 'nenc' }, directory)).toBe('North East and North Cumbria');
    expect(areaName({ kind: 'trust', id: 'RX9' }, directory)).toBe('RX9');
    expect(areaName({ kind: 'all' }, directory)).toBe('all trusts');
    expect(describeNeed({ area: { kind: 'all' }, wardType: 'adult-acute', patientSex: 'female' })).toBe(
      'adult acute bed for a female patient',
    );
    expect(describeNeed(DEFAULT_SEARCH)).toBe('bed of any type for a patient of either sex');
    expect(describeNeed({ area: { kind: 'all' }, wardType: 'picu', patientSex: 'male' })).toBe('PICU bed for a male patient');
    expect(inSentence('CAMHS inpatient')).toBe('CAMHS inpatient');
    expect(inSentence('Older adult (functional)')).toBe('older adult (functional)');
  });

  it('offers all trusts, then collaboratives, then trusts', () => {
    const groups = areaOptions(directory);
    expect(groups.map((group) => group.label)).toEqual(['Everywhere', 'Provider collaboratives', 'Trusts']);
    expect(groups[1]?.options).toEqual([{ value: 'collaborative:nenc', label: 'North East and North Cumbria' }]);
    expect(groups[2]?.options.map((option) => option.value)).toEqual(['trust:RX3', 'trust:RX4']);
    expect(areaOptions(null)).toHaveLength(1);
  });
});
