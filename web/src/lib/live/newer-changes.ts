/**
 * Last-writer-wins on the client (architecture.md, principle 1): a record older than the one the
 * board holds is dropped. Deltas that arrive just before a subscribe acknowledgement may already be in
 * its snapshot, and a resume may replay a delta already seen; with this guard, applying either again
 * cannot move a ward, a placement, a waiting list, a video day or an escalation level back in time.
 *
 * Each kind is ordered by the same rule the server uses to pick the live record (shared): ward states
 * by observation time, waiting lists by `asOf` (isNewerWaitingList), video days by `observedAt`
 * (isNewerVideoDay), referral days by `observedAt` (isNewerReferralDay), trust figures by `observedAt` (isNewerTrustFigures), Section 136 suites by theirs
 * (isNewerS136SuiteState), alternatives to admission by theirs (isNewerCrisisCapacityReport), a ward's
 * delayed discharges by their list and nights (isSupersededDelaysRecord), a ward's stays by when they
 * were read (mergeWardStays),
 * escalation by assessment time; a placement record only ever gains a start, an end
 * or later details, so one that lacks what the held record has is older. An alert is ordered by its
 * `updatedAt`, against the open copy held or, once it has resolved, the time it resolved (the board
 * remembers those: a resolved alert leaves the snapshot, and an older copy must not bring it back).
 *
 * The other side of what a board holds is what it may forget: pruneTrustRecords drops the records no
 * live view needs any more, by the rules the server's snapshot uses (jobs/src/live/live-snapshots.ts),
 * so a board open for weeks holds what a freshly loaded one would.
 */
import {
  earliestLiveReferralDate,
  earliestLiveVideoDate,
  isLivePlacement,
  isNewerReferralDay,
  isSupersededDelaysRecord,
  isNewerCrisisCapacityReport,
  isNewerS136SuiteState,
  isNewerTrustFigures,
  isNewerVideoDay,
  isNewerWaitingList,
  londonPeriod,
  referralDayKey,
  videoDayKey,
  type LiveChange,
  type LiveSnapshot,
  type PlacementRecord,
  type TrustLive,
  type WardLive,
} from '@wardpulse/shared';
import { isCurrentAlertCopy } from '../alerts/alert-changes.js';

/**
 * What the guard needs of the board: its wards, (for the trust-level kinds) its trusts and level, its
 * open alerts, and the `updatedAt` of alerts it saw resolve, by alert id.
 */
export type HeldRecords = Pick<LiveSnapshot, 'wards'> &
  Partial<
    Pick<LiveSnapshot, 'trusts' | 'escalation' | 'alerts' | 's136Suites' | 'dischargeDelays' | 'wardStays' | 'crisisServices'>
  > & {
    resolvedAlerts?: ReadonlyMap<string, string>;
  };

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
      case 'wardNotReporting':
        // Names the report it is about; applyLiveChanges ignores it once a newer report is held.
        return true;
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
      case 'referralDay': {
        const key = referralDayKey(change.referralDay);
        const current = trustOf(change.trustOds)?.referralDays?.find((day) => referralDayKey(day) === key);
        return (
          current === undefined ||
          current.eventId === change.referralDay.eventId ||
          isNewerReferralDay(change.referralDay, current)
        );
      }
      case 'trustFigures': {
        const current = trustOf(change.trustOds)?.trustFigures;
        return !current || current.eventId === change.trustFigures.eventId || isNewerTrustFigures(change.trustFigures, current);
      }
      case 's136Suite': {
        const current = records.s136Suites?.find((suite) => suite.suite.id === change.suiteId)?.state;
        return !current || current.eventId === change.state.eventId || isNewerS136SuiteState(change.state, current);
      }
      case 'crisisCapacity': {
        const current = records.crisisServices?.find((live) => live.service.id === change.serviceId)?.report;
        return !current || current.eventId === change.report.eventId || isNewerCrisisCapacityReport(change.report, current);
      }
      case 'dischargeDelays': {
        const current = records.dischargeDelays?.find((record) => record.wardId === change.wardId);
        return !current || !isSupersededDelaysRecord(change.record, current);
      }
      case 'wardStays': {
        // A later reading of the ward's stays replaces an earlier one (mergeWardStays, by readAt).
        const current = records.wardStays?.find((record) => record.wardId === change.wardId);
        return !current || timeOf(change.record.readAt) >= timeOf(current.readAt);
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
      default: {
        // Every kind needs its ordering rule here: without one a new kind would be dropped silently.
        const unordered: never = change;
        return Boolean(unordered);
      }
    }
  });
}

/** Removes, in place, the items of `list` that `remove` picks; returns how many went. */
function removeWhere<T>(list: T[], remove: (item: T) => boolean): number {
  let removed = 0;
  for (let index = list.length - 1; index >= 0; index -= 1) {
    if (remove(list[index]!)) {
      list.splice(index, 1);
      removed += 1;
    }
  }
  return removed;
}

/**
 * Drops, in place, the trust-level records a live view no longer needs at `now`: placements that
 * ended before this month (isLivePlacement), video days before this week or month
 * (earliestLiveVideoDate) and referral days before today (earliestLiveReferralDate) — what the server leaves out of a fresh snapshot. Returns how many went.
 * In place, so a board's reactive state is updated rather than replaced.
 */
export function pruneTrustRecords(trusts: Pick<TrustLive, 'placements' | 'videoDays' | 'referralDays'>[], now: number): number {
  const monthStart = londonPeriod('month', now).start;
  const firstVideoDate = earliestLiveVideoDate(now);
  const firstReferralDate = earliestLiveReferralDate(now);
  let removed = 0;
  for (const trust of trusts) {
    removed += removeWhere(trust.placements, (placement) => !isLivePlacement(placement, monthStart));
    removed += removeWhere(trust.videoDays, (day) => day.date < firstVideoDate);
    if (trust.referralDays) removed += removeWhere(trust.referralDays, (day) => day.date < firstReferralDate);
  }
  return removed;
}
