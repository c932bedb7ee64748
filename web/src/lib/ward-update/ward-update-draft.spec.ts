import { describe, expect, it } from 'vitest';
import type { WardBedState } from '@wardpulse/shared';
import { MemoryStorage } from '../forms/memory-storage.fixture.js';
import {
  draftBody,
  draftFromState,
  draftProblems,
  draftStorageKey,
  emptyDraft,
  forgetDraft,
  inputId,
  stepped,
  storedDraft,
  storeDraft,
  wardUpdateFieldResolver,
} from './ward-update-draft.js';

const state: WardBedState = {
  commissioned: 20,
  closed: 2,
  closedReason: 'staffing',
  occupied: 15,
  onLeave: 1,
  pendingAdmissions: 3,
  clinicallyReadyForDischarge: 4,
  observedAt: '2026-12-07T09:30:00.000Z',
  eventId: 'e-1',
  source: { kind: 'feed', name: null },
  override: false,
};

describe('the ward update draft', () => {
  it("starts from the ward's figures as text, and sends them back unchanged", () => {
    const draft = draftFromState(state);
    expect(draft).toEqual({
      occupied: '15',
      onLeave: '1',
      closed: '2',
      pendingAdmissions: '3',
      clinicallyReadyForDischarge: '4',
      closedReason: 'staffing',
    });
    expect(draftProblems(draft)).toEqual([]);
    expect(draftBody(draft)).toEqual({
      occupied: 15,
      onLeave: 1,
      closed: 2,
      closedReason: 'staffing',
      pendingAdmissions: 3,
      clinicallyReadyForDischarge: 4,
    });
  });

  it('is blank for a ward that has never reported, and names every blank figure', () => {
    const problems = draftProblems(draftFromState(null));
    expect(problems.map((problem) => problem.field.id)).toEqual([
      'ward-update-occupied',
      'ward-update-onLeave',
      'ward-update-closed',
      'ward-update-pendingAdmissions',
      'ward-update-clinicallyReadyForDischarge',
    ]);
    expect(problems[0]!.message).toBe('Enter occupied, or 0');
  });

  it('names a figure that is not a whole number, and a closure without its reason', () => {
    const draft = { ...draftFromState(state), onLeave: '1.5', closedReason: '' as const };
    expect(draftProblems(draft)).toEqual([
      { field: { id: 'ward-update-onLeave', label: 'On leave' }, message: 'On leave must be a whole number, like 3' },
      { field: { id: 'ward-update-closedReason', label: 'Why beds are closed' }, message: 'Choose why beds are closed' },
    ]);
  });

  it('drops a reason when no bed is closed (nothing is closed, so nothing needs one)', () => {
    const body = draftBody({ ...draftFromState(state), closed: '0' });
    expect(body.closed).toBe(0);
    expect(body).not.toHaveProperty('closedReason');
  });

  it('steps within 0 and 9999, from 0 when the text is unreadable', () => {
    expect(stepped('15', 1)).toBe('16');
    expect(stepped('0', -1)).toBe('0');
    expect(stepped('9999', 1)).toBe('9999');
    expect(stepped('x', 1)).toBe('1');
  });

  it("maps the server's field paths to this form's inputs", () => {
    expect(wardUpdateFieldResolver('closedReason')).toEqual({ id: inputId('closedReason'), label: 'Why beds are closed' });
    expect(wardUpdateFieldResolver('occupied')).toEqual({ id: 'ward-update-occupied', label: 'Occupied' });
    expect(wardUpdateFieldResolver('commissioned')).toBeUndefined();
  });

  it('keeps a draft per ward in the tab and refuses one that is not whole', () => {
    const storage = new MemoryStorage();
    const draft = { ...emptyDraft(), occupied: '7' };
    storeDraft(storage, 'w1', draft);
    expect(storedDraft(storage, 'w1')).toEqual(draft);
    expect(storedDraft(storage, 'w2')).toBeNull();
    storage.setItem(draftStorageKey('w1'), JSON.stringify({ ...draft, closedReason: 'no-such-reason' }));
    expect(storedDraft(storage, 'w1')).toBeNull();
    storage.setItem(draftStorageKey('w1'), JSON.stringify({ occupied: 7 }));
    expect(storedDraft(storage, 'w1')).toBeNull();
    forgetDraft(storage, 'w1');
    expect(storedDraft(storage, 'w1')).toBeNull();
  });
});
