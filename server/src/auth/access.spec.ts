import { OrgIndex, type OrgDirectory, type Ward } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { bearerToken, mayAccessTrusts, mayDo, mayReadScope, type AccessPolicy, type Principal } from './access.js';
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
