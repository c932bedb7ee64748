/**
 * Queue and job names in one place, each job name tied to its payload type, and the one
 * function that builds idempotent job ids (Immich's pattern).
 */
import type { BedStateObservation } from '@wardpulse/shared';

export const QueueName = {
  Ingest: 'ingest',
  Simulator: 'simulator',
  Maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  ApplyBedState: 'apply-bed-state',
  SimulatorTick: 'simulator-tick',
  OutboxSweep: 'outbox-sweep',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface JobPayloads {
  [JobName.ApplyBedState]: { observation: BedStateObservation };
  [JobName.SimulatorTick]: Record<string, never>;
  [JobName.OutboxSweep]: Record<string, never>;
}

/** Which queue carries each job. */
export const QUEUE_OF: { [Name in JobName]: QueueName } = {
  [JobName.ApplyBedState]: QueueName.Ingest,
  [JobName.SimulatorTick]: QueueName.Simulator,
  [JobName.OutboxSweep]: QueueName.Maintenance,
};

/** Outcomes a handler reports for expected results, instead of throwing. */
export type JobOutcome = 'applied' | 'stale' | 'skipped' | 'done';

/**
 * BullMQ job id for an event: the same event always gets the same id, so enqueueing it twice
 * runs it once. BullMQ forbids ':' in ids and plain integers, hence the escaping and prefix.
 */
export function eventJobId(name: JobName, eventId: string): string {
  return `${name}-${eventId.replaceAll('%', '%25').replaceAll(':', '%3A')}`;
}
