/**
 * The common tail of every ingest door: log the facts durably (all or nothing), then enqueue a
 * job per fresh fact (job id = event id). If Redis is down the facts are still logged and the
 * outbox sweep enqueues them later, so the caller can answer 202 either way.
 */
import type { Logger } from 'pino';
import type { JobQueues } from '../job-queues.js';
import { eventJob, eventJobId, type LoggedEvent } from '../queues.js';
import type { AppendedEvent, EventKind, EventLog, EventRow } from '../storage/event-log.js';

export interface LogAndEnqueueDeps {
  eventLog: EventLog;
  queues: JobQueues;
  logger: Logger;
}

export async function logAndEnqueue<Kind extends EventKind>(
  deps: LogAndEnqueueDeps,
  kind: Kind,
  rows: readonly EventRow<Kind>[],
  source: string,
): Promise<AppendedEvent[]> {
  const events = await deps.eventLog.append(kind, rows, source);
  const fresh = rows.filter((_, index) => !events[index]!.duplicate);
  try {
    // One kind of fact maps to one job name: a single bulk add.
    const jobs = fresh.map((row) => ({ ...eventJob({ kind, payload: row.payload } as LoggedEvent), eventId: row.eventId }));
    const name = jobs[0]?.name;
    if (name) {
      await deps.queues.enqueueBulk(
        name,
        jobs.map((job) => ({ payload: job.payload as never, jobId: eventJobId(name, job.eventId) })),
      );
    }
  } catch (error) {
    // Already durable in the event log: the outbox sweep enqueues it when Redis is back.
    deps.logger.warn({ err: error, kind, events: fresh.length }, 'enqueue failed; left to the outbox sweep');
  }
  return events;
}
