import { describe, expect, it } from 'vitest';
import { draftsFromGrants, grantDraftProblems, grantsFromDrafts, newGrantDraft, resolveGrantPath } from './grant-draft.js';

describe('grant drafts', () => {
  it('round-trips grants', () => {
    const grants = [
      { role: 'admin' as const, scope: { kind: 'all' as const } },
      { role: 'bed-manager' as const, scope: { kind: 'collaborative' as const, id: 'nenc' } },
      { role: 'viewer' as const, scope: { kind: 'trust' as const, id: 'RX3' } },
    ];
    expect(grantsFromDrafts(draftsFromGrants(grants))).toEqual(grants);
  });

  it('keeps both pickers while the scope kind changes', () => {
    const [draft] = draftsFromGrants([{ role: 'viewer', scope: { kind: 'trust', id: 'RX3' } }]);
    draft!.scopeKind = 'collaborative';
    draft!.collaborativeId = 'nenc';
    draft!.scopeKind = 'trust';
    expect(grantsFromDrafts([draft!])).toEqual([{ role: 'viewer', scope: { kind: 'trust', id: 'RX3' } }]);
  });

  it('finds rows whose trust or collaborative is not picked', () => {
    const drafts = [newGrantDraft('viewer', 'trust'), newGrantDraft('admin', 'all'), newGrantDraft('executive', 'collaborative')];
    expect(grantDraftProblems(drafts).map((problem) => [problem.field.id, problem.message])).toEqual([
      ['grant-0-scope-id', 'Grant 1: choose a trust'],
      ['grant-2-scope-id', 'Grant 3: choose a provider collaborative'],
    ]);
  });

  it('maps the server’s paths to the editor’s inputs', () => {
    expect(resolveGrantPath('grants[1].scope.id')?.id).toBe('grant-1-scope-id');
    expect(resolveGrantPath('grants[0].role')?.id).toBe('grant-0-role');
    expect(resolveGrantPath('grants[2].scope')?.id).toBe('grant-2-scope-all');
    expect(resolveGrantPath('grants')?.id).toBe('grants-add');
    expect(resolveGrantPath('email')).toBeUndefined();
  });
});
