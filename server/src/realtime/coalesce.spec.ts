import type { ChangeEntry } from '@wardpulse/jobs';
import type { LiveChange } from '@wardpulse/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coalesceDeltas } from './coalesce.js';

/** A made-up org: a ward reaches itself, its trust and the collaborative; a trust route reaches the trust and collaborative. */
const scopesOf = (entry: ChangeEntry): string[] => {
  const [kind, id] = entry.route.split(':') as [string, string];
  if (kind === 'ward') return [entry.route, `trust:${id.slice(0, 3)}`, 'collaborative:nenc'];
  if (kind === 'trust') return [entry.route, 'collaborative:nenc'];
  return [entry.route];
};
const seq = (streamId: string) => `e1.${streamId}`;

const change = (n: number): LiveChange => ({
  kind: 'escalation',
  escalation: { scope: `trust:R${n}`, level: 1, previousLevel: null, indicators: [], changedAt: '', assessedAt: '' },
});
const entry = (n: number, route: string): ChangeEntry => ({ id: `1764064800000-${n}`, route, change: change(n) });

describe('coalesceDeltas', () => {
  it('puts a read’s changes for a scope in one delta, in order, with the last one’s seq', () => {
    const entries = [entry(1, 'ward:RX4-W01'), entry(2, 'ward:RX3-W01'), entry(3, 'trust:RX4'), entry(4, 'ward:RX4-W02')];
    const deltas = coalesceDeltas(entries, { scopesOf, seq });
    expect(deltas.get('trust:RX4')).toEqual({
      scope: 'trust:RX4',
      seq: 'e1.1764064800000-4',
      changes: [change(1), change(3), change(4)],
    });
    expect(deltas.get('trust:RX3')).toEqual({ scope: 'trust:RX3', seq: 'e1.1764064800000-2', changes: [change(2)] });
    expect(deltas.get('collaborative:nenc')?.changes).toEqual([change(1), change(2), change(3), change(4)]);
    expect(deltas.get('ward:RX4-W02')?.seq).toBe('e1.1764064800000-4');
  });

  it('builds nothing for scopes nobody wants', () => {
    const deltas = coalesceDeltas([entry(1, 'ward:RX4-W01')], { scopesOf, seq, wanted: (scope) => scope === 'trust:RX4' });
    expect([...deltas.keys()]).toEqual(['trust:RX4']);
    expect(coalesceDeltas([], { scopesOf, seq }).size).toBe(0);
  });

  it('loses, repeats and reorders nothing: each scope’s delta is the stream filtered to that scope', () => {
    const route = fc.constantFrom('ward:RX4-W01', 'ward:RX4-W02', 'ward:RX3-W01', 'trust:RX4', 'trust:RX3', 'collaborative:nenc');
    fc.assert(
      fc.property(fc.array(route, { maxLength: 60 }), (routes) => {
        const entries = routes.map((r, i) => entry(i + 1, r));
        const deltas = coalesceDeltas(entries, { scopesOf, seq });
        const everyScope = new Set(entries.flatMap(scopesOf));
        expect(new Set(deltas.keys())).toEqual(everyScope);
        for (const scope of everyScope) {
          const reaching = entries.filter((e) => scopesOf(e).includes(scope));
          expect(deltas.get(scope)!.changes).toEqual(reaching.map((e) => e.change));
          expect(deltas.get(scope)!.seq).toBe(seq(reaching.at(-1)!.id));
        }
      }),
    );
  });
});
