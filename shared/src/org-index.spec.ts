import { describe, expect, it } from 'vitest';
import type { OrgDirectory, Ward, WardType } from './org.js';
import { OrgIndex } from './org-index.js';
import type { Scope } from './scope.js';

function ward(id: string, trustOds: string, siteId: string, type: WardType = 'adult-acute'): Ward {
  return { id, trustOds, siteId, name: `${id} Ward`, type, sex: 'mixed', commissionedBeds: 18 };
}

/**
 * Two trusts in two regions. RW4 belongs to two collaboratives, as in domain.md: Cheshire &
 * Merseyside (place-based, all of RW4) and PROSPECT (specialised: RW4's low and medium secure wards
 * only). RW4's Scott Clinic holds its two secure wards; Mossley Hill its acute ward.
 */
const directory: OrgDirectory = {
  regions: [
    { code: 'Y62', name: 'North West' },
    { code: 'Y63', name: 'North East and Yorkshire' },
    { code: 'Y56', name: 'London' },
  ],
  collaboratives: [
    { id: 'cheshire-merseyside', name: 'Cheshire & Merseyside', kind: 'place-based', trustOds: ['RW4'], serviceLines: {} },
    {
      id: 'prospect',
      name: 'PROSPECT adult secure',
      kind: 'specialised',
      trustOds: ['RW4'],
      serviceLines: { RW4: ['adult-secure-low', 'adult-secure-medium'] },
    },
    { id: 'nenc', name: 'North East and North Cumbria', kind: 'place-based', trustOds: ['RX4'], serviceLines: {} },
  ],
  trusts: [
    { ods: 'RW4', name: 'Mersey Care NHS Foundation Trust', regionCode: 'Y62' },
    { ods: 'RX4', name: 'Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust', regionCode: 'Y63' },
  ],
  sites: [
    { id: 'RW4-S1', trustOds: 'RW4', name: 'Mossley Hill Hospital' },
    { id: 'RW4-S2', trustOds: 'RW4', name: 'Scott Clinic' },
    { id: 'RX4-S1', trustOds: 'RX4', name: 'St Nicholas Hospital' },
  ],
  wards: [
    ward('RW4-W01', 'RW4', 'RW4-S1'),
    ward('RW4-W02', 'RW4', 'RW4-S2', 'adult-secure-low'),
    ward('RW4-W03', 'RW4', 'RW4-S2', 'adult-secure-medium'),
    ward('RX4-W01', 'RX4', 'RX4-S1'),
  ],
  s136Suites: [
    { id: 'RW4-136-1', trustOds: 'RW4', siteId: 'RW4-S1', name: 'Mossley Hill suite', ageGroup: 'adult', commissioned: true },
    { id: 'RX4-136-1', trustOds: 'RX4', siteId: 'RX4-S1', name: 'St Nicholas suite', ageGroup: 'adult', commissioned: true },
    { id: 'RX4-136-2', trustOds: 'RX4', siteId: 'RX4-S1', name: 'Ferndene CYP suite', ageGroup: 'cyp', commissioned: false },
  ],
  crisisServices: [
    {
      id: 'RX4-CR-1',
      trustOds: 'RX4',
      siteId: 'RX4-S1',
      name: 'Tyneside crisis house',
      kind: 'crisis-house',
      ageGroup: 'adult',
      commissionedCapacity: 6,
    },
    {
      id: 'RW4-CR-1',
      trustOds: 'RW4',
      siteId: 'RW4-S1',
      name: 'Liverpool home treatment team',
      kind: 'home-treatment-team',
      ageGroup: 'adult',
      commissionedCapacity: 25,
    },
  ],
};
const org = new OrgIndex(directory);
const ids = (wards: Ward[] | undefined) => wards?.map((w) => w.id).sort();

