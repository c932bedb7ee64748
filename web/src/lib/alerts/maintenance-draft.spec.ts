import { describe, expect, it } from 'vitest';
import {
  MAINTENANCE_FIELDS,
  maintenanceInputFromDraft,
  newMaintenanceDraft,
  orderWindows,
  windowState,
  type MaintenanceDraft,
} from './maintenance-draft.js';

const draft = (overrides: Partial<MaintenanceDraft> = {}): MaintenanceDraft => ({
  scope: 'trust:RX4',
  from: '2026-07-01T20:00',
  to: '2026-07-01T23:30',
  reason: 'EPR upgrade',
  ...overrides,
});

function problemsOf(result: ReturnType<typeof maintenanceInputFromDraft>) {
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((problem) => [problem.field.id, problem.message]);
}

describe('maintenanceInputFromDraft', () => {
  it('sends UK times as instants', () => {
    expect(maintenanceInputFromDraft(draft())).toEqual({
      ok: true,
      input: { scope: 'trust:RX4', from: '2026-07-01T19:00:00.000Z', to: '2026-07-01T22:30:00.000Z', reason: 'EPR upgrade' },
    });
  });

  it('asks for a scope, both times in order, and a reason', () => {
    expect(problemsOf(maintenanceInputFromDraft(draft({ scope: '', to: '2026-07-01T19:00', reason: ' ' })))).toEqual([
      [MAINTENANCE_FIELDS.scope.id, 'Choose the trust or collaborative the window covers'],
      [MAINTENANCE_FIELDS.to.id, 'The window must end after it starts'],
      [MAINTENANCE_FIELDS.reason.id, 'Reason must say why'],
    ]);
    expect(problemsOf(maintenanceInputFromDraft(draft({ from: '' })))).toEqual([
      [MAINTENANCE_FIELDS.from.id, 'Enter when the window starts (UK time)'],
    ]);
  });

  it('starts a new window now, for two hours', () => {
    expect(newMaintenanceDraft(Date.parse('2026-01-10T10:00:00Z'), 'trust:RX4')).toEqual({
      scope: 'trust:RX4',
      from: '2026-01-10T10:00',
      to: '2026-01-10T12:00',
      reason: '',
    });
  });
});

describe('window state and order', () => {
  const now = Date.parse('2026-07-01T12:00:00Z');
  const windows = [
    { id: 'ended-early', from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z' },
    { id: 'upcoming-late', from: '2026-08-01T00:00:00Z', to: '2026-08-02T00:00:00Z' },
    { id: 'active', from: '2026-07-01T11:00:00Z', to: '2026-07-01T13:00:00Z' },
    { id: 'ended-late', from: '2026-06-20T00:00:00Z', to: '2026-06-21T00:00:00Z' },
    { id: 'upcoming-soon', from: '2026-07-02T00:00:00Z', to: '2026-07-03T00:00:00Z' },
  ];

  it('is in force from its start until (not including) its end', () => {
    expect(windowState({ from: '2026-07-01T12:00:00Z', to: '2026-07-01T13:00:00Z' }, now)).toBe('active');
    expect(windowState({ from: '2026-07-01T11:00:00Z', to: '2026-07-01T12:00:00Z' }, now)).toBe('ended');
  });

  it('lists windows in force, then upcoming soonest first, then ended latest first', () => {
    expect(orderWindows(windows, now).map((window) => window.id)).toEqual([
      'active',
      'upcoming-soon',
      'upcoming-late',
      'ended-late',
      'ended-early',
    ]);
  });
});
