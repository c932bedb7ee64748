/**
 * Job handlers, registered in one place. The handler map is typed by job name, so a missing or
 * extra handler fails to compile; `assertHandlers` also fails start-up loudly if one is missing.
 */
import { toWardBedState } from '@wardpulse/shared';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { sweepOutbox } from '../ingest/outbox-sweep.js';
import type { JobQueues } from '../job-queues.js';
import type { LiveStateRepository } from '../live/live-state-repository.js';
import { JobName, type JobOutcome, type JobPayloads } from '../queues.js';
import type { Simulator } from '../simulator/simulator.js';
import type { EventLog } from '../storage/event-log.js';

export type JobHandler<Name extends JobName> = (job: Job<JobPayloads[Name]>) => Promise<JobOutcome>;
export type JobHandlers = { [Name in JobName]: JobHandler<Name> };

export interface HandlerDeps {
  live: LiveStateRepository;
  eventLog: EventLog;
  queues: JobQueues;
  simulator: Simulator;
  logger: Logger;
}

export function createHandlers(deps: HandlerDeps): JobHandlers {
  return {
    [JobName.ApplyBedState]: async (job) => {
      const { observation } = job.data;
      const result = await deps.live.applyWardState(observation.wardId, toWardBedState(observation));
      // Marked after applying: a crash in between re-runs the job, and re-applying is a no-op.
      await deps.eventLog.markApplied(observation.eventId, result.outcome);
      return result.outcome;
    },
    [JobName.SimulatorTick]: async () => {
      await deps.simulator.tick();
      return 'done';
    },
    [JobName.OutboxSweep]: async () => {
      const requeued = await sweepOutbox(deps.eventLog, deps.queues);
      if (requeued > 0) deps.logger.warn({ requeued }, 'outbox sweep re-enqueued events that were logged but not applied');
      return 'done';
    },
  };
}

export function assertHandlers(handlers: Partial<JobHandlers>): asserts handlers is JobHandlers {
  const missing = Object.values(JobName).filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) throw new Error(`no handler registered for jobs: ${missing.join(', ')}`);
}
