import { describe, expect, it } from 'vitest';
import type { OrgDirectory } from '@wardpulse/shared';
import {
  addView,
  moveView,
  newPlaylistDraft,
  playlistFromDraft,
  removeView,
  resolvePlaylistPath,
  rotationText,
  viewText,
  type PlaylistDraft,
} from './playlist-draft';

const DIRECTORY = {
  regions: [{ code: 'Y63', name: 'North East and Yorkshire' }],
  collaboratives: [
    { id: 'nenc', name: 'North East and North Cumbria', kind: 'place-based', trustOds: ['RX4'], serviceLines: {} },
  ],
  trusts: [{ ods: 'RX4', name: 'Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust' }],
} as unknown as Pick<OrgDirectory, 'collaboratives' | 'trusts'>;

function threeViews(): PlaylistDraft {
  let draft = addView(addView(addView(newPlaylistDraft(), 'trust:RX4'), 'collaborative:nenc'), 'trust:RX4');
  draft = { ...draft, views: draft.views.map((view, index) => (index === 2 ? { ...view, kind: 'alerts' } : view)) };
  return draft;
}

describe('editing a playlist', () => {
  it('adds views with their own ids, moves them and removes them', () => {
    const draft = threeViews();
    expect(draft.views.map((view) => view.id)).toEqual([1, 2, 3]);
    expect(moveView(draft, 2, -1).views.map((view) => view.id)).toEqual([1, 3, 2]);
    expect(moveView(draft, 0, 1).views.map((view) => view.id)).toEqual([2, 1, 3]);
    // Past either end nothing moves.
    expect(moveView(draft, 0, -1)).toBe(draft);
    expect(moveView(draft, 2, 1)).toBe(draft);
    const removed = removeView(draft, 1);
    expect(removed.views.map((view) => view.id)).toEqual([1, 3]);
    // A view added after a removal never reuses an id (rows are keyed by it).
    expect(addView(removed).views.map((view) => view.id)).toEqual([1, 3, 4]);
  });
});

describe('playlistFromDraft', () => {
  it('sends no playlist when no view was added', () => {
    expect(playlistFromDraft(newPlaylistDraft())).toEqual({ ok: true, playlist: null });
  });

  it('builds the API playlist, leaving out a bed finder’s “any” choices', () => {
    let draft = threeViews();
    draft = {
      ...draft,
      intervalSeconds: ' 45 ',
      views: draft.views.map((view, index) =>
        index === 1 ? { ...view, kind: 'bed-finder', wardType: 'picu', patientSex: '' } : view,
      ),
    };
    expect(playlistFromDraft(draft)).toEqual({
      ok: true,
      playlist: {
        intervalSeconds: 45,
        views: [
          { kind: 'board', scope: 'trust:RX4' },
          { kind: 'bed-finder', scope: 'collaborative:nenc', wardType: 'picu' },
          { kind: 'alerts', scope: 'trust:RX4' },
        ],
      },
    });
  });

  it('puts each problem beside its field: an unreadable interval, a view with no place', () => {
    const draft = { ...addView(addView(newPlaylistDraft(), 'trust:RX4')), intervalSeconds: 'half a minute' };
    const result = playlistFromDraft(draft);
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: { id: 'playlist-interval', label: 'Seconds on each view' }, message: expect.stringMatching(/whole number/) },
        { field: { id: 'playlist-view-1-scope', label: 'View 2: where' }, message: 'Choose where view 2 shows' },
      ],
    });
  });

  it('runs the shared schema: the interval’s range is the server’s', () => {
    const result = playlistFromDraft({ ...addView(newPlaylistDraft(), 'trust:RX4'), intervalSeconds: '5' });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          field: { id: 'playlist-interval', label: 'Seconds on each view' },
          message: 'Seconds on each view must be at least 10 seconds',
        },
      ],
    });
  });
});

describe('resolvePlaylistPath', () => {
  it('finds the input of a server error path', () => {
    expect(resolvePlaylistPath('playlist.intervalSeconds')?.id).toBe('playlist-interval');
    expect(resolvePlaylistPath('playlist.views')?.id).toBe('playlist-add-view');
    expect(resolvePlaylistPath('playlist.views[3].scope')).toEqual({ id: 'playlist-view-3-scope', label: 'View 4: where' });
    expect(resolvePlaylistPath('playlist.views[0]')?.id).toBe('playlist-view-0-kind');
    expect(resolvePlaylistPath('name')).toBeUndefined();
  });
});

describe('a stored playlist in words', () => {
  it('names each view and the rotation', () => {
    expect(viewText({ kind: 'board', scope: 'collaborative:nenc' }, DIRECTORY)).toBe(
      'Wall board: North East and North Cumbria (collaborative)',
    );
    expect(viewText({ kind: 'bed-finder', scope: 'trust:RX4', wardType: 'picu', patientSex: 'female' }, DIRECTORY)).toBe(
      'Bed finder: Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust (RX4) · PICU · female patients',
    );
    expect(viewText({ kind: 'alerts', scope: 'trust:RX9' }, null)).toBe('Open alerts: Trust RX9');
    expect(viewText({ kind: 'board', scope: 'region:Y63' }, DIRECTORY)).toBe('Wall board: North East and Yorkshire (region)');
    expect(rotationText({ intervalSeconds: 30 })).toBe('Rotates every 30 s');
    expect(rotationText({ intervalSeconds: 150 })).toBe('Rotates every 2 min 30 s');
    expect(rotationText({ intervalSeconds: 3600 })).toBe('Rotates every 60 min');
  });
});
