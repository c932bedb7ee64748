import type { S136Suite, S136SuiteLive, S136SuiteState } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { s136SuiteRows } from './s136-view.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const suite = (id: string, commissioned = true): S136Suite => ({
  id,
  trustOds: 'RX4',
  siteId: 'RX4-S1',
  name: `Suite ${id}`,
  ageGroup: 'adult',
  commissioned,
});
const head = (suiteId: string) => ({ eventId: `e-${suiteId}`, suiteId, observedAt: '2026-06-01T11:59:00Z' });
const occupied = (suiteId: string, since: string, extensionHours?: number): S136SuiteState => ({
  ...head(suiteId),
  status: 'occupied',
  since,
  ...(extensionHours ? { extensionHours } : {}),
});

describe('s136SuiteRows', () => {
  const suites: S136SuiteLive[] = [
    { suite: suite('avail'), state: { ...head('avail'), status: 'available', since: '2026-06-01T10:30:00Z' } },
    { suite: suite('late'), state: occupied('late', '2026-05-31T11:00:00Z') },
    { suite: suite('fresh'), state: occupied('fresh', '2026-06-01T09:00:00Z') },
    { suite: suite('soon'), state: occupied('soon', '2026-05-31T13:30:00Z') },
    {
      suite: suite('shut'),
      state: { ...head('shut'), status: 'closed', closedReason: 'infection-control', since: '2026-06-01T06:00:00Z' },
    },
    { suite: suite('quiet'), state: null },
    { suite: suite('spare', false), state: { ...head('spare'), status: 'available' } },
    { suite: suite('ext'), state: occupied('ext', '2026-05-31T11:00:00Z', 12) },
  ];

  it('puts the worst first and says how long each state has lasted or has left', () => {
    const rows = s136SuiteRows(suites, NOW);
    expect(rows.map((row) => [row.id, row.tone, row.status, row.detail])).toEqual([
      // Arrived 11:00 yesterday: the 24 hours ended at 11:00 today.
      ['late', 'breached', 'Over the limit', 'by 1 h 00 min'],
      // Arrived 13:30 yesterday: 1 h 30 min left.
      ['soon', 'due-soon', 'Occupied', '1 h 30 min left'],
      // Same arrival as "late", with 12 hours more: 11 hours left.
      ['ext', 'occupied', 'Occupied', '11 h 00 min left'],
      ['fresh', 'occupied', 'Occupied', '21 h 00 min left'],
      ['shut', 'closed', 'Closed: infection control', 'for 6 h'],
      ['avail', 'available', 'Empty', 'for 1 h 30 min'],
      ['quiet', 'unreported', 'Not reported', null],
      ['spare', 'available', 'Empty', 'for 1 min'],
    ]);
    expect(rows.find((row) => row.id === 'ext')?.limit).toBe('limit 00:00 BST Tue 2 Jun, extended 12 h (s136B)');
    expect(rows.find((row) => row.id === 'fresh')?.limit).toBe('limit 10:00 BST Tue 2 Jun');
  });

  it('keeps only occupied and closed suites for a collaborative', () => {
    expect(s136SuiteRows(suites, NOW, { onlyBusy: true }).map((row) => row.id)).toEqual(['late', 'soon', 'ext', 'fresh', 'shut']);
  });
});
