/**
 * Applying an alternative to admission's capacity report to live state: last-writer-wins on source
 * time then event id (isNewerCrisisCapacityReport in shared/), so duplicates, retries and
 * out-of-order arrival end in the same state. A report that wins goes to the change stream routed to
 * the service's trust (and so its collaboratives and region).
 */
import type { CrisisCapacityReport } from '@wardpulse/shared';
import { isNewerCrisisCapacityReport } from '@wardpulse/shared';
import type { LiveStateRepository, RecordApplyOutcome } from './live-state-repository.js';

export function applyCrisisCapacity(
  live: LiveStateRepository,
  trustOds: string,
  report: CrisisCapacityReport,
): Promise<RecordApplyOutcome<CrisisCapacityReport>> {
  return live.applyRecord<CrisisCapacityReport>(
    live.liveKeys.crisisServices(trustOds),
    report.serviceId,
    (current) => (isNewerCrisisCapacityReport(report, current) ? report : null),
    {
      route: `trust:${trustOds}`,
      change: (record) => ({ kind: 'crisisCapacity', trustOds, serviceId: record.serviceId, report: record }),
    },
  );
}

/** The latest reports of a trust's alternatives to admission, by service id. */
export async function readCrisisCapacity(
  live: LiveStateRepository,
  trustOds: string,
): Promise<Map<string, CrisisCapacityReport>> {
  const read = await live.snapshot([], [trustOds]);
  return new Map((read.trusts.get(trustOds)?.crisisServices ?? []).map((report) => [report.serviceId, report]));
}
