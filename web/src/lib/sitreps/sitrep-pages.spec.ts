import { describe, expect, it } from 'vitest';
import { SITREP_FIELDS, type SitrepFigures } from '@wardpulse/shared';
import { draftOf, editFromDraft, sitrepFieldResolver } from './sitrep-draft.js';
import { SITREP_FIELD_GROUPS, sitrepFiltersFromSearch, sitrepsApiPath, sitrepTitle } from './sitrep-view.js';

const figures = {
  ...Object.fromEntries(SITREP_FIELDS.map((field) => [field, 0])),
  emptyBeds: 3,
  opelLevel: null,
} as SitrepFigures;

describe('the sitrep review form', () => {
  it('sends only the figures that changed, with the reason', () => {
    const draft = draftOf(figures);
    expect(draft.values.emptyBeds).toBe('3');
    expect(draft.values.opelLevel).toBe('');
    draft.values.opelLevel = '3';
    draft.values.closedStaffing = ' 2 ';
    draft.reason = 'bed meeting';
    expect(editFromDraft(draft, figures)).toEqual({
      ok: true,
      request: { figures: { closedStaffing: 2, opelLevel: 3 }, reason: 'bed meeting' },
    });
    expect(editFromDraft(draftOf(figures), figures)).toEqual({ ok: true, request: null });
  });

  it('names each figure that is not a whole number, that was emptied, and a missing reason', () => {
    const draft = draftOf(figures);
    draft.values.emptyBeds = '2.5';
    draft.values.closedOther = '';
    const result = editFromDraft(draft, figures);
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: { id: 'sitrep-emptyBeds', label: 'Empty beds' }, message: 'Empty beds must be a whole number, like 12' },
        {
          field: { id: 'sitrep-closedOther', label: 'Beds closed to admission: other' },
          message: 'Enter beds closed to admission: other: 0 where it does not apply',
        },
      ],
    });
    const noReason = draftOf(figures);
    noReason.values.emptyBeds = '-1';
    expect(editFromDraft(noReason, figures)).toMatchObject({
      ok: false,
      problems: [
        { field: { id: 'sitrep-emptyBeds' }, message: 'Empty beds must not be negative: enter 0 where it does not apply' },
        { field: { id: 'sitrep-reason' }, message: 'Reason for the change must say why the figures change' },
      ],
    });
  });

  it('puts the server’s and the form rules’ messages beside their figure', () => {
    expect(sitrepFieldResolver('figures.emptyBeds')?.id).toBe('sitrep-emptyBeds');
    expect(sitrepFieldResolver('section136EmptySuites')?.id).toBe('sitrep-section136EmptySuites');
    expect(sitrepFieldResolver('name')?.id).toBe('sitrep-sign-name');
    expect(sitrepFieldResolver('nothing')).toBeUndefined();
  });
});

describe('the sitrep list', () => {
  it('keeps valid filters from the address and asks the API for them, as JSON or CSV', () => {
    const filters = sitrepFiltersFromSearch(
      new URLSearchParams('scope=trust:RX4&kind=adult&status=late&from=2026-03-01&to=nope'),
    );
    expect(filters).toEqual({ scope: 'trust:RX4', kind: 'adult', status: 'late', from: '2026-03-01', to: '' });
    expect(sitrepsApiPath(filters)).toBe('/api/v1/sitreps?trust=RX4&kind=adult&status=late&from=2026-03-01');
    expect(sitrepsApiPath({ ...filters, scope: 'collaborative:nenc' }, 'csv')).toBe(
      '/api/v1/sitreps?collaborative=nenc&kind=adult&status=late&from=2026-03-01&format=csv',
    );
    expect(sitrepFiltersFromSearch(new URLSearchParams('scope=ward:RX4-W01&kind=x')).scope).toBe('');
  });

  it('groups every field of the form once, in the form’s order', () => {
    expect(SITREP_FIELD_GROUPS.flatMap((group) => group.fields)).toEqual([...SITREP_FIELDS]);
  });

  it('titles a return by kind, London date and time', () => {
    expect(sitrepTitle({ kind: 'camhs', date: '2026-03-29', time: '17:00' })).toBe('CAMHS sitrep, Sun 29 Mar 2026 17:00');
  });
});
