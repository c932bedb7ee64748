/**
 * Ingest of the trust-level measures, each like /bed-states (ingest-route.ts):
 * - POST /api/v1/placements — out-of-area placement lifecycle events;
 * - POST /api/v1/waiting-lists — waiting-list snapshots per trust and service;
 * - POST /api/v1/video-consultations — daily contact counts by consultation mechanism;
 * - POST /api/v1/referrals — a trust's day of referrals to one service (received, decisions, sources);
 * - POST /api/v1/trust-figures — a trust's own figures (referrals waiting, discharges, breaches,
 *   patients from other trusts), reported by a feed under its API key's name.
 */
import type { MeasureIngest } from '@wardpulse/jobs';
import type {
  PlacementEvent,
  ReferralDay,
  TrustFiguresObservation,
  VideoConsultationDay,
  WaitingListSnapshot,
} from '@wardpulse/shared';
import {
  placementBatchSchema,
  placementEventSchema,
  trustFiguresBatchSchema,
  trustFiguresSchema,
  referralBatchSchema,
  referralDaySchema,
  videoConsultationBatchSchema,
  videoConsultationDaySchema,
  waitingListBatchSchema,
  waitingListSnapshotSchema,
} from '@wardpulse/shared';
import { Router } from 'express';
import type { Principal } from '../../auth/access.js';
import { ingestRoute, type IngestRouteDeps } from './ingest-route.js';

export interface MeasuresRouteDeps extends IngestRouteDeps {
  measures: MeasureIngest;
}

export function measuresRoute(deps: MeasuresRouteDeps): Router {
  const router = Router();
  router.use(
    ingestRoute<PlacementEvent>(
      {
        path: '/placements',
        kind: 'placement',
        noun: 'placement event',
        schema: placementEventSchema,
        batchSchema: placementBatchSchema,
        trustOf: (event) => ({ ods: event.sendingTrust, field: 'sendingTrust' }),
        accept: (events, source, paths) => deps.measures.acceptPlacements(events, source, paths),
        impossible: 'the placement event is impossible or contradicts the placement so far',
      },
      deps,
    ),
  );
  router.use(
    ingestRoute<WaitingListSnapshot>(
      {
        path: '/waiting-lists',
        kind: 'waitingList',
        noun: 'waiting-list snapshot',
        schema: waitingListSnapshotSchema,
        batchSchema: waitingListBatchSchema,
        trustOf: (snapshot) => ({ ods: snapshot.trustOds, field: 'trustOds' }),
        accept: (snapshots, source, paths) => deps.measures.acceptWaitingLists(snapshots, source, paths),
        impossible: 'the waiting-list snapshot is impossible',
      },
      deps,
    ),
  );
  router.use(
    ingestRoute<VideoConsultationDay>(
      {
        path: '/video-consultations',
        kind: 'videoDay',
        noun: 'video consultation day',
        schema: videoConsultationDaySchema,
        batchSchema: videoConsultationBatchSchema,
        trustOf: (day) => ({ ods: day.trustOds, field: 'trustOds' }),
        accept: (days, source, paths) => deps.measures.acceptVideoDays(days, source, paths),
        impossible: 'the contact counts are impossible',
      },
      deps,
    ),
  );
  router.use(
    ingestRoute<ReferralDay>(
      {
        path: '/referrals',
        kind: 'referralDay',
        noun: 'referral day',
        schema: referralDaySchema,
        batchSchema: referralBatchSchema,
        trustOf: (day) => ({ ods: day.trustOds, field: 'trustOds' }),
        accept: (days, source, paths) => deps.measures.acceptReferralDays(days, source, paths),
        impossible: 'the referral counts are impossible',
      },
      deps,
    ),
  );
  router.use(
    ingestRoute<TrustFiguresObservation>(
      {
        path: '/trust-figures',
        kind: 'trustFigures',
        noun: 'trust figures report',
        schema: trustFiguresSchema,
        batchSchema: trustFiguresBatchSchema,
        trustOf: (report) => ({ ods: report.trustOds, field: 'trustOds' }),
        accept: (reports, source, paths, principal) =>
          deps.measures.acceptTrustFigures(reports, source, { kind: 'feed', name: reporterName(principal) }, paths),
        impossible: 'the trust figures cannot be true',
      },
      deps,
    ),
  );
  return router;
}

/** The name boards show for a feed's report: its API key's name (a person may ingest with a session too). */
function reporterName(principal: Principal): string {
  if (principal.kind === 'api-key') return principal.key.name;
  if (principal.kind === 'user') return principal.user.name;
  return 'feed';
}
