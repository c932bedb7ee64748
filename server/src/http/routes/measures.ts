/**
 * Ingest of the trust-level measures, each like /bed-states (ingest-route.ts):
 * - POST /api/v1/placements — out-of-area placement lifecycle events;
 * - POST /api/v1/waiting-lists — waiting-list snapshots per trust and service;
 * - POST /api/v1/video-consultations — daily contact counts by consultation mechanism.
 */
import type { MeasureIngest } from '@wardpulse/jobs';
import type { PlacementEvent, VideoConsultationDay, WaitingListSnapshot } from '@wardpulse/shared';
import {
  placementBatchSchema,
  placementEventSchema,
  videoConsultationBatchSchema,
  videoConsultationDaySchema,
  waitingListBatchSchema,
  waitingListSnapshotSchema,
} from '@wardpulse/shared';
import { Router } from 'express';
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
  return router;
}
