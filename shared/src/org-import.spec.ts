import { describe, expect, it } from 'vitest';
import { diffOrgImport, orgImportChanges, readOrgImportJson, validateOrgImport, type OrgImportFile } from './org-import.js';
import type { OrgDirectory } from './org.js';

/** What the database holds before the import: one trust with a site, a ward and a suite. */
const current: OrgDirectory = {
  regions: [{ code: 'Y63', name: 'North East and Yorkshire' }],
  collaboratives: [{ id: 'nenc', name: 'NENC', kind: 'place-based', regionCode: 'Y63', trustOds: ['RX4'], serviceLines: {} }],
  trusts: [{ ods: 'RX4', name: 'CNTW', icbOds: 'QHM', regionCode: 'Y63' }],
  sites: [{ id: 'RX4-S1', trustOds: 'RX4', name: 'St Nicholas' }],
  wards: [
    {
      id: 'RX4-W01',
      trustOds: 'RX4',
      siteId: 'RX4-S1',
      name: 'Aldervale',
      type: 'adult-acute',
      sex: 'male',
      commissionedBeds: 20,
    },
  ],
  s136Suites: [{ id: 'RX4-136-1', trustOds: 'RX4', siteId: 'RX4-S1', name: 'Suite', ageGroup: 'adult', commissioned: true }],
  crisisServices: [],
};

const base = (): OrgImportFile & Required<Pick<OrgImportFile, 'trusts' | 'sites' | 'wards' | 'collaboratives'>> => ({
  trusts: [{ ods: 'rx2 ', name: 'Sussex', regionCode: 'y59' }],
  collaboratives: [
    { id: 'se-secure', name: 'SE secure', kind: 'specialised', members: [{ trust: 'RX2', wardTypes: ['adult-secure-low'] }] },
  ],
  sites: [{ id: 'RX2-S1', trust: 'RX2', name: 'Mill View' }],
  wards: [
    { id: 'RX2-W01', trust: 'RX2', site: 'RX2-S1', name: 'Regency', type: 'adult-secure-low', sex: 'male', commissionedBeds: 15 },
  ],
});

function check(file: unknown) {
  const read = readOrgImportJson(file);
  const validated = validateOrgImport(read.entries, current);
  return { read: read.problems, validated };
}

const problemsOf = (file: unknown) => {
  const { read, validated } = check(file);
  return [...read, ...(validated.ok ? [] : validated.problems)].map(({ path, message }) => ({ path, message }));
};

describe('organisation import: JSON and validation', () => {
  it('reads a good file into the directory it describes, ODS and region codes normalised', () => {
    const { read, validated } = check(base());
    expect(read).toEqual([]);
    expect(validated).toEqual({
      ok: true,
      file: {
        regions: [],
        trusts: [{ ods: 'RX2', name: 'Sussex', regionCode: 'Y59' }],
        collaboratives: [
          {
            id: 'se-secure',
            name: 'SE secure',
            kind: 'specialised',
            trustOds: ['RX2'],
            serviceLines: { RX2: ['adult-secure-low'] },
          },
        ],
        sites: [{ id: 'RX2-S1', trustOds: 'RX2', name: 'Mill View' }],
        wards: [
          {
            id: 'RX2-W01',
            trustOds: 'RX2',
            siteId: 'RX2-S1',
            name: 'Regency',
            type: 'adult-secure-low',
            sex: 'male',
            commissionedBeds: 15,
          },
        ],
        s136Suites: [],
        crisisServices: [],
      },
    });
  });

  it('refuses what is not an object of known lists', () => {
    expect(problemsOf([])).toEqual([{ path: '(file)', message: expect.stringContaining('JSON object') }]);
    expect(problemsOf({ wards: {}, people: [] })).toEqual([
      { path: 'wards', message: 'must be a list' },
      { path: 'people', message: 'is not a recognised list' },
    ]);
  });

  it('names every bad field of every entry by its JSON path', () => {
    const file = base();
    file.wards.push(
      {
        id: 'RX2-W02',
        trust: 'RX2',
        site: 'RX2-S1',
        name: 'A',
        type: 'ward-of-dreams' as never,
        sex: 'male',
        commissionedBeds: -1,
      },
      {
        id: 'RX2-W03',
        trust: 'RX2',
        site: 'RX2-S1',
        name: 'B',
        type: 'picu',
        sex: 'male',
        commissionedBeds: 2.5,
        colour: 'red',
      } as never,
    );
    file.trusts.push({ ods: 'TOOLONG', name: 'x' } as never);
    expect(problemsOf(file)).toEqual([
      { path: 'trusts[1].ods', message: 'must be a three-character ODS code such as RX4' },
      { path: 'trusts[1].regionCode', message: 'is required' },
      { path: 'wards[1].type', message: expect.stringContaining('adult-acute') },
      { path: 'wards[1].commissionedBeds', message: 'must not be negative' },
      { path: 'wards[2].commissionedBeds', message: 'must be a whole number' },
      { path: 'wards[2].colour', message: 'is not a recognised field' },
    ]);
  });

  it('needs unique ids, known regions, trusts and sites, and the site of the ward its trust', () => {
    const file = base();
    file.regions = [{ code: 'Y99', name: 'Atlantis' }];
    file.trusts.push({ ods: 'RX2', name: 'again', regionCode: 'Y64' });
    file.sites.push({ id: 'RX5-S1', trust: 'RX5', name: 'nowhere' });
    file.wards.push(
      { id: 'RX2-W01', trust: 'RX2', site: 'RX2-S1', name: 'twin', type: 'picu', sex: 'male', commissionedBeds: 1 },
      { id: 'RX2-W09', trust: 'RX2', site: 'RX2-S9', name: 'lost', type: 'picu', sex: 'male', commissionedBeds: 1 },
      { id: 'RX2-W10', trust: 'RX2', site: 'RX4-S1', name: 'astray', type: 'picu', sex: 'male', commissionedBeds: 1 },
    );
    expect(problemsOf(file)).toEqual([
      { path: 'regions[0].code', message: expect.stringContaining('not an NHS England region') },
      { path: 'trusts[1].ods', message: 'trust "RX2" is also at trusts[0]' },
      { path: 'trusts[1].regionCode', message: expect.stringContaining('unknown region "Y64"') },
      { path: 'sites[1].trust', message: 'unknown trust "RX5"' },
      { path: 'wards[1].id', message: 'ward "RX2-W01" is also at wards[0]' },
      { path: 'wards[2].site', message: 'unknown site "RX2-S9"' },
      { path: 'wards[3].site', message: 'site "RX4-S1" belongs to RX4, not RX2' },
    ]);
  });

  it('a specialised collaborative names ward types at every member, a place-based one at none; members are known trusts', () => {
    const file = base();
    file.collaboratives = [
      { id: 'spec', name: 'S', kind: 'specialised', members: [{ trust: 'RX2' }, { trust: 'RX4', wardTypes: ['camhs'] }] },
      { id: 'place', name: 'P', kind: 'place-based', members: [{ trust: 'RX2', wardTypes: ['camhs'] }, { trust: 'ZZZ' }] },
    ];
    expect(problemsOf(file)).toEqual([
      { path: 'collaboratives[0].members[0].wardTypes', message: expect.stringContaining('specialised') },
      { path: 'collaboratives[1].members[0].wardTypes', message: expect.stringContaining('place-based') },
      { path: 'collaboratives[1].members[1].trust', message: 'unknown trust "ZZZ"' },
    ]);
  });

  it('never moves a ward, suite or site to another trust (facts refer to them)', () => {
    const file = base();
    file.sites.push({ id: 'RX4-S1', trust: 'RX2', name: 'taken' });
    file.wards.push({
      id: 'RX4-W01',
      trust: 'RX2',
      site: 'RX2-S1',
      name: 'moved',
      type: 'picu',
      sex: 'male',
      commissionedBeds: 1,
    });
    file.s136Suites = [{ id: 'RX4-136-1', trust: 'RX2', site: 'RX2-S1', name: 'moved', ageGroup: 'adult', commissioned: true }];
    expect(problemsOf(file).map((p) => p.path)).toEqual(['sites[1].trust', 'wards[1].trust', 's136Suites[0].trust']);
  });
});

