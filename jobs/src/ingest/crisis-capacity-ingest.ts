/**
 * Accepting alternatives to admission's capacity reports, whatever the door (HTTP API, a bed
 * manager's update, the simulator): each must name a known crisis service and pass the rules in
 * shared/ (crisis-capacity.ts), then the batch is logged durably under the services' trusts and
 * enqueued. Nothing of a rejected batch is logged.
 */
import type { CrisisCapacityReport, ErrorDetail, OrgIndex } from '@wardpulse/shared';
import { crisisCapacityViolations, formatPath } from '@wardpulse/shared';
import { acceptEvents, type IngestResult, type LogAndEnqueueDeps } from './log-and-enqueue.js';

export interface CrisisCapacityIngestDeps extends LogAndEnqueueDeps {
  org: () => OrgIndex;
  now?: () => number;
}

/** Problems that make the batch impossible (HTTP 422); empty when it can be accepted. */
export function crisisCapacityBatchViolations(
  org: OrgIndex,
  reports: readonly CrisisCapacityReport[],
  nowMs: number,
  paths: (index: number) => PropertyKey[],
): ErrorDetail[] {
  return reports.flatMap((report, index) => {
    const service = org.crisisServicesById.get(report.serviceId);
    return service
      ? crisisCapacityViolations(report, service, nowMs, paths(index))
      : [{ path: formatPath([...paths(index), 'serviceId']), message: `unknown crisis service "${report.serviceId}"` }];
  });
}

export function acceptCrisisCapacity(
  deps: CrisisCapacityIngestDeps,
  reports: readonly CrisisCapacityReport[],
  source: string,
  paths: (index: number) => PropertyKey[] = (index) => (reports.length === 1 ? [] : ['events', index]),
): Promise<IngestResult> {
  const org = deps.org();
  const details = crisisCapacityBatchViolations(org, reports, (deps.now ?? Date.now)(), paths);
  if (details.length > 0) return Promise.resolve({ ok: false, details });
  return acceptEvents(
    deps,
    'crisisCapacity',
    reports.map((report) => ({
      eventId: report.eventId,
      trustOds: org.crisisServicesById.get(report.serviceId)!.trustOds,
      wardId: null,
      observedAt: report.observedAt,
      payload: report,
    })),
    source,
    paths,
  );
}