describe('OrgIndex.wardsIn', () => {
  it('covers one ward for a ward scope', () => {
    expect(ids(org.wardsIn({ kind: 'ward', id: 'RX4-W01' }))).toEqual(['RX4-W01']);
  });

  it("covers a trust's wards for a trust scope", () => {
    expect(ids(org.wardsIn({ kind: 'trust', id: 'RW4' }))).toEqual(['RW4-W01', 'RW4-W02', 'RW4-W03']);
    expect(ids(org.wardsIn({ kind: 'trust', id: 'RX4' }))).toEqual(['RX4-W01']);
  });

  it("covers a place-based collaborative's members whole", () => {
    expect(ids(org.wardsIn({ kind: 'collaborative', id: 'cheshire-merseyside' }))).toEqual(['RW4-W01', 'RW4-W02', 'RW4-W03']);
    expect(ids(org.wardsIn({ kind: 'collaborative', id: 'nenc' }))).toEqual(['RX4-W01']);
  });

  it("covers only the wards of a specialised collaborative's service lines", () => {
    // PROSPECT's lines for RW4 are low and medium secure: W02 and W03, not the acute W01.
    expect(ids(org.wardsIn({ kind: 'collaborative', id: 'prospect' }))).toEqual(['RW4-W02', 'RW4-W03']);
  });

  it("covers a region's trusts whole and a site's wards", () => {
    expect(ids(org.wardsIn({ kind: 'region', id: 'Y62' }))).toEqual(['RW4-W01', 'RW4-W02', 'RW4-W03']);
    expect(ids(org.wardsIn({ kind: 'region', id: 'Y63' }))).toEqual(['RX4-W01']);
    expect(ids(org.wardsIn({ kind: 'region', id: 'Y56' }))).toEqual([]);
    expect(ids(org.wardsIn({ kind: 'site', id: 'RW4-S2' }))).toEqual(['RW4-W02', 'RW4-W03']);
  });

  it('is undefined for scopes that name nothing known', () => {
    expect(org.wardsIn({ kind: 'ward', id: 'RX4-W99' })).toBeUndefined();
    expect(org.wardsIn({ kind: 'trust', id: 'RV5' })).toBeUndefined();
    expect(org.wardsIn({ kind: 'collaborative', id: 'south-london' })).toBeUndefined();
    expect(org.wardsIn({ kind: 'region', id: 'Y58' })).toBeUndefined();
    expect(org.wardsIn({ kind: 'site', id: 'RW4-S9' })).toBeUndefined();
  });
});

describe('OrgIndex.trustsIn', () => {
  it('names the trusts a scope covers whole (whose trust-level data it shows)', () => {
    expect(org.trustsIn({ kind: 'trust', id: 'RX4' })).toEqual(['RX4']);
    expect(org.trustsIn({ kind: 'collaborative', id: 'cheshire-merseyside' })).toEqual(['RW4']);
    expect(org.trustsIn({ kind: 'region', id: 'Y62' })).toEqual(['RW4']);
  });

  it('names none for a ward, a site or a specialised collaborative', () => {
    expect(org.trustsIn({ kind: 'ward', id: 'RW4-W02' })).toEqual([]);
    expect(org.trustsIn({ kind: 'site', id: 'RW4-S2' })).toEqual([]);
    expect(org.trustsIn({ kind: 'collaborative', id: 'prospect' })).toEqual([]);
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
    expect(org.nameOf({ kind: 'site', id: 'RW4-S2' })).toBe('Scott Clinic');
    expect(org.nameOf({ kind: 'trust', id: 'RW4' })).toBe('Mersey Care NHS Foundation Trust');
    expect(org.nameOf({ kind: 'collaborative', id: 'nenc' })).toBe('North East and North Cumbria');
    expect(org.nameOf({ kind: 'region', id: 'Y63' })).toBe('North East and Yorkshire');
  });

  it('is undefined for unknown scopes', () => {
    expect(org.nameOf({ kind: 'ward', id: 'nope' })).toBeUndefined();
    expect(org.nameOf({ kind: 'trust', id: 'RV5' })).toBeUndefined();
    expect(org.nameOf({ kind: 'collaborative', id: 'nope' })).toBeUndefined();
    expect(org.nameOf({ kind: 'region', id: 'Y58' })).toBeUndefined();
  });
});

