/**
 * Accepting wards' delayed-discharge lists, whatever the door (HTTP API, the bed manager's form, a
 * CSV import, the simulator): checked against the organisation and the rules in shared/ (an opaque
 * key, never an NHS number; no delay beginning after it was reported), logged durably under the
 * ward's trust, enqueued for the workers. Nothing of a rejected batch is logged.
 */
import type { DischargeDelaysSnapshot, ErrorDetail, OrgIndex } from '@wardpulse/shared';
import { dischargeDelaysViolations, formatPath } from '@wardpulse/shared';
import type { Logger } from 'pino';
import type { JobQueues } from '../job-queues.js';
import type { EventLog } from '../storage/event-log.js';
import { acceptEvents, type IngestResult } from './log-and-enqueue.js';

export interface DischargeDelayIngestDeps {
  eventLog: EventLog;
  queues: JobQueues;
  org: () => OrgIndex;
  logger: Logger;
  now?: () => number;
}

/** Problems that make the batch impossible (HTTP 422); empty when it can be accepted. */
export function dischargeDelayBatchViolations(
  org: OrgIndex,
  snapshots: readonly DischargeDelaysSnapshot[],
  now: number,
  paths: (index: number) => PropertyKey[],
): ErrorDetail[] {
  return snapshots.flatMap((snapshot, index) =>
    org.wardsById.has(snapshot.wardId)
      ? dischargeDelaysViolations(snapshot, now, paths(index))
      : [{ path: formatPath([...paths(index), 'wardId']), message: `unknown ward "${snapshot.wardId}"` }],
  );
}

export async function acceptDischargeDelays(
  deps: DischargeDelayIngestDeps,
  snapshots: readonly DischargeDelaysSnapshot[],
  source: string,
  paths: (index: number) => PropertyKey[],
): Promise<IngestResult> {
  const org = deps.org();
  const details = dischargeDelayBatchViolations(org, snapshots, (deps.now ?? Date.now)(), paths);
  if (details.length > 0) return { ok: false, details };
  return acceptEvents(
    deps,
    'dischargeDelays',
    snapshots.map((snapshot) => ({
      eventId: snapshot.eventId,
      trustOds: org.wardsById.get(snapshot.wardId)!.trustOds,
      wardId: snapshot.wardId,
      observedAt: snapshot.observedAt,
      payload: snapshot,
    })),
    source,
    paths,
  );
}
