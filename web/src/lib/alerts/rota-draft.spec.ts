import type { StoredRota } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import {
  addMember,
  draftFromPolicy,
  draftFromRota,
  handoverText,
  moveMember,
  newOverrideDraft,
  newRotaDraft,
  nextDateOnWeekday,
  overrideFieldIds,
  policyFromDraft,
  POLICY_FIELDS,
  removeMember,
  resolveRotaPath,
  ROTA_FIELDS,
  rotaInputFromDraft,
  type RotaDraft,
} from './rota-draft.js';

// 2 March 2026 is a Monday.
const draft = (overrides: Partial<RotaDraft> = {}): RotaDraft => ({
  ...newRotaDraft('trust:RX4', '2026-02-25'),
  name: 'RX4 managers on call',
  members: ['u1', 'u2'],
  ...overrides,
});

function problemsOf(result: ReturnType<typeof rotaInputFromDraft>) {
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((problem) => [problem.field.id, problem.message]);
}

describe('newRotaDraft', () => {
  it('starts on the next Monday at 09:00, level 1', () => {
    expect(newRotaDraft('trust:RX4', '2026-02-25')).toMatchObject({
      weekday: '0',
      time: '09:00',
      startsOn: '2026-03-02',
      level: '1',
    });
    expect(nextDateOnWeekday('2026-03-02', 0)).toBe('2026-03-02');
    expect(nextDateOnWeekday('2026-03-02', 4)).toBe('2026-03-06');
  });
});

describe('members', () => {
  it('reorders, removes and adds people without repeats', () => {
    expect(moveMember(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveMember(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveMember(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveMember(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
    expect(removeMember(['a', 'b', 'c'], 1)).toEqual(['a', 'c']);
    expect(addMember(['a'], 'b')).toEqual(['a', 'b']);
    expect(addMember(['a'], 'a')).toEqual(['a']);
    expect(addMember(['a'], '')).toEqual(['a']);
  });
});

describe('rotaInputFromDraft', () => {
  it('sends the rota with overrides as instants (UK time in the fields)', () => {
    const override = { ...newOverrideDraft('u3', '2026-07-10T17:00', '2026-07-13T09:00'), reason: ' Leave ' };
    expect(rotaInputFromDraft(draft({ overrides: [override] }))).toEqual({
      ok: true,
      input: {
        name: 'RX4 managers on call',
        scope: 'trust:RX4',
        level: 1,
        handover: { weekday: 0, time: '09:00' },
        startsOn: '2026-03-02',
        members: ['u1', 'u2'],
        overrides: [{ personId: 'u3', from: '2026-07-10T16:00:00.000Z', to: '2026-07-13T08:00:00.000Z', reason: 'Leave' }],
      },
    });
  });

  it('gives the shared reason when the first handover is not on the handover day', () => {
    expect(problemsOf(rotaInputFromDraft(draft({ startsOn: '2026-03-03' })))).toEqual([
      [ROTA_FIELDS.startsOn.id, 'First handover is a Tuesday, but handovers are on Monday'],
    ]);
  });

  it('names overlapping and back-to-front overrides, counting from 1', () => {
    const overrides = [
      newOverrideDraft('u1', '2026-07-10T09:00', '2026-07-12T09:00'),
      newOverrideDraft('u2', '2026-07-11T09:00', '2026-07-13T09:00'),
      newOverrideDraft('u2', '2026-08-11T09:00', '2026-08-10T09:00'),
    ];
    expect(problemsOf(rotaInputFromDraft(draft({ overrides })))).toEqual([
      [overrideFieldIds(2).to, 'Override 3 end must be after the override starts'],
      [overrideFieldIds(1).from, 'Override 2 overlaps override 1'],
    ]);
  });

  it('asks for what is missing in whole sentences', () => {
    expect(problemsOf(rotaInputFromDraft(draft({ members: [], overrides: [newOverrideDraft()] })))).toEqual([
      [ROTA_FIELDS.members.id, 'Add at least one person to the rota'],
      [overrideFieldIds(0).person, 'Override 1: choose who covers'],
      [overrideFieldIds(0).from, 'Override 1: enter when it starts (UK time)'],
      [overrideFieldIds(0).to, 'Override 1: enter when it ends (UK time)'],
    ]);
    expect(problemsOf(rotaInputFromDraft(draft({ name: '', level: 'first', time: '9am' })))).toEqual([
      [ROTA_FIELDS.level.id, 'Enter the escalation level as a whole number, 1 or more'],
      [ROTA_FIELDS.name.id, 'Rota name must not be empty'],
      [ROTA_FIELDS.time.id, 'Handover time must be a time as HH:MM (00:00 to 23:59)'],
    ]);
  });

  it('round-trips a stored rota', () => {
    const stored: StoredRota = {
      id: 'rota-1',
      name: 'Directors',
      scope: 'collaborative:nenc',
      level: 2,
      handover: { weekday: 3, time: '17:30' },
      startsOn: '2026-03-05',
      members: ['u2', 'u1'],
      overrides: [{ personId: 'u3', from: '2026-03-20T10:00:00.000Z', to: '2026-03-21T10:00:00.000Z' }],
      updatedAt: '2026-03-01T00:00:00Z',
    };
    const result = rotaInputFromDraft(draftFromRota(stored));
    const { id: _id, updatedAt: _updatedAt, ...input } = stored;
    expect(result).toEqual({ ok: true, input });
  });
});

describe('resolveRotaPath', () => {
  it("maps the server's paths to the rota form's inputs", () => {
    expect(resolveRotaPath('handover.time')).toBe(ROTA_FIELDS.time);
    expect(resolveRotaPath('members[1]')).toBe(ROTA_FIELDS.members);
    expect(resolveRotaPath('overrides[0].personId')).toEqual({ id: 'override-0-person', label: 'Override 1 person' });
    expect(resolveRotaPath('id')).toBeUndefined();
  });
});

describe('escalation policy', () => {
  it('accepts whole minutes and repeats within the shared limits', () => {
    expect(policyFromDraft(draftFromPolicy({ waitMinutes: 15, repeats: 3 }))).toEqual({
      ok: true,
      input: { waitMinutes: 15, repeats: 3 },
    });
    const tooLong = policyFromDraft({ waitMinutes: '2000', repeats: '3' });
    expect(!tooLong.ok && tooLong.problems.map((problem) => [problem.field.id, problem.message])).toEqual([
      [POLICY_FIELDS.waitMinutes.id, 'Wait before escalating must be at most 1440'],
    ]);
    const notNumbers = policyFromDraft({ waitMinutes: 'soon', repeats: '' });
    expect(!notNumbers.ok && notNumbers.problems.map((problem) => problem.message)).toEqual([
      'Enter the wait in whole minutes',
      'Enter how many times to go through the chain',
    ]);
  });
});

describe('handoverText', () => {
  it('words the weekly handover', () => {
    expect(handoverText({ weekday: 0, time: '09:00' })).toBe('Mondays at 09:00');
    expect(handoverText({ weekday: 6, time: '17:30' })).toBe('Sundays at 17:30');
  });
});
