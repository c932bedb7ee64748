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
  /** How long to wait for Redis before answering anyway (the facts are already durable). */
  enqueueTimeoutMs?: number;
}

/** With Redis unreachable a command waits for reconnection; the caller should not. */
function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  // If the work finishes (or fails) after the deadline, nobody is waiting for it: that is fine.
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
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
      await withinMs(
        deps.queues.enqueueBulk(
          name,
          jobs.map((job) => ({ payload: job.payload as never, jobId: eventJobId(name, job.eventId) })),
        ),
        deps.enqueueTimeoutMs ?? 2000,
      );
    }
  } catch (error) {
    // Already durable in the event log: the outbox sweep enqueues it when Redis is back.
    deps.logger.warn({ err: error, kind, events: fresh.length }, 'enqueue failed; left to the outbox sweep');
  }
  return events;
}
