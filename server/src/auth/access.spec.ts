import { OrgIndex, type Grant, type OrgDirectory, type Ward } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { bearerToken, mayAccessTrusts, mayDo, mayOnWard, mayReadScope, type AccessPolicy, type Principal } from './access.js';
import type { ApiKeyRecord, KeyAbility } from './api-keys.js';

const DEMO: AccessPolicy = { anonymousRead: true };
const PRODUCTION: AccessPolicy = { anonymousRead: false };
const ANONYMOUS: Principal = { kind: 'anonymous' };

function apiKey(trusts: string[], can: KeyAbility[]): Principal {
  const key: ApiKeyRecord = {
    id: 'key_0123456789ab',
    name: 'test key',
    keyPrefix: 'wpk_abcd',
    trusts,
    can,
    createdAt: '2026-11-25T10:00:00.000Z',
    lastUsedAt: null,
    revokedAt: null,
  };
  return { kind: 'api-key', key };
}

function ward(id: string, trustOds: string): Ward {
  return { id, trustOds, siteId: `${trustOds}-S1`, name: id, type: 'picu', sex: 'male', commissionedBeds: 10 };
}

/** North East and North Cumbria holds RX3 and RX4 (domain.md). */
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
    { id: 'RX3-S1', trustOds: 'RX3', name: 'Roseberry Park' },
    { id: 'RX4-S1', trustOds: 'RX4', name: 'St Nicholas Hospital' },
  ],
  wards: [ward('RX3-W01', 'RX3'), ward('RX4-W01', 'RX4')],
  s136Suites: [],
  crisisServices: [],
};
const org = new OrgIndex(directory);

describe('mayDo', () => {
  it('lets anonymous readers read only when the policy allows it (demo mode)', () => {
    expect(mayDo(ANONYMOUS, 'read', org, DEMO).allowed).toBe(true);
    expect(mayDo(ANONYMOUS, 'read', org, PRODUCTION).allowed).toBe(false);
  });

  it('never lets anonymous callers ingest', () => {
    expect(mayDo(ANONYMOUS, 'ingest', org, DEMO).allowed).toBe(false);
    expect(mayDo(ANONYMOUS, 'ingest', org, PRODUCTION).allowed).toBe(false);
  });

  it('allows a key exactly the abilities it was given, whatever the policy', () => {
    for (const policy of [DEMO, PRODUCTION]) {
      const ingestOnly = apiKey(['RX4'], ['ingest']);
      expect(mayDo(ingestOnly, 'ingest', org, policy).allowed).toBe(true);
      expect(mayDo(ingestOnly, 'read', org, policy).allowed).toBe(false);
      const readOnly = apiKey(['RX4'], ['read']);
      expect(mayDo(readOnly, 'read', org, policy).allowed).toBe(true);
      expect(mayDo(readOnly, 'ingest', org, policy).allowed).toBe(false);
      const both = apiKey(['RX4'], ['ingest', 'read']);
      expect(mayDo(both, 'read', org, policy).allowed).toBe(true);
      expect(mayDo(both, 'ingest', org, policy).allowed).toBe(true);
    }
  });

  it('gives a reason when it refuses', () => {
    const refusal = mayDo(apiKey(['RX4'], ['ingest']), 'read', org, DEMO);
    expect(refusal.allowed).toBe(false);
    if (!refusal.allowed) expect(refusal.reason).toMatch(/read/);
  });
});

describe('mayAccessTrusts', () => {
  it('requires the key to be scoped to every trust asked for', () => {
    const key = apiKey(['RX4'], ['read']);
    expect(mayAccessTrusts(key, 'read', ['RX4'], org, PRODUCTION).allowed).toBe(true);
    const refusal = mayAccessTrusts(key, 'read', ['RX3', 'RX4'], org, PRODUCTION);
    expect(refusal.allowed).toBe(false);
    if (!refusal.allowed) {
      expect(refusal.reason).toContain('RX3');
      expect(refusal.reason).not.toContain('RX4');
    }
  });

  it('checks the ability before the trusts', () => {
    expect(mayAccessTrusts(apiKey(['RX4'], ['ingest']), 'read', ['RX4'], org, DEMO).allowed).toBe(false);
    expect(mayAccessTrusts(apiKey(['RX4'], ['ingest']), 'ingest', ['RX4'], org, DEMO).allowed).toBe(true);
    expect(mayAccessTrusts(apiKey(['RX4'], ['ingest']), 'ingest', ['RX3'], org, DEMO).allowed).toBe(false);
  });

  it('lets anonymous demo readers read any trust, and nothing else', () => {
    expect(mayAccessTrusts(ANONYMOUS, 'read', ['RX3', 'RX4'], org, DEMO).allowed).toBe(true);
    expect(mayAccessTrusts(ANONYMOUS, 'read', ['RX3'], org, PRODUCTION).allowed).toBe(false);
    expect(mayAccessTrusts(ANONYMOUS, 'ingest', ['RX3'], org, DEMO).allowed).toBe(false);
  });
});

