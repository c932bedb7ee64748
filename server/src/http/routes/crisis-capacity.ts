/**
 * Alternatives to admission's capacity (#17 item 3): POST /api/v1/crisis-capacity — feeds (API key
 * with ingest over the service's trust), one crisis house, crisis day service or home treatment
 * team's report or a batch, exactly like /bed-states (ingest-route.ts).
 */
import type { MeasureIngest } from '@wardpulse/jobs';
import type { CrisisCapacityReport } from '@wardpulse/shared';
import { crisisCapacityBatchSchema, crisisCapacityReportSchema } from '@wardpulse/shared';
import type { Router } from 'express';
import { ingestRoute, type IngestRouteDeps } from './ingest-route.js';

export interface CrisisCapacityRouteDeps extends IngestRouteDeps {
  measures: MeasureIngest;
}

export function crisisCapacityRoute(deps: CrisisCapacityRouteDeps): Router {
  return ingestRoute<CrisisCapacityReport>(
    {
      path: '/crisis-capacity',
      kind: 'crisisCapacity',
      noun: 'crisis capacity report',
      schema: crisisCapacityReportSchema,
      batchSchema: crisisCapacityBatchSchema,
      trustOf: (report, org) => {
        const service = org.crisisServicesById.get(report.serviceId);
        return service ? { ods: service.trustOds, field: 'serviceId' } : undefined;
      },
      accept: (reports, source, paths) => deps.measures.acceptCrisisCapacity(reports, source, paths),
      impossible: 'the crisis capacity report cannot be true, or names an unknown crisis service',
    },
    deps,
  );
}
