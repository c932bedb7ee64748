/**
 * The maintenance window form: which trust or collaborative, from and to (UK time in the fields, sent
 * as instants), and why. A window holds back notifications of the alerts it covers; evaluation
 * carries on. Validation runs the shared `maintenanceWindowInputSchema`.
 */
import {
  maintenanceWindowInputSchema,
  zodIssuesToDetails,
  type MaintenanceWindow,
  type MaintenanceWindowInput,
} from '@wardpulse/shared';
import type { FieldRef } from '../forms/form-errors.js';
import { detailProblems, type FormProblem } from './draft-errors.js';
import { londonInputFromNow, londonInputToIso } from './london-time.js';

export interface MaintenanceDraft {
  scope: string;
  /** `datetime-local` values, London wall clock. */
  from: string;
  to: string;
  reason: string;
}

export const MAINTENANCE_FIELDS = {
  scope: { id: 'maintenance-scope', label: 'Covers' },
  from: { id: 'maintenance-from', label: 'From' },
  to: { id: 'maintenance-to', label: 'To' },
  reason: { id: 'maintenance-reason', label: 'Reason' },
} as const satisfies Record<string, FieldRef>;

/** A new window: from now for two hours. */
export function newMaintenanceDraft(now: number, scope = ''): MaintenanceDraft {
  return { scope, from: londonInputFromNow(now, 0), to: londonInputFromNow(now, 2), reason: '' };
}

export type MaintenanceDraftResult = { ok: true; input: MaintenanceWindowInput } | { ok: false; problems: FormProblem[] };

export function maintenanceInputFromDraft(draft: MaintenanceDraft): MaintenanceDraftResult {
  const from = londonInputToIso(draft.from);
  const to = londonInputToIso(draft.to);
  const local: FormProblem[] = [];
  if (draft.scope === '')
    local.push({ field: MAINTENANCE_FIELDS.scope, message: 'Choose the trust or collaborative the window covers' });
  if (from === null) local.push({ field: MAINTENANCE_FIELDS.from, message: 'Enter when the window starts (UK time)' });
  if (to === null) local.push({ field: MAINTENANCE_FIELDS.to, message: 'Enter when the window ends (UK time)' });
  else if (from !== null && Date.parse(to) <= Date.parse(from))
    local.push({ field: MAINTENANCE_FIELDS.to, message: 'The window must end after it starts' });
  const parsed = maintenanceWindowInputSchema.safeParse({
    scope: draft.scope,
    from: from ?? '',
    to: to ?? '',
    reason: draft.reason,
  });
  const localIds = new Set(local.map((problem) => problem.field.id));
  const schema = parsed.success
    ? []
    : detailProblems(
        zodIssuesToDetails(parsed.error.issues),
        (path) => (MAINTENANCE_FIELDS as Record<string, FieldRef>)[path],
        MAINTENANCE_FIELDS.reason,
      ).filter((problem) => !localIds.has(problem.field.id));
  const problems = [...local, ...schema];
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, input: parsed.data };
}

export type WindowState = 'active' | 'upcoming' | 'ended';

export const WINDOW_STATE_LABELS: Record<WindowState, string> = { active: 'In force now', upcoming: 'Upcoming', ended: 'Ended' };

export function windowState(window: Pick<MaintenanceWindow, 'from' | 'to'>, now: number): WindowState {
  if (Date.parse(window.to) <= now) return 'ended';
  return Date.parse(window.from) <= now ? 'active' : 'upcoming';
}

/** In force first, then upcoming (soonest first), then ended (latest first). */
export function orderWindows<T extends Pick<MaintenanceWindow, 'from' | 'to'>>(windows: readonly T[], now: number): T[] {
  const rank: Record<WindowState, number> = { active: 0, upcoming: 1, ended: 2 };
  return [...windows].sort((a, b) => {
    const byState = rank[windowState(a, now)] - rank[windowState(b, now)];
    if (byState !== 0) return byState;
    return windowState(a, now) === 'ended' ? Date.parse(b.to) - Date.parse(a.to) : Date.parse(a.from) - Date.parse(b.from);
  });
}
