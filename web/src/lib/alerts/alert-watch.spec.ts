import { describe, expect, it } from 'vitest';
import { testAlert } from './alert-fixtures.js';
import { AlertWatch } from './alert-watch.js';

describe('AlertWatch', () => {
  it('announces nothing for the first snapshot, then alerts that begin firing', () => {
    const watch = new AlertWatch();
    expect(watch.look([testAlert({ id: 'a1' })])).toEqual([]);
    expect(watch.look([testAlert({ id: 'a1' })])).toEqual([]);
    const fired = watch.look([testAlert({ id: 'a1' }), testAlert({ id: 'a2' }), testAlert({ id: 'a3', status: 'recovering' })]);
    expect(fired.map((alert) => alert.id)).toEqual(['a2']);
  });

  it('remembers resolutions among accepted changes, boundedly', () => {
    const watch = new AlertWatch(2);
    const resolved = (id: string) => ({
      kind: 'alert' as const,
      alert: testAlert({ id, status: 'resolved', updatedAt: `t-${id}` }),
    });
    expect(watch.accepted([{ kind: 'alert', alert: testAlert({ id: 'open' }) }])).toBe(true);
    expect(watch.accepted([])).toBe(false);
    watch.accepted([resolved('r1'), resolved('r2'), resolved('r3')]);
    expect([...watch.resolved.entries()]).toEqual([
      ['r2', 't-r2'],
      ['r3', 't-r3'],
    ]);
  });
});