describe('mayReadScope', () => {
  it('lets a key scoped to RX4 read RX4 and its wards', () => {
    const key = apiKey(['RX4'], ['read']);
    expect(mayReadScope(key, { kind: 'trust', id: 'RX4' }, org, PRODUCTION).allowed).toBe(true);
    expect(mayReadScope(key, { kind: 'ward', id: 'RX4-W01' }, org, PRODUCTION).allowed).toBe(true);
  });

  it('does not let a key scoped to RX4 read RX3, its wards, or a collaborative that also holds RX3', () => {
    const key = apiKey(['RX4'], ['read']);
    expect(mayReadScope(key, { kind: 'trust', id: 'RX3' }, org, PRODUCTION).allowed).toBe(false);
    expect(mayReadScope(key, { kind: 'ward', id: 'RX3-W01' }, org, PRODUCTION).allowed).toBe(false);
    expect(mayReadScope(key, { kind: 'collaborative', id: 'nenc' }, org, PRODUCTION).allowed).toBe(false);
    // Even in demo mode: a key's scope is not widened by the anonymous policy.
    expect(mayReadScope(key, { kind: 'collaborative', id: 'nenc' }, org, DEMO).allowed).toBe(false);
  });

  it('lets a key scoped to both trusts read the collaborative', () => {
    expect(mayReadScope(apiKey(['RX3', 'RX4'], ['read']), { kind: 'collaborative', id: 'nenc' }, org, PRODUCTION).allowed).toBe(
      true,
    );
  });

  it('does not let an ingest-only key read, even its own trust', () => {
    expect(mayReadScope(apiKey(['RX4'], ['ingest']), { kind: 'trust', id: 'RX4' }, org, DEMO).allowed).toBe(false);
  });

  it('lets anonymous readers read only in demo mode', () => {
    expect(mayReadScope(ANONYMOUS, { kind: 'collaborative', id: 'nenc' }, org, DEMO).allowed).toBe(true);
    expect(mayReadScope(ANONYMOUS, { kind: 'collaborative', id: 'nenc' }, org, PRODUCTION).allowed).toBe(false);
  });

  it('refuses unknown scopes, even to readers who could read everything', () => {
    for (const principal of [ANONYMOUS, apiKey(['RX3', 'RX4'], ['read'])]) {
      for (const scope of [
        { kind: 'trust', id: 'RV5' },
        { kind: 'ward', id: 'RX4-W99' },
        { kind: 'collaborative', id: 'south-london' },
      ] as const) {
        const decision = mayReadScope(principal, scope, org, DEMO);
        expect(decision).toEqual({ allowed: false, reason: 'unknown scope' });
      }
    }
  });
});

describe('bearerToken', () => {
  it('reads `Authorization: Bearer <key>`', () => {
    expect(bearerToken('Bearer wpk_abc')).toBe('wpk_abc');
  });

  it('treats the scheme name case-insensitively (RFC 7235) and tolerates extra spaces', () => {
    expect(bearerToken('bearer wpk_abc')).toBe('wpk_abc');
    expect(bearerToken('BEARER   wpk_abc  ')).toBe('wpk_abc');
  });

  it('is undefined when there is no bearer token', () => {
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'wpk_abc', 'Bearer a b', 'xBearer wpk_abc']) {
      expect(bearerToken(header), JSON.stringify(header)).toBeUndefined();
    }
  });
});

/**
 * PROSPECT (specialised, adult low and medium secure) holds RW4's Scott Clinic secure wards; RW4's
 * acute ward is on another site. RX3 and RX4 are in region Y63 (North East and Yorkshire), RW4 in Y62.
 */
