import { describe, expect, it } from 'vitest';
import { checkNewDelay, delayFieldResolver, emptyNewDelay, nextRef } from './delay-draft';

const now = Date.parse('2026-11-05T12:00:00Z');

describe('adding a delay in the form', () => {
  it('suggests a key nobody on the list has', () => {
    expect(nextRef([])).toBe('D1');
    expect(nextRef([{ ref: 'D2' }])).toBe('D3');
    expect(nextRef([{ ref: 'd2' }, { ref: 'x' }])).toBe('D3');
    expect(emptyNewDelay([], now)).toEqual({ ref: 'D1', reason: '', attributableTo: '', delayedSince: '2026-11-05' });
  });

  it('names each field with a problem, an NHS number and a repeated key included', () => {
    const missing = checkNewDelay({ ref: 'Jane Smith', reason: '', attributableTo: '', delayedSince: '' }, [], now);
    expect('problems' in missing && missing.problems.map((problem) => problem.field.id)).toEqual([
      'delay-ref',
      'delay-reason',
      'delay-since',
    ]);
    const nhsNumber = checkNewDelay({ ref: '9434765919', reason: '18', attributableTo: '', delayedSince: '2026-11-01' }, [], now);
    expect('problems' in nhsNumber && nhsNumber.problems[0]!.message).toMatch(/^Delay key looks like an NHS number/);
    const list = [{ ref: 'D1', reason: '18' as const, delayedSince: '2026-11-01' }];
    const repeated = checkNewDelay({ ref: 'd1', reason: '09', attributableTo: '', delayedSince: '2026-11-06' }, list, now);
    expect('problems' in repeated && repeated.problems.map((problem) => problem.message)).toEqual([
      'Delay key is listed twice on this ward',
      'Delayed since is after observedAt: a delay cannot begin later',
    ]);
  });

  it('adds a good delay, with its attribution when chosen', () => {
    expect(checkNewDelay({ ref: ' bay3 ', reason: '09', attributableTo: '05', delayedSince: '2026-11-01' }, [], now)).toEqual({
      delay: { ref: 'bay3', reason: '09', attributableTo: '05', delayedSince: '2026-11-01' },
    });
  });

  it('puts the server’s details on a listed delay beside its row', () => {
    const resolve = delayFieldResolver([{ ref: 'D1', reason: '18', delayedSince: '2026-11-01' }]);
    expect(resolve('delays[0].ref')).toEqual({ id: 'delay-row-D1', label: 'Delay D1:' });
    expect(resolve('delays[3].ref')).toBeUndefined();
  });
});
