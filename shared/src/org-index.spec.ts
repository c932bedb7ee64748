import { describe, expect, it } from 'vitest';
import type { OrgDirectory, Ward } from './org.js';
import { OrgIndex } from './org-index.js';

function ward(id: string, trustOds: string, siteId: string): Ward {
  return { id, trustOds, siteId, name: `${id} Ward`, type: 'adult-acute', sex: 'mixed', commissionedBeds: 18 };
}

/** Two trusts; RW4 belongs to two collaboratives, as in domain.md (Cheshire & Merseyside and PROSPECT). */
const directory: OrgDirectory = {
  regions: [],
  collaboratives: [
    { id: 'cheshire-merseyside', name: 'Cheshire & Merseyside', kind: 'place-based', trustOds: ['RW4'], serviceLines: {} },
    { id: 'prospect', name: 'PROSPECT adult secure', kind: 'place-based', trustOds: ['RW4'], serviceLines: {} },
    { id: 'nenc', name: 'North East and North Cumbria', kind: 'place-based', trustOds: ['RX4'], serviceLines: {} },
  ],
  trusts: [
    { ods: 'RW4', name: 'Mersey Care NHS Foundation Trust' },
    { ods: 'RX4', name: 'Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust' },
  ],
  sites: [
    { id: 'RW4-S1', trustOds: 'RW4', name: 'Scott Clinic' },
    { id: 'RX4-S1', trustOds: 'RX4', name: 'St Nicholas Hospital' },
  ],
  wards: [ward('RW4-W01', 'RW4', 'RW4-S1'), ward('RW4-W02', 'RW4', 'RW4-S1'), ward('RX4-W01', 'RX4', 'RX4-S1')],
  s136Suites: [
    { id: 'RW4-136-1', trustOds: 'RW4', siteId: 'RW4-S1', name: 'Scott Clinic suite', ageGroup: 'adult', commissioned: true },
    { id: 'RX4-136-1', trustOds: 'RX4', siteId: 'RX4-S1', name: 'St Nicholas suite', ageGroup: 'adult', commissioned: true },
    { id: 'RX4-136-2', trustOds: 'RX4', siteId: 'RX4-S1', name: 'Ferndene CYP suite', ageGroup: 'cyp', commissioned: false },
  ],
};
const org = new OrgIndex(directory);
const ids = (wards: Ward[] | undefined) => wards?.map((w) => w.id).sort();

describe('OrgIndex.wardsIn', () => {
  it('covers one ward for a ward scope', () => {
    expect(ids(org.wardsIn({ kind: 'ward', id: 'RX4-W01' }))).toEqual(['RX4-W01']);
  });

  it("covers a trust's wards for a trust scope", () => {
    expect(ids(org.wardsIn({ kind: 'trust', id: 'RW4' }))).toEqual(['RW4-W01', 'RW4-W02']);
    expect(ids(org.wardsIn({ kind: 'trust', id: 'RX4' }))).toEqual(['RX4-W01']);
  });

  it("covers the member trusts' wards for a collaborative scope", () => {
    expect(ids(org.wardsIn({ kind: 'collaborative', id: 'prospect' }))).toEqual(['RW4-W01', 'RW4-W02']);
    expect(ids(org.wardsIn({ kind: 'collaborative', id: 'cheshire-merseyside' }))).toEqual(['RW4-W01', 'RW4-W02']);
    expect(ids(org.wardsIn({ kind: 'collaborative', id: 'nenc' }))).toEqual(['RX4-W01']);
  });

  it('is undefined for scopes that name nothing known', () => {
    expect(org.wardsIn({ kind: 'ward', id: 'RX4-W99' })).toBeUndefined();
    expect(org.wardsIn({ kind: 'trust', id: 'RV5' })).toBeUndefined();
    expect(org.wardsIn({ kind: 'collaborative', id: 'south-london' })).toBeUndefined();
  });
});