function typedWard(id: string, trustOds: string, siteId: string, type: Ward['type']): Ward {
  return { id, trustOds, siteId, name: id, type, sex: 'male', commissionedBeds: 10 };
}
const secure: OrgDirectory = {
  regions: [
    { code: 'Y62', name: 'North West' },
    { code: 'Y63', name: 'North East and Yorkshire' },
  ],
  collaboratives: [
    ...directory.collaboratives,
    {
      id: 'prospect',
      name: 'PROSPECT',
      kind: 'specialised',
      regionCode: 'Y62',
      trustOds: ['RW4'],
      serviceLines: { RW4: ['adult-secure-low', 'adult-secure-medium'] },
    },
  ],
  trusts: [
    { ods: 'RX3', name: 'Tees, Esk and Wear Valleys NHS Foundation Trust', regionCode: 'Y63' },
    { ods: 'RX4', name: 'Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust', regionCode: 'Y63' },
    { ods: 'RW4', name: 'Mersey Care NHS Foundation Trust', regionCode: 'Y62' },
  ],
  sites: [
    ...directory.sites,
    { id: 'RW4-S1', trustOds: 'RW4', name: 'Mossley Hill Hospital' },
    { id: 'RW4-S2', trustOds: 'RW4', name: 'Scott Clinic' },
    { id: 'RW4-S3', trustOds: 'RW4', name: 'Hesketh Centre' },
  ],
  wards: [
    ...directory.wards,
    typedWard('RW4-ACUTE', 'RW4', 'RW4-S1', 'adult-acute'),
    typedWard('RW4-LOW', 'RW4', 'RW4-S2', 'adult-secure-low'),
    typedWard('RW4-MED', 'RW4', 'RW4-S2', 'adult-secure-medium'),
    typedWard('RW4-MIXED-LOW', 'RW4', 'RW4-S3', 'adult-secure-low'),
    typedWard('RW4-MIXED-ACUTE', 'RW4', 'RW4-S3', 'adult-acute'),
  ],
  s136Suites: [],
  crisisServices: [],
};
const secureOrg = new OrgIndex(secure);
const person = (grants: Grant[]): Principal => ({
  kind: 'user',
  user: {
    id: 'u1',
    email: 'lead@example.nhs.uk',
    name: 'Lead',
    grants,
    hasPassword: true,
    createdAt: '2026-12-01T00:00:00.000Z',
    disabledAt: null,
    lastSignInAt: null,
  },
  sessionId: 's1',
  csrfToken: 'c1',
});
const wardOf = (id: string) => secureOrg.wardsById.get(id)!;

describe("a specialised collaborative's grant", () => {
  const lead = person([{ role: 'executive', scope: { kind: 'collaborative', id: 'prospect' } }]);

  it('reads the collaborative and its service lines’ wards', () => {
    expect(mayReadScope(lead, { kind: 'collaborative', id: 'prospect' }, secureOrg, PRODUCTION).allowed).toBe(true);
    expect(mayReadScope(lead, { kind: 'ward', id: 'RW4-LOW' }, secureOrg, PRODUCTION).allowed).toBe(true);
    expect(mayOnWard(lead, 'read', wardOf('RW4-MED'), secureOrg, PRODUCTION).allowed).toBe(true);
  });

  it('does not read the member trust, its other wards or its trust-level data', () => {
    expect(mayReadScope(lead, { kind: 'trust', id: 'RW4' }, secureOrg, PRODUCTION).allowed).toBe(false);
    expect(mayReadScope(lead, { kind: 'ward', id: 'RW4-ACUTE' }, secureOrg, PRODUCTION).allowed).toBe(false);
    // Placements, waiting lists, video, trust figures and sitreps are checked as the trust whole.
    const trustLevel = mayAccessTrusts(lead, 'read', ['RW4'], secureOrg, PRODUCTION);
    expect(trustLevel.allowed).toBe(false);
    if (!trustLevel.allowed) expect(trustLevel.reason).toBe('you may not read for RW4');
    expect(mayReadScope(lead, { kind: 'region', id: 'Y62' }, secureOrg, PRODUCTION).allowed).toBe(false);
  });

  it('reads a site only when it covers every ward of the site', () => {
    // Scott Clinic holds only secure wards; the Hesketh Centre a secure and an acute ward.
    expect(mayReadScope(lead, { kind: 'site', id: 'RW4-S2' }, secureOrg, PRODUCTION).allowed).toBe(true);
    const mixed = mayReadScope(lead, { kind: 'site', id: 'RW4-S3' }, secureOrg, PRODUCTION);
    expect(mixed).toEqual({ allowed: false, reason: 'you may not read for ward RW4-MIXED-ACUTE' });
  });

  it('updates only its service lines’ wards (update-wards is ward-level)', () => {
    const bedManager = person([{ role: 'bed-manager', scope: { kind: 'collaborative', id: 'prospect' } }]);
    expect(mayOnWard(bedManager, 'update-wards', wardOf('RW4-LOW'), secureOrg, PRODUCTION).allowed).toBe(true);
    expect(mayOnWard(bedManager, 'update-wards', wardOf('RW4-ACUTE'), secureOrg, PRODUCTION).allowed).toBe(false);
  });
});

