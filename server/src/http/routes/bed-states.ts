/**
 * POST /api/v1/bed-states — one observation or a batch `{events:[…]}`, all or nothing.
 * 422 for an impossible state or an unknown ward; the rest as every ingest route (ingest-route.ts).
 */
import type { BedStateIngest } from '@wardpulse/jobs';
import type { BedStateObservation } from '@wardpulse/shared';
import { bedStateBatchSchema, bedStateSchema } from '@wardpulse/shared';
import type { Router } from 'express';
import { ingestRoute, type IngestRouteDeps } from './ingest-route.js';

export interface BedStatesRouteDeps extends IngestRouteDeps {
  ingest: BedStateIngest;
}

export function bedStatesRoute(deps: BedStatesRouteDeps): Router {
  return ingestRoute<BedStateObservation>(
    {
      path: '/bed-states',
      kind: 'bedState',
      noun: 'bed state',
      schema: bedStateSchema,
      batchSchema: bedStateBatchSchema,
      trustOf: (observation, org) => {
        const ward = org.wardsById.get(observation.wardId);
        return ward ? { ods: ward.trustOds, field: 'wardId' } : undefined;
      },
      accept: (observations, source, paths) => deps.ingest.accept(observations, source, paths),
      impossible: 'the bed state describes an impossible ward',
    },
    deps,
  );
}
