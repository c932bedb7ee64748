/**
 * The display-token form's playlist (issue #7): the views a kiosk screen rotates through — wall boards,
 * the bed finder, open alerts — as people edit them (choices from selects, seconds typed), and the
 * `playlist` the API takes. It runs the shared zod schema before sending, so a problem reads as the
 * server's would, beside its field. Also the words for a stored playlist in the tokens list.
 */
import {
  displayPlaylistSchema,
  WARD_TYPE_LABELS,
  zodIssuesToDetails,
  type DisplayPlaylist,
  type DisplayView,
  type OrgDirectory,
  type PatientSex,
  type WardType,
} from '@wardpulse/shared';
import { describeBoardScope } from './admin-text.js';
import { detailProblems, parseWhole, type FormProblem } from '../alerts/draft-errors.js';
import type { FieldRef } from '../forms/form-errors.js';

export type ViewKind = DisplayView['kind'];

export const VIEW_KIND_LABELS: Record<ViewKind, string> = {
  board: 'Wall board',
  'bed-finder': 'Bed finder',
  alerts: 'Open alerts',
};

export const VIEW_KINDS = Object.keys(VIEW_KIND_LABELS) as ViewKind[];

const PATIENT_SEX_WORDS: Record<PatientSex, string> = { male: 'male patients', female: 'female patients' };

export interface ViewDraft {
  /** Stable while the view moves up and down the list (the key of its row). */
  id: number;
  kind: ViewKind;
  /** `trust:RX4`, `collaborative:nenc`, `region:Y63`, or '' until chosen. */
  scope: string;
  /** Bed finder only; '' for any. */
  wardType: WardType | '';
  patientSex: PatientSex | '';
}

export interface PlaylistDraft {
  /** As typed. */
  intervalSeconds: string;
  views: ViewDraft[];
  nextId: number;
}

export const DEFAULT_INTERVAL_SECONDS = 30;

export function newPlaylistDraft(): PlaylistDraft {
  return { intervalSeconds: String(DEFAULT_INTERVAL_SECONDS), views: [], nextId: 1 };
}

/** The playlist with a new board view at the end, showing `scope` (the token's board, say) to start with. */
export function addView(draft: PlaylistDraft, scope = ''): PlaylistDraft {
  const view: ViewDraft = { id: draft.nextId, kind: 'board', scope, wardType: '', patientSex: '' };
  return { ...draft, views: [...draft.views, view], nextId: draft.nextId + 1 };
}

/** The playlist with view `index` moved one place up (-1) or down (+1); unchanged at either end. */
export function moveView(draft: PlaylistDraft, index: number, by: -1 | 1): PlaylistDraft {
  const target = index + by;
  if (index < 0 || index >= draft.views.length || target < 0 || target >= draft.views.length) return draft;
  const views = [...draft.views];
  [views[index], views[target]] = [views[target]!, views[index]!];
  return { ...draft, views };
}

export function removeView(draft: PlaylistDraft, index: number): PlaylistDraft {
  return { ...draft, views: draft.views.filter((_, at) => at !== index) };
}

export const PLAYLIST_FIELDS = {
  interval: { id: 'playlist-interval', label: 'Seconds on each view' },
  /** Problems with the list as a whole ("at most 20 views") sit on the Add a view button. */
  views: { id: 'playlist-add-view', label: 'The playlist' },
} satisfies Record<string, FieldRef>;

/** The inputs of view `index` (0-based), named "View 2: where" in messages. */
export function viewFields(index: number) {
  const prefix = `playlist-view-${index}`;
  const name = `View ${index + 1}`;
  return {
    kind: { id: `${prefix}-kind`, label: `${name}: what it shows` },
    scope: { id: `${prefix}-scope`, label: `${name}: where` },
    wardType: { id: `${prefix}-ward-type`, label: `${name}: ward type` },
    patientSex: { id: `${prefix}-patient-sex`, label: `${name}: patient sex` },
  } satisfies Record<string, FieldRef>;
}

/** The input an API error path (`playlist.views[1].scope`) belongs to. */
export function resolvePlaylistPath(path: string): FieldRef | undefined {
  if (path === 'playlist.intervalSeconds') return PLAYLIST_FIELDS.interval;
  if (path === 'playlist' || path === 'playlist.views') return PLAYLIST_FIELDS.views;
  const match = /^playlist\.views\[(\d+)\](?:\.(kind|scope|wardType|patientSex))?$/.exec(path);
  if (!match) return undefined;
  const fields = viewFields(Number(match[1]));
  return fields[(match[2] ?? 'kind') as keyof typeof fields];
}

/** A view as the API takes it: a bed finder's "any" choices are left out. */
function viewInput(view: ViewDraft): Record<string, string> {
  if (view.kind !== 'bed-finder') return { kind: view.kind, scope: view.scope };
  return {
    kind: view.kind,
    scope: view.scope,
    ...(view.wardType ? { wardType: view.wardType } : {}),
    ...(view.patientSex ? { patientSex: view.patientSex } : {}),
  };
}

export type PlaylistResult = { ok: true; playlist: DisplayPlaylist | null } | { ok: false; problems: FormProblem[] };

/** The `playlist` to send (null when no view was added: the screen shows its board), or what is wrong. */
export function playlistFromDraft(draft: PlaylistDraft): PlaylistResult {
  if (draft.views.length === 0) return { ok: true, playlist: null };
  const problems: FormProblem[] = [];
  const interval = parseWhole(draft.intervalSeconds);
  if (interval === null) {
    problems.push({ field: PLAYLIST_FIELDS.interval, message: 'Enter the seconds on each view as a whole number, like 30' });
  }
  draft.views.forEach((view, index) => {
    if (view.scope === '') problems.push({ field: viewFields(index).scope, message: `Choose where view ${index + 1} shows` });
  });
  if (problems.length > 0) return { ok: false, problems };
  const parsed = displayPlaylistSchema.safeParse({ intervalSeconds: interval, views: draft.views.map(viewInput) });
  if (parsed.success) return { ok: true, playlist: parsed.data };
  const details = zodIssuesToDetails(parsed.error.issues, ['playlist']);
  return { ok: false, problems: detailProblems(details, resolvePlaylistPath, PLAYLIST_FIELDS.views) };
}

type Directory = (Pick<OrgDirectory, 'collaboratives' | 'trusts'> & Partial<Pick<OrgDirectory, 'regions'>>) | null;

/** "Wall board: North East and North Cumbria (collaborative)", "Bed finder: … · PICU · female patients". */
export function viewText(view: DisplayView, directory: Directory): string {
  const where = describeBoardScope(view.scope, directory);
  if (view.kind !== 'bed-finder') return `${VIEW_KIND_LABELS[view.kind]}: ${where}`;
  const need = [
    view.wardType ? WARD_TYPE_LABELS[view.wardType] : null,
    view.patientSex ? PATIENT_SEX_WORDS[view.patientSex] : null,
  ];
  return [`${VIEW_KIND_LABELS[view.kind]}: ${where}`, ...need.filter((part) => part !== null)].join(' · ');
}

/** "Rotates every 30 s", "Rotates every 2 min 30 s". */
export function rotationText(playlist: Pick<DisplayPlaylist, 'intervalSeconds'>): string {
  const minutes = Math.floor(playlist.intervalSeconds / 60);
  const seconds = playlist.intervalSeconds % 60;
  const parts = [minutes > 0 ? `${minutes} min` : null, seconds > 0 || minutes === 0 ? `${seconds} s` : null];
  return `Rotates every ${parts.filter((part) => part !== null).join(' ')}`;
}
