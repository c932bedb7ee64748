import { describe, expect, it } from 'vitest';
import type { TrustFiguresEntry } from '@wardpulse/shared';
import { checkDraft, draftFieldResolver, draftOf, keepDraft, keptDraft, forgetDraft, stepped } from './trust-figures-draft.js';
import { MemoryStorage } from '../forms/memory-storage.fixture.js';

const entry: TrustFiguresEntry = {
  referralsWaiting: { emergencyDepartment: 3, communityOrHome: 2, section136Suite: 1, policeCustody: 0, acuteWard: 1, other: 0 },
  countingSince: '2026-12-02T14:00:00.000Z',
  completedDischarges: 4,
  section136Breaches: 0,
  patientsFromOutside: 2,
};

describe('the quick form draft', () => {
  it('round-trips a report: what the form shows is what it sends', () => {
    expect(checkDraft(draftOf(entry))).toEqual({ ok: true, entry });
  });

  it('steps by one, never below 0 nor above 10 000, and a stray value starts from 0', () => {
    expect(stepped('4', 1)).toBe('5');
    expect(stepped('0', -1)).toBe('0');
    expect(stepped('10000', 1)).toBe('10000');
    expect(stepped('x', 1)).toBe('1');
    expect(stepped(' 7 ', -1)).toBe('6');
  });

  it('names each bad figure with a whole sentence, in the form’s order', () => {
    const draft = draftOf(entry);
    draft.values.policeCustody = '';
    draft.values.completedDischarges = '2.5';
    draft.values.patientsFromOutside = '10001';
    const checked = checkDraft(draft);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([
      {
        field: { id: 'figure-policeCustody', label: 'Referrals waiting in police custody' },
        message: 'Enter referrals waiting in police custody: 0 if there are none',
      },
      {
        field: { id: 'figure-completedDischarges', label: 'Completed discharges since the last return' },
        message: 'Completed discharges since the last return must be a whole number of 0 or more',
      },
      {
        field: { id: 'figure-patientsFromOutside', label: 'Patients from other trusts in our beds' },
        message: 'Patients from other trusts in our beds must be at most 10000',
      },
    ]);
  });

  it('puts the server’s field paths beside their inputs', () => {
    expect(draftFieldResolver('referralsWaiting.acuteWard')?.id).toBe('figure-acuteWard');
    expect(draftFieldResolver('section136Breaches')).toEqual({
      id: 'figure-section136Breaches',
      label: 'Section 136 breaches since the last return',
    });
    expect(draftFieldResolver('countingSince')?.id).toBe('figure-completedDischarges');
    expect(draftFieldResolver('somethingElse')).toBeUndefined();
  });

  it('keeps an unsaved draft per trust until it is saved, and ignores a broken one', () => {
    const storage = new MemoryStorage();
    const draft = draftOf(entry);
    draft.values.other = '9';
    keepDraft(storage, 'RX4', draft);
    expect(keptDraft(storage, 'RX4')).toEqual(draft);
    expect(keptDraft(storage, 'RX3')).toBeNull();
    forgetDraft(storage, 'RX4');
    expect(keptDraft(storage, 'RX4')).toBeNull();
    storage.setItem('wardpulse:trust-figures-draft:RX4', '{"values":{"other":"1"}}');
    expect(keptDraft(storage, 'RX4')).toBeNull();
  });
});
