import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScope, parseScope, scopeTextSchema, type Scope } from './scope.js';

const scopeArb: fc.Arbitrary<Scope> = fc.oneof(
  fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/).map((id) => ({ kind: 'collaborative' as const, id })),
  fc.stringMatching(/^[A-Z0-9]{3}$/).map((id) => ({ kind: 'trust' as const, id })),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).map((id) => ({ kind: 'ward' as const, id })),
  fc.stringMatching(/^Y[0-9]{2}$/).map((id) => ({ kind: 'region' as const, id })),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).map((id) => ({ kind: 'site' as const, id })),
);

function rejection(text: unknown): string {
  const parsed = parseScope(text);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
  return parsed.message;
}

describe('parseScope and formatScope', () => {
  it('read and write the five kinds of scope (`region:<code>`, `collaborative:<id>`, `trust:<ods>`, `site:<id>`, `ward:<id>`)', () => {
    expect(parseScope('region:Y63')).toEqual({ ok: true, scope: { kind: 'region', id: 'Y63' } });
    expect(parseScope('site:RX4-S1')).toEqual({ ok: true, scope: { kind: 'site', id: 'RX4-S1' } });
    expect(parseScope('trust:RX4')).toEqual({ ok: true, scope: { kind: 'trust', id: 'RX4' } });
    expect(parseScope('collaborative:nenc')).toEqual({ ok: true, scope: { kind: 'collaborative', id: 'nenc' } });
    expect(parseScope('ward:RX4-W12')).toEqual({ ok: true, scope: { kind: 'ward', id: 'RX4-W12' } });
    expect(formatScope({ kind: 'trust', id: 'R1L' })).toBe('trust:R1L');
  });

  it('round-trip every valid scope', () => {
    fc.assert(
      fc.property(scopeArb, (scope) => {
        expect(parseScope(formatScope(scope))).toEqual({ ok: true, scope });
      }),
    );
  });

  it('round-trip every text they accept', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), scopeArb.map(formatScope)), (text) => {
        const parsed = parseScope(text);
        if (parsed.ok) expect(formatScope(parsed.scope)).toBe(text);
      }),
    );
  });
});

describe('parseScope rejections', () => {
  it('rejects what is not a string', () => {
    for (const value of [undefined, null, 42, { kind: 'trust', id: 'RX4' }, ['trust:RX4']]) {
      expect(rejection(value)).toMatch(/must be a string/);
    }
  });

  it('rejects unknown kinds and text without a kind', () => {
    for (const text of ['regions:Y63', 'Trust:RX4', 'RX4', '', ':RX4', 'trusts:RX4']) {
      expect(rejection(text), text).toMatch(/must start with region:, collaborative:, trust:, site: or ward:/);
    }
  });

  it('rejects bad region codes and site ids, naming the kind', () => {
    for (const text of ['region:', 'region:north', 'region:y63', 'region:Y6', 'region:Y633', 'region:RX4']) {
      expect(rejection(text), text).toMatch(/^region id must be an NHS England region code/);
    }
    for (const text of ['site:', 'site:-S1', 'site:RX4 S1']) expect(rejection(text), text).toMatch(/^site id /);
  });

  it('rejects bad ODS codes, naming the kind', () => {
    for (const text of ['trust:', 'trust:rx4', 'trust:RX', 'trust:RX44', 'trust:RX 4', 'trust:RX4:W1']) {
      expect(rejection(text), text).toMatch(/^trust id .*ODS code/);
    }
  });

  it('rejects bad ward ids, naming the kind', () => {
    for (const text of ['ward:', 'ward:-W1', 'ward:RX4 W1', 'ward:RX4/W1', `ward:${'W'.repeat(65)}`]) {
      expect(rejection(text), text).toMatch(/^ward id /);
    }
    expect(parseScope(`ward:${'W'.repeat(64)}`).ok).toBe(true);
  });

  it('rejects bad collaborative ids, naming the kind', () => {
    for (const text of ['collaborative:', 'collaborative:NENC', 'collaborative:-nenc', 'collaborative:south_london']) {
      expect(rejection(text), text).toMatch(/^collaborative id /);
    }
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const parsed = parseScope(value);
        if (!parsed.ok) expect(parsed.message).not.toBe('');
      }),
    );
  });
});

describe('scopeTextSchema', () => {
  it('accepts scope text and rejects the rest with the parser’s reason', () => {
    expect(scopeTextSchema.safeParse('trust:RX4').success).toBe(true);
    const result = scopeTextSchema.safeParse('trust:rx4');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(rejection('trust:rx4'));
  });
});
