/** Words and dates of the admin pages: when things happened, audit actions, what a key may do. */
import type { OrgDirectory } from '@wardpulse/shared';
import { AUDIT_ACTION_LABELS } from '@wardpulse/shared';

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** "5 Mar 2026, 14:05" in UK time; `never` when there is no date. */
export function formatDateTime(iso: string | null, never = 'Never'): string {
  if (iso === null) return never;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME.format(date);
}

/** An action in words (from shared/); one this list does not know is still shown, by its code. */
export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

export const KEY_ABILITY_LABELS: Record<string, string> = { ingest: 'Send data (ingest)', read: 'Read boards and data' };

export function describeKeyAbilities(can: readonly string[]): string {
  return can.map((ability) => (ability === 'ingest' ? 'send data' : ability === 'read' ? 'read' : ability)).join(' and ');
}

/** "trust:RX4" → "Tees, Esk and Wear Valleys (RX4)"; "collaborative:nenc" → its name; else as given. */
export function describeBoardScope(
  scope: string,
  directory: (Pick<OrgDirectory, 'collaboratives' | 'trusts'> & Partial<Pick<OrgDirectory, 'regions'>>) | null,
): string {
  const [kind, id] = scope.split(':', 2);
  if (kind === 'region') {
    const name = directory?.regions?.find((region) => region.code === id)?.name;
    return name ? `${name} (region)` : `Region ${id}`;
  }
  if (kind === 'trust') {
    const name = directory?.trusts.find((trust) => trust.ods === id)?.name;
    return name ? `${name} (${id})` : `Trust ${id}`;
  }
  if (kind === 'collaborative') {
    const name = directory?.collaboratives.find((collaborative) => collaborative.id === id)?.name;
    return name ? `${name} (collaborative)` : `Collaborative ${id}`;
  }
  return scope;
}

/**
 * A date field (YYYY-MM-DD, in the browser's time zone) as the instant the audit filter wants: the
 * start of that day, or with `endOfDay` the start of the next (the server's `to` is exclusive). Null
 * for an empty or impossible date.
 */
export function dayBoundary(date: string, endOfDay = false): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(year, month - 1, day);
  if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== day) return null;
  if (endOfDay) start.setDate(start.getDate() + 1);
  return start.toISOString();
}
