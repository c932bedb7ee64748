/**
 * Last-writer-wins on the client (architecture.md, principle 1): a ward state older than the one the
 * board holds is dropped. Deltas that arrive just before a subscribe acknowledgement may already be in
 * its snapshot, and a resume may replay a delta already seen; with this guard, applying either again
 * cannot move a ward back in time.
 */
import type { LiveChange, WardLive } from '@wardpulse/shared';

export function newerChanges(wards: readonly WardLive[], changes: readonly LiveChange[]): LiveChange[] {
  // Latest observation time accepted in this batch, so two changes to one ward are also ordered.
  const acceptedMs = new Map<string, number>();
  return changes.filter((change) => {
    const changeMs = Date.parse(change.state.observedAt);
    const heldMs =
      acceptedMs.get(change.wardId) ??
      Date.parse(wards.find((candidate) => candidate.ward.id === change.wardId)?.state?.observedAt ?? '');
    if (!Number.isNaN(heldMs) && !Number.isNaN(changeMs) && changeMs < heldMs) return false;
    if (!Number.isNaN(changeMs)) acceptedMs.set(change.wardId, changeMs);
    return true;
  });
}
