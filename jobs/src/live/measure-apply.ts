/**
 * Applying the trust-level measures to live state: each record is merged by its rule in shared/
 * (placements: lifecycle merge; waiting lists, video days and trust figures: last-writer-wins on
 * source time),
 * so duplicates, retries and out-of-order arrival end in the same state. A change that wins goes
 * to the change stream, routed to the trust (and so its collaboratives).
 */
import type {
  PlacementEvent,
  PlacementRecord,
  ReferralDay,
  TrustFiguresRecord,
  VideoConsultationDay,
  VideoDayRecord,
  WaitingListRecord,
  WaitingListSnapshot,
} from '@wardpulse/shared';
import {
  isNewerReferralDay,
  isNewerTrustFigures,
  isNewerVideoDay,
  isNewerWaitingList,
  mergePlacementEvent,
  referralDayKey,
  samePlacement,
  videoDayKey,
} from '@wardpulse/shared';
import type { LiveStateRepository, RecordApplyOutcome } from './live-state-repository.js';

export function applyPlacementEvent(
  live: LiveStateRepository,
  event: PlacementEvent,
): Promise<RecordApplyOutcome<PlacementRecord>> {
  return live.applyRecord<PlacementRecord>(
    live.liveKeys.placements(event.sendingTrust),
    event.placementId,
    (current) => {
      const merged = mergePlacementEvent(current, event);
      return current && samePlacement(current, merged) ? null : merged;
    },
    {
      route: `trust:${event.sendingTrust}`,
      change: (placement) => ({ kind: 'placement', trustOds: event.sendingTrust, placement }),
    },
  );
}

export function applyWaitingList(
  live: LiveStateRepository,
  snapshot: WaitingListSnapshot,
): Promise<RecordApplyOutcome<WaitingListRecord>> {
  return live.applyRecord<WaitingListRecord>(
    live.liveKeys.waitingLists(snapshot.trustOds),
    snapshot.service,
    (current) => (isNewerWaitingList(snapshot, current) ? snapshot : null),
    {
      route: `trust:${snapshot.trustOds}`,
      change: (waitingList) => ({ kind: 'waitingList', trustOds: snapshot.trustOds, waitingList }),
    },
  );
}

export function applyVideoDay(live: LiveStateRepository, day: VideoConsultationDay): Promise<RecordApplyOutcome<VideoDayRecord>> {
  return live.applyRecord<VideoDayRecord>(
    live.liveKeys.videoDays(day.trustOds),
    videoDayKey(day),
    (current) => (isNewerVideoDay(day, current) ? day : null),
    { route: `trust:${day.trustOds}`, change: (videoDay) => ({ kind: 'videoDay', trustOds: day.trustOds, videoDay }) },
  );
}

export function applyTrustFigures(
  live: LiveStateRepository,
  figures: TrustFiguresRecord,
): Promise<RecordApplyOutcome<TrustFiguresRecord>> {
  return live.applyRecord<TrustFiguresRecord>(
    live.liveKeys.trustFigures,
    figures.trustOds,
    (current) => (isNewerTrustFigures(figures, current) ? figures : null),
    {
      route: `trust:${figures.trustOds}`,
      change: (trustFigures) => ({ kind: 'trustFigures', trustOds: figures.trustOds, trustFigures }),
    },
  );
}

/** A trust's day of referrals to one service: the latest report of the day and service wins. */
export function applyReferralDay(live: LiveStateRepository, day: ReferralDay): Promise<RecordApplyOutcome<ReferralDay>> {
  return live.applyRecord<ReferralDay>(
    live.liveKeys.referralDays(day.trustOds),
    referralDayKey(day),
    (current) => (isNewerReferralDay(day, current) ? day : null),
    { route: `trust:${day.trustOds}`, change: (referralDay) => ({ kind: 'referralDay', trustOds: day.trustOds, referralDay }) },
  );
}
