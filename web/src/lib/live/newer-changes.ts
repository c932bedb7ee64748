/**
 * Last-writer-wins on the client (architecture.md, principle 1): a record older than the one the
 * board holds is dropped. Deltas that arrive just before a subscribe acknowledgement may already be in
 * its snapshot, and a resume may replay a delta already seen; with this guard, applying either again
 * cannot move a ward, a placement, a waiting list, a video day or an escalation level back in time.
 *
 * Each kind is ordered by the same rule the server uses to pick the live record (shared): ward states
 * by observation time, waiting lists by `asOf` (isNewerWaitingList), video days by `observedAt`
 * (isNewerVideoDay), escalation by assessment time; a placement record only ever gains a start, an end
 * or later details, so one that lacks what the held record has is older. An alert is ordered by its
 * `updatedAt`, against the open copy held or, once it has resolved, the time it resolved (the board
 * remembers those: a resolved alert leaves the snapshot, and an older copy must not bring it back).
 */
import {
  isNewerVideoDay,
  isNewerWaitingList,
  videoDayKey,
  type LiveChange,
  type LiveSnapshot,
  type PlacementRecord,
  type WardLive,
} from '@wardpulse/shared';
import { isCurrentAlertCopy } from '../alerts/alert-changes.js';

/**
 * What the guard needs of the board: its wards, (for the trust-level kinds) its trusts and level, its
 * open alerts, and the `updatedAt` of alerts it saw resolve, by alert id.
 */
export type HeldRecords = Pick<LiveSnapshot, 'wards'> &
  Partial<Pick<LiveSnapshot, 'trusts' | 'escalation' | 'alerts'>> & { resolvedAlerts?: ReadonlyMap<string, string> };

function timeOf(text: string | null | undefined): number {
  return text ? Date.parse(text) : Number.NaN;
}

/** True when `candidate` says less than `held` does: a replay of an earlier state of the placement. */
export function isOlderPlacement(candidate: PlacementRecord, held: PlacementRecord): boolean {
  if (held.startEventId !== null && candidate.startEventId === null) return true;
  if (held.endEventId !== null && candidate.endEventId === null) return true;
  const candidateAt = timeOf(candidate.detailsAt);
  const heldAt = timeOf(held.detailsAt);
  if (Number.isNaN(heldAt)) return false;
  if (Number.isNaN(candidateAt)) return true;
  if (candidateAt !== heldAt) return candidateAt < heldAt;
  return (candidate.detailsEventId ?? '') < (held.detailsEventId ?? '');
}

function wardStateTime(wards: readonly WardLive[], wardId: string): number {
  return timeOf(wards.find((candidate) => candidate.ward.id === wardId)?.state?.observedAt);
}

export function newerChanges(records: HeldRecords, changes: readonly LiveChange[]): LiveChange[] {
  // Latest ward observation accepted in this batch, so two changes to one ward are also ordered.
  const acceptedMs = new Map<string, number>();
  // Likewise the latest copy of each alert accepted in this batch.
  const acceptedAlerts = new Map<string, string>();
  const trustOf = (ods: string) => records.trusts?.find((trust) => trust.ods === ods);
  return changes.filter((change) => {
    switch (change.kind) {
      case 'wardState': {
        const changeMs = timeOf(change.state.observedAt);
        const heldMs = acceptedMs.get(change.wardId) ?? wardStateTime(records.wards, change.wardId);
        if (!Number.isNaN(heldMs) && !Number.isNaN(changeMs) && changeMs < heldMs) return false;
        if (!Number.isNaN(changeMs)) acceptedMs.set(change.wardId, changeMs);
        return true;
      }
      case 'placement': {
        const current = trustOf(change.trustOds)?.placements.find((p) => p.placementId === change.placement.placementId);
        return current === undefined || !isOlderPlacement(change.placement, current);
      }
      case 'waitingList': {
        const current = trustOf(change.trustOds)?.waitingLists.find((w) => w.service === change.waitingList.service);
        return (
          current === undefined ||
          current.eventId === change.waitingList.eventId ||
          isNewerWaitingList(change.waitingList, current)
        );
      }
      case 'videoDay': {
        const key = videoDayKey(change.videoDay);
        const current = trustOf(change.trustOds)?.videoDays.find((day) => videoDayKey(day) === key);
        return current === undefined || current.eventId === change.videoDay.eventId || isNewerVideoDay(change.videoDay, current);
      }
      case 'escalation': {
        const scope = change.escalation.scope;
        const current =
          records.escalation?.scope === scope
            ? records.escalation
            : trustOf(scope.startsWith('trust:') ? scope.slice('trust:'.length) : '')?.escalation;
        if (!current) return true;
        const heldMs = timeOf(current.assessedAt);
        const changeMs = timeOf(change.escalation.assessedAt);
        return Number.isNaN(heldMs) || Number.isNaN(changeMs) || changeMs >= heldMs;
      }
      case 'alert': {
        const id = change.alert.id;
        const held =
          acceptedAlerts.get(id) ??
          records.alerts?.find((alert) => alert.id === id)?.updatedAt ??
          records.resolvedAlerts?.get(id);
        if (!isCurrentAlertCopy(change.alert, held)) return false;
        acceptedAlerts.set(id, change.alert.updatedAt);
        return true;
      }
    }
  });
}
