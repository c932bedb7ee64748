/**
 * The grants editor's working copy: one row per grant, keeping the collaborative and the trust picked
 * even while the other scope kind is selected, so switching back and forth loses nothing.
 */
import type { Grant, Role } from '@wardpulse/shared';
import type { FieldRef, FieldResolver } from '../forms/form-errors.js';

export type ScopeKind = 'all' | 'region' | 'collaborative' | 'trust';

export interface GrantDraft {
  /** Stable across edits, for keyed lists and element ids. */
  key: number;
  role: Role;
  scopeKind: ScopeKind;
  regionCode: string;
  collaborativeId: string;
  trustOds: string;
}

let nextKey = 1;

export function newGrantDraft(role: Role = 'viewer', scopeKind: ScopeKind = 'trust'): GrantDraft {
  return { key: nextKey++, role, scopeKind, regionCode: '', collaborativeId: '', trustOds: '' };
}

export function draftsFromGrants(grants: readonly Grant[]): GrantDraft[] {
  return grants.map((grant) => ({
    ...newGrantDraft(grant.role, grant.scope.kind),
    regionCode: grant.scope.kind === 'region' ? grant.scope.id : '',
    collaborativeId: grant.scope.kind === 'collaborative' ? grant.scope.id : '',
    trustOds: grant.scope.kind === 'trust' ? grant.scope.id : '',
  }));
}

/**
 * The grants to send. A row whose collaborative or trust is not picked is sent with an empty id, so the
 * server names the field (`grants[1].scope.id`) rather than the row silently vanishing.
 */
export function grantsFromDrafts(drafts: readonly GrantDraft[]): Grant[] {
  return drafts.map((draft): Grant => {
    switch (draft.scopeKind) {
      case 'all':
        return { role: draft.role, scope: { kind: 'all' } };
      case 'region':
        return { role: draft.role, scope: { kind: 'region', id: draft.regionCode } };
      case 'collaborative':
        return { role: draft.role, scope: { kind: 'collaborative', id: draft.collaborativeId } };
      case 'trust':
        return { role: draft.role, scope: { kind: 'trust', id: draft.trustOds } };
    }
  });
}

/** Element ids of a grant row's inputs. */
export function grantFieldIds(index: number) {
  return {
    role: `grant-${index}-role`,
    scopeKind: `grant-${index}-scope-all`,
    scopeId: `grant-${index}-scope-id`,
  };
}

export const GRANTS_FIELD: FieldRef = { id: 'grants-add', label: 'Access' };

/** Maps `grants[2].scope.id` and friends to the grants editor's inputs. */
export const resolveGrantPath: FieldResolver = (path) => {
  if (path === 'grants') return GRANTS_FIELD;
  const match = /^grants\[(\d+)\](?:\.(role|scope)(?:\.(id|kind))?)?/.exec(path);
  if (!match) return undefined;
  const index = Number(match[1]);
  const ids = grantFieldIds(index);
  const row = `Grant ${index + 1}:`;
  if (match[2] === 'role') return { id: ids.role, label: `${row} role` };
  if (match[2] === 'scope' && match[3] === 'id') return { id: ids.scopeId, label: `${row} where —` };
  return { id: ids.scopeKind, label: `${row} where —` };
};

/** Rows whose collaborative or trust is not picked yet, as whole-sentence errors beside the picker. */
export function grantDraftProblems(drafts: readonly GrantDraft[]): { field: FieldRef; message: string }[] {
  return drafts.flatMap((draft, index) => {
    const id = grantFieldIds(index).scopeId;
    if (draft.scopeKind === 'region' && draft.regionCode === '')
      return [{ field: { id, label: `Grant ${index + 1}` }, message: `Grant ${index + 1}: choose a region` }];
    if (draft.scopeKind === 'collaborative' && draft.collaborativeId === '')
      return [{ field: { id, label: `Grant ${index + 1}` }, message: `Grant ${index + 1}: choose a provider collaborative` }];
    if (draft.scopeKind === 'trust' && draft.trustOds === '')
      return [{ field: { id, label: `Grant ${index + 1}` }, message: `Grant ${index + 1}: choose a trust` }];
    return [];
  });
}