describe('organisation import: diff', () => {
  it('lists added, changed (field: before → after) and not-in-file; counts unchanged; applies only what changes', () => {
    const file: OrgImportFile = {
      trusts: [{ ods: 'RX4', name: 'CNTW', icbOds: 'QHM', regionCode: 'Y63' }],
      sites: [
        { id: 'RX4-S1', trust: 'RX4', name: 'St Nicholas' },
        { id: 'RX4-S2', trust: 'RX4', name: 'Hopewood' },
      ],
      wards: [
        {
          id: 'RX4-W01',
          trust: 'RX4',
          site: 'RX4-S2',
          name: 'Aldervale',
          type: 'adult-acute',
          sex: 'mixed',
          commissionedBeds: 22,
        },
      ],
    };
    const validated = validateOrgImport(readOrgImportJson(file).entries, current);
    if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
    const diff = diffOrgImport(current, validated.file);
    expect(diff.totals).toEqual({ added: 1, changed: 1, unchanged: 2, notInFile: 2 });
    expect(diff.counts.ward).toEqual({ added: 0, changed: 1, unchanged: 0, notInFile: 0 });
    expect(diff.entities).toEqual([
      { kind: 'collaborative', id: 'nenc', name: 'NENC', status: 'not-in-file', changes: [] },
      { kind: 'site', id: 'RX4-S2', name: 'Hopewood', status: 'added', changes: [] },
      {
        kind: 'ward',
        id: 'RX4-W01',
        name: 'Aldervale',
        status: 'changed',
        changes: [
          { field: 'site', before: 'RX4-S1', after: 'RX4-S2' },
          { field: 'sex', before: 'male', after: 'mixed' },
          { field: 'commissionedBeds', before: '20', after: '22' },
        ],
      },
      { kind: 's136-suite', id: 'RX4-136-1', name: 'Suite', status: 'not-in-file', changes: [] },
    ]);
    const changes = orgImportChanges(validated.file, diff);
    expect(changes.trusts).toEqual([]);
    expect(changes.sites.map((site) => site.id)).toEqual(['RX4-S2']);
    expect(changes.wards.map((ward) => ward.id)).toEqual(['RX4-W01']);
  });

  it('a membership change is one field of the collaborative', () => {
    const file: OrgImportFile = {
      trusts: [{ ods: 'RX3', name: 'TEWV', regionCode: 'Y63' }],
      collaboratives: [
        { id: 'nenc', name: 'NENC', kind: 'place-based', regionCode: 'Y63', members: [{ trust: 'RX4' }, { trust: 'RX3' }] },
      ],
    };
    const validated = validateOrgImport(readOrgImportJson(file).entries, current);
    if (!validated.ok) throw new Error('invalid');
    const nenc = diffOrgImport(current, validated.file).entities.find((entity) => entity.id === 'nenc');
    expect(nenc?.changes).toEqual([{ field: 'members', before: 'RX4', after: 'RX3; RX4' }]);
  });
});