describe('OrgIndex.scopesReachedBy', () => {
  it('reaches an acute ward, its site, trust, the place-based collaborative and the region, not PROSPECT', () => {
    expect(org.scopesReachedBy('RW4-W01')).toEqual([
      'ward:RW4-W01',
      'site:RW4-S1',
      'trust:RW4',
      'collaborative:cheshire-merseyside',
      'region:Y62',
    ]);
  });

  it('reaches PROSPECT from a secure ward', () => {
    expect(org.scopesReachedBy('RW4-W02')).toEqual([
      'ward:RW4-W02',
      'site:RW4-S2',
      'trust:RW4',
      'collaborative:cheshire-merseyside',
      'collaborative:prospect',
      'region:Y62',
    ]);
  });

  it('does not reach collaboratives or regions the trust is not in', () => {
    expect(org.scopesReachedBy('RX4-W01')).toEqual([
      'ward:RX4-W01',
      'site:RX4-S1',
      'trust:RX4',
      'collaborative:nenc',
      'region:Y63',
    ]);
  });

  it('reaches exactly the scopes whose wardsIn contains the ward', () => {
    const allScopes: Scope[] = [
      ...directory.wards.map((w) => ({ kind: 'ward' as const, id: w.id })),
      ...directory.sites.map((s) => ({ kind: 'site' as const, id: s.id })),
      ...directory.trusts.map((t) => ({ kind: 'trust' as const, id: t.ods })),
      ...directory.collaboratives.map((c) => ({ kind: 'collaborative' as const, id: c.id })),
      ...directory.regions.map((r) => ({ kind: 'region' as const, id: r.code })),
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

describe('OrgIndex.scopesReachedByRoute', () => {
  it('takes a trust-level change to the trust, collaboratives covering it whole and its region, not PROSPECT', () => {
    expect(org.scopesReachedByRoute('trust:RW4')).toEqual(['trust:RW4', 'collaborative:cheshire-merseyside', 'region:Y62']);
  });

  it('reaches exactly the scopes whose trustsIn contains the trust', () => {
    const wide: Scope[] = [
      ...directory.trusts.map((t) => ({ kind: 'trust' as const, id: t.ods })),
      ...directory.collaboratives.map((c) => ({ kind: 'collaborative' as const, id: c.id })),
      ...directory.regions.map((r) => ({ kind: 'region' as const, id: r.code })),
    ];
    for (const { ods } of directory.trusts) {
      const covering = wide.filter((scope) => org.trustsIn(scope)?.includes(ods)).map((scope) => `${scope.kind}:${scope.id}`);
      expect(new Set(org.scopesReachedByRoute(`trust:${ods}`))).toEqual(new Set(covering));
    }
  });

  it("keeps a region's, collaborative's or site's own change to that scope", () => {
    expect(org.scopesReachedByRoute('region:Y62')).toEqual(['region:Y62']);
    expect(org.scopesReachedByRoute('collaborative:prospect')).toEqual(['collaborative:prospect']);
    expect(org.scopesReachedByRoute('site:RW4-S2')).toEqual(['site:RW4-S2']);
  });

  it('reaches a ward change as scopesReachedBy, and nothing for unknown or malformed routes', () => {
    expect(org.scopesReachedByRoute('ward:RW4-W03')).toEqual(org.scopesReachedBy('RW4-W03'));
    expect(org.scopesReachedByRoute('region:Y58')).toEqual([]);
    expect(org.scopesReachedByRoute('trust:XXX')).toEqual([]);
    expect(org.scopesReachedByRoute('nonsense')).toEqual([]);
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

  it('covers the suites of the trusts a collaborative or region covers whole', () => {
    expect(suiteIds({ kind: 'collaborative', id: 'nenc' })).toEqual(['RX4-136-1', 'RX4-136-2']);
    expect(suiteIds({ kind: 'region', id: 'Y62' })).toEqual(['RW4-136-1']);
    // Suites are a trust's return: PROSPECT covers only RW4's secure wards.
    expect(suiteIds({ kind: 'collaborative', id: 'prospect' })).toEqual([]);
  });

  it('has none for a ward or site and nothing for an unknown scope', () => {
    expect(suiteIds({ kind: 'ward', id: 'RX4-W01' })).toEqual([]);
    expect(suiteIds({ kind: 'site', id: 'RX4-S1' })).toEqual([]);
    expect(org.s136SuitesIn({ kind: 'trust', id: 'XXX' })).toBeUndefined();
    expect(org.s136SuitesIn({ kind: 'ward', id: 'RX4-W99' })).toBeUndefined();
  });

  it('finds a suite by id', () => {
    expect(org.s136SuitesById.get('RX4-136-2')?.ageGroup).toBe('cyp');
  });
});

describe('OrgIndex.crisisServicesIn', () => {
  const serviceIds = (scope: Parameters<OrgIndex['crisisServicesIn']>[0]) => org.crisisServicesIn(scope)?.map((s) => s.id);

  it('covers the services of the trusts a scope covers whole, none for a ward, a site or a specialised collaborative', () => {
    expect(serviceIds({ kind: 'trust', id: 'RX4' })).toEqual(['RX4-CR-1']);
    expect(serviceIds({ kind: 'region', id: 'Y62' })).toEqual(['RW4-CR-1']);
    expect(serviceIds({ kind: 'collaborative', id: 'prospect' })).toEqual([]);
    expect(serviceIds({ kind: 'site', id: 'RX4-S1' })).toEqual([]);
    expect(org.crisisServicesIn({ kind: 'trust', id: 'XXX' })).toBeUndefined();
    expect(org.crisisServicesById.get('RW4-CR-1')?.kind).toBe('home-treatment-team');
  });
});

describe("a reader's directory without a ward's trust", () => {
  it('still places the ward in its collaborative', () => {
    const partial = new OrgIndex({ ...directory, trusts: directory.trusts.filter((t) => t.ods !== 'RW4') });
    expect(ids(partial.wardsIn({ kind: 'collaborative', id: 'prospect' }))).toEqual(['RW4-W02', 'RW4-W03']);
    expect(partial.trustsIn({ kind: 'collaborative', id: 'prospect' })).toEqual([]);
  });
});
