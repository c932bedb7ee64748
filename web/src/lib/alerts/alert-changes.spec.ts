import { describe, expect, it } from 'vitest';
import { testAlert } from './alert-fixtures.js';
import { isCurrentAlertCopy, newlyFiring, rememberResolved } from './alert-changes.js';

describe('isCurrentAlertCopy', () => {
  it('keeps the copy with the later updatedAt, accepting the same one again', () => {
    expect(isCurrentAlertCopy({ updatedAt: '2026-03-05T14:01:00Z' }, '2026-03-05T14:00:00Z')).toBe(true);
    expect(isCurrentAlertCopy({ updatedAt: '2026-03-05T14:00:00Z' }, '2026-03-05T14:00:00Z')).toBe(true);
    expect(isCurrentAlertCopy({ updatedAt: '2026-03-05T13:59:59Z' }, '2026-03-05T14:00:00Z')).toBe(false);
    expect(isCurrentAlertCopy({ updatedAt: '2026-03-05T13:59:59Z' }, undefined)).toBe(true);
  });

  it('compares instants, not text, across offsets', () => {
    // 14:30+01:00 is 13:30Z, earlier than 14:00Z, though it sorts later as text.
    expect(isCurrentAlertCopy({ updatedAt: '2026-06-05T14:30:00+01:00' }, '2026-06-05T14:00:00Z')).toBe(false);
    expect(isCurrentAlertCopy({ updatedAt: '2026-06-05T15:30:00+01:00' }, '2026-06-05T14:00:00Z')).toBe(true);
  });
});

describe('rememberResolved', () => {
  it('forgets the oldest entries beyond its limit', () => {
    const memory = new Map<string, string>();
    for (const id of ['a', 'b', 'c', 'd']) rememberResolved(memory, id, `t-${id}`, 3);
    expect([...memory.keys()]).toEqual(['b', 'c', 'd']);
    rememberResolved(memory, 'b', 't-b2', 3);
    expect([...memory.entries()]).toEqual([
      ['c', 't-c'],
      ['d', 't-d'],
      ['b', 't-b2'],
    ]);
  });
});

describe('newlyFiring', () => {
  it('lists firing alerts that were not open before', () => {
    const alerts = [testAlert({ id: 'old' }), testAlert({ id: 'new' }), testAlert({ id: 'recovering', status: 'recovering' })];
    expect(newlyFiring(new Set(['old']), alerts).map((alert) => alert.id)).toEqual(['new']);
  });
});
