/**
 * Accepting Section 136 suite states, whatever the door (HTTP API, a person's update, the
 * simulator): checked against the organisation and the rules in shared/, logged durably, enqueued
 * for the workers. Nothing of a rejected batch is logged.
 */
import type { ErrorDetail, OrgIndex, S136SuiteState } from '@wardpulse/shared';
import { formatPath, s136SuiteStateViolations } from '@wardpulse/shared';
import type { Logger } from 'pino';
import type { JobQueues } from '../job-queues.js';
import type { EventLog } from '../storage/event-log.js';
import { acceptEvents, type IngestResult } from './log-and-enqueue.js';

export interface S136SuiteIngestDeps {
  eventLog: EventLog;
  queues: JobQueues;
  org: () => OrgIndex;
  logger: Logger;
  now?: () => number;
}

export class S136SuiteIngest {
  constructor(private readonly deps: S136SuiteIngestDeps) {}

  /** Problems that make the batch impossible (HTTP 422); empty when it can be accepted. */
  violations(states: readonly S136SuiteState[], paths: (index: number) => PropertyKey[]): ErrorDetail[] {
    const org = this.deps.org();
    const now = (this.deps.now ?? Date.now)();
    return states.flatMap((state, index) =>
      org.s136SuitesById.has(state.suiteId)
        ? s136SuiteStateViolations(state, now, paths(index))
        : [{ path: formatPath([...paths(index), 'suiteId']), message: `unknown Section 136 suite "${state.suiteId}"` }],
    );
  }

  async accept(
    states: readonly S136SuiteState[],
    source: string,
    paths: (index: number) => PropertyKey[] = (index) => (states.length === 1 ? [] : ['events', index]),
  ): Promise<IngestResult> {
    const details = this.violations(states, paths);
    if (details.length > 0) return { ok: false, details };
    const org = this.deps.org();
    return acceptEvents(
      this.deps,
      's136SuiteState',
      states.map((state) => ({
        eventId: state.eventId,
        trustOds: org.s136SuitesById.get(state.suiteId)!.trustOds,
        wardId: null,
        observedAt: state.observedAt,
        payload: state,
      })),
      source,
      paths,
    );
  }
}
