/**
 * Accepting bed-state observations, whatever the door (HTTP API, simulator, later CSV and
 * HL7): check them against the organisation and the definitions, log them durably, enqueue
 * them for the workers. Nothing of a rejected batch is applied.
 */
import type { BedStateObservation, ErrorDetail, OrgIndex } from '@wardpulse/shared';
import { bedStateViolations, formatPath } from '@wardpulse/shared';
import type { JobQueues } from '../job-queues.js';
import type { EventLog } from '../storage/event-log.js';
import { acceptEvents, type IngestResult } from './log-and-enqueue.js';
import type { Logger } from 'pino';

export interface BedStateIngestDeps {
  eventLog: EventLog;
  queues: JobQueues;
  org: () => OrgIndex;
  logger: Logger;
  now?: () => number;
}

export class BedStateIngest {
  constructor(private readonly deps: BedStateIngestDeps) {}

  /** Problems that make the batch impossible (HTTP 422); empty when it can be accepted. */
  violations(observations: readonly BedStateObservation[], paths: (index: number) => PropertyKey[]): ErrorDetail[] {
    const org = this.deps.org();
    const now = (this.deps.now ?? Date.now)();
    return observations.flatMap((observation, index) => {
      if (!org.wardsById.has(observation.wardId)) {
        return [{ path: formatPath([...paths(index), 'wardId']), message: `unknown ward "${observation.wardId}"` }];
      }
      return bedStateViolations(observation, now, paths(index));
    });
  }

  async accept(
    observations: readonly BedStateObservation[],
    source: string,
    paths: (index: number) => PropertyKey[] = (index) => (observations.length === 1 ? [] : ['events', index]),
  ): Promise<IngestResult> {
    const details = this.violations(observations, paths);
    if (details.length > 0) return { ok: false, details };
    const org = this.deps.org();
    return acceptEvents(
      this.deps,
      'bedState',
      observations.map((observation) => ({
        eventId: observation.eventId,
        trustOds: org.wardsById.get(observation.wardId)!.trustOds,
        wardId: observation.wardId,
        observedAt: observation.observedAt,
        payload: observation,
      })),
      source,
      paths,
    );
  }
}