describe('a region grant', () => {
  const regional = person([{ role: 'viewer', scope: { kind: 'region', id: 'Y63' } }]);

  it("covers the region's trusts whole, and their collaboratives", () => {
    expect(mayReadScope(regional, { kind: 'region', id: 'Y63' }, secureOrg, PRODUCTION).allowed).toBe(true);
    expect(mayAccessTrusts(regional, 'read', ['RX3', 'RX4'], secureOrg, PRODUCTION).allowed).toBe(true);
    expect(mayReadScope(regional, { kind: 'collaborative', id: 'nenc' }, secureOrg, PRODUCTION).allowed).toBe(true);
    expect(mayReadScope(regional, { kind: 'site', id: 'RX3-S1' }, secureOrg, PRODUCTION).allowed).toBe(true);
  });

  it('covers no trust of another region', () => {
    expect(mayReadScope(regional, { kind: 'trust', id: 'RW4' }, secureOrg, PRODUCTION).allowed).toBe(false);
    expect(mayReadScope(regional, { kind: 'collaborative', id: 'prospect' }, secureOrg, PRODUCTION).allowed).toBe(false);
  });
});

describe("a display token's boards", () => {
  const display = (scope: string): Principal => ({
    kind: 'display-token',
    token: {
      id: 'dt1',
      name: 'Wall',
      tokenPrefix: 'wpd_abcd',
      scope,
      playlist: null,
      createdAt: '2026-12-01T00:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    },
  });

  it('read what those boards show: a specialised collaborative shows its wards, not the trust', () => {
    const wall = display('collaborative:prospect');
    expect(mayReadScope(wall, { kind: 'collaborative', id: 'prospect' }, secureOrg, PRODUCTION).allowed).toBe(true);
    expect(mayReadScope(wall, { kind: 'ward', id: 'RW4-LOW' }, secureOrg, PRODUCTION).allowed).toBe(true);
    expect(mayReadScope(wall, { kind: 'trust', id: 'RW4' }, secureOrg, PRODUCTION).allowed).toBe(false);
    expect(mayReadScope(wall, { kind: 'ward', id: 'RW4-ACUTE' }, secureOrg, PRODUCTION).allowed).toBe(false);
  });

  it("read a region board's trusts", () => {
    const wall = display('region:Y63');
    expect(mayReadScope(wall, { kind: 'trust', id: 'RX3' }, secureOrg, PRODUCTION).allowed).toBe(true);
    expect(mayReadScope(wall, { kind: 'trust', id: 'RW4' }, secureOrg, PRODUCTION).allowed).toBe(false);
  });
});

describe('an API key', () => {
  it('reads region and site scopes of its trusts only', () => {
    const key = apiKey(['RX3', 'RX4'], ['read']);
    expect(mayReadScope(key, { kind: 'region', id: 'Y63' }, secureOrg, PRODUCTION).allowed).toBe(true);
    expect(mayReadScope(key, { kind: 'site', id: 'RX4-S1' }, secureOrg, PRODUCTION).allowed).toBe(true);
    expect(mayReadScope(key, { kind: 'region', id: 'Y62' }, secureOrg, PRODUCTION).allowed).toBe(false);
  });
});