describe('OrgIndex.trustsIn', () => {
  it('names the trusts whose data a scope shows', () => {
    expect(org.trustsIn({ kind: 'ward', id: 'RW4-W02' })).toEqual(['RW4']);
    expect(org.trustsIn({ kind: 'trust', id: 'RX4' })).toEqual(['RX4']);
    expect(org.trustsIn({ kind: 'collaborative', id: 'prospect' })).toEqual(['RW4']);
  });

  it('is undefined for unknown scopes', () => {
    expect(org.trustsIn({ kind: 'ward', id: 'nope' })).toBeUndefined();
    expect(org.trustsIn({ kind: 'trust', id: 'RV5' })).toBeUndefined();
    expect(org.trustsIn({ kind: 'collaborative', id: 'nope' })).toBeUndefined();
  });
});

describe('OrgIndex.nameOf', () => {
  it('gives the display name of each kind of scope', () => {
    expect(org.nameOf({ kind: 'ward', id: 'RX4-W01' })).toBe('RX4-W01 Ward');
    expect(org.nameOf({ kind: 'trust', id: 'RW4' })).toBe('Mersey Care NHS Foundation Trust');
    expect(org.nameOf({ kind: 'collaborative', id: 'nenc' })).toBe('North East and North Cumbria');
  });

  it('is undefined for unknown scopes', () => {
    expect(org.nameOf({ kind: 'ward', id: 'nope' })).toBeUndefined();
    expect(org.nameOf({ kind: 'trust', id: 'RV5' })).toBeUndefined();
    expect(org.nameOf({ kind: 'collaborative', id: 'nope' })).toBeUndefined();
  });
});

describe('OrgIndex.scopesReachedBy', () => {
  it('reaches the ward, its trust and every collaborative the trust belongs to', () => {
    const scopes = org.scopesReachedBy('RW4-W01');
    expect(scopes).toHaveLength(4);
    expect(new Set(scopes)).toEqual(
      new Set(['ward:RW4-W01', 'trust:RW4', 'collaborative:cheshire-merseyside', 'collaborative:prospect']),
    );
  });

  it('does not reach collaboratives the trust is not in', () => {
    expect(new Set(org.scopesReachedBy('RX4-W01'))).toEqual(new Set(['ward:RX4-W01', 'trust:RX4', 'collaborative:nenc']));
  });

  it('reaches exactly the scopes whose wardsIn contains the ward', () => {
    const allScopes = [
      ...directory.wards.map((w) => ({ kind: 'ward' as const, id: w.id })),
      ...directory.trusts.map((t) => ({ kind: 'trust' as const, id: t.ods })),
      ...directory.collaboratives.map((c) => ({ kind: 'collaborative' as const, id: c.id })),
    ];
    for (const { id: wardId } of directory.wards) {
      const covering = allScopes
        .filter((scope) => org.wardsIn(scope)?.some((w) => w.id === wardId))
        .map((scope) => `${scope.kind}:${scope.id}`);
      expect(new Set(org.scopesReachedBy(wardId))).toEqual(new Set(covering));
    }
  });

  it('reaches nothing for an unknown ward', () => {
    expect(org.scopesReachedBy('RX4-W99')).toEqual([]);
  });
});

describe('OrgIndex.s136SuitesIn', () => {
  const suiteIds = (scope: Parameters<OrgIndex['s136SuitesIn']>[0]) =>
    org
      .s136SuitesIn(scope)
      ?.map((s) => s.id)
      .sort();

  it("covers a trust's suites, commissioned or not", () => {
    expect(suiteIds({ kind: 'trust', id: 'RX4' })).toEqual(['RX4-136-1', 'RX4-136-2']);
  });

  it("covers every member trust's suites for a collaborative", () => {
    expect(suiteIds({ kind: 'collaborative', id: 'nenc' })).toEqual(['RX4-136-1', 'RX4-136-2']);
    expect(suiteIds({ kind: 'collaborative', id: 'prospect' })).toEqual(['RW4-136-1']);
  });

  it('has none for a ward and nothing for an unknown scope', () => {
    expect(suiteIds({ kind: 'ward', id: 'RX4-W01' })).toEqual([]);
    expect(org.s136SuitesIn({ kind: 'trust', id: 'XXX' })).toBeUndefined();
    expect(org.s136SuitesIn({ kind: 'ward', id: 'RX4-W99' })).toBeUndefined();
  });

  it('finds a suite by id', () => {
    expect(org.s136SuitesById.get('RX4-136-2')?.ageGroup).toBe('cyp');
  });
});
