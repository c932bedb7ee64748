/**
 * Last-writer-wins for alerts on the client: of two copies of one alert, the one with the later
 * `updatedAt` is kept (newer-changes.ts applies this to a board's deltas), and a resolved alert leaves
 * the open list (applyLiveChanges in shared). A board remembers the alerts it saw resolve (a bounded
 * map), so a delayed copy from before the resolution cannot bring one back.
 */
import type { AlertSummary } from '@wardpulse/shared';

type Stamped = Pick<AlertSummary, 'updatedAt'>;

function timeOf(text: string | null | undefined): number {
  return text ? Date.parse(text) : Number.NaN;
}

/**
 * Whether `candidate` may replace what is held (`heldUpdatedAt`, undefined when nothing is). The same
 * instant is accepted: applying one copy twice changes nothing.
 */
export function isCurrentAlertCopy(candidate: Stamped, heldUpdatedAt: string | undefined): boolean {
  const heldMs = timeOf(heldUpdatedAt);
  const candidateMs = timeOf(candidate.updatedAt);
  return Number.isNaN(heldMs) || Number.isNaN(candidateMs) || candidateMs >= heldMs;
}

/** How many resolved alerts a board remembers (ids and times): enough for any replay window, bounded for weeks of running. */
export const RESOLVED_MEMORY = 500;

/** Remembers `id` as resolved at `updatedAt`, forgetting the oldest entries beyond `limit`. Edits `memory`. */
export function rememberResolved(memory: Map<string, string>, id: string, updatedAt: string, limit = RESOLVED_MEMORY): void {
  memory.delete(id);
  memory.set(id, updatedAt);
  while (memory.size > limit) {
    const oldest = memory.keys().next().value;
    if (oldest === undefined) break;
    memory.delete(oldest);
  }
}

/** Alerts now open that were not open before and are firing: what deserves a sound on a wall screen. */
export function newlyFiring<T extends Pick<AlertSummary, 'id' | 'status'>>(
  previousIds: ReadonlySet<string>,
  alerts: readonly T[],
): T[] {
  return alerts.filter((alert) => alert.status === 'firing' && !previousIds.has(alert.id));
}
