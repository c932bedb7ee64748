/**
 * The common tail of every ingest door: log the facts durably (all or nothing), then enqueue a
 * job per fresh fact (job id from its trust and event id). If Redis is down the facts are still
 * logged and the outbox sweep enqueues them later, so the caller can answer 202 either way.
 */
import type { ErrorDetail } from '@wardpulse/shared';
import { formatPath } from '@wardpulse/shared';
import type { Logger } from 'pino';
import type { JobQueues } from '../job-queues.js';
import { eventJob, type LoggedEvent } from '../queues.js';
import {
  EVENT_ID_CONFLICT_MESSAGE,
  EventIdConflict,
  type AppendedEvent,
  type EventKind,
  type EventLog,
  type EventRow,
} from '../storage/event-log.js';

/**
 * What an ingest door answers: the events logged (or duplicates), or why nothing was: problems
 * of the events themselves (HTTP 422), or `conflict` — an event id already used by the trust for
 * a different fact of the kind (HTTP 409, each detail naming the event's `eventId`).
 */
export type IngestResult = { ok: true; events: AppendedEvent[] } | { ok: false; details: ErrorDetail[]; conflict?: true };

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
    const jobs = fresh.map((row) =>
      eventJob({ kind, payload: row.payload, eventId: row.eventId, trustOds: row.trustOds } as LoggedEvent & EventRow<Kind>),
    );
    const name = jobs[0]?.name;
    if (name) {
      await withinMs(
        deps.queues.enqueueBulk(
          name,
          jobs.map((job) => ({ payload: job.payload as never, jobId: job.jobId })),
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

/**
 * logAndEnqueue for the ingest doors that answer an IngestResult: an event id clash becomes a
 * refusal naming each clashing event's `eventId` at its path (`paths`, as for every other problem).
 */
export async function acceptEvents<Kind extends EventKind>(
  deps: LogAndEnqueueDeps,
  kind: Kind,
  rows: readonly EventRow<Kind>[],
  source: string,
  paths: (index: number) => PropertyKey[],
): Promise<IngestResult> {
  try {
    return { ok: true, events: await logAndEnqueue(deps, kind, rows, source) };
  } catch (error) {
    if (!(error instanceof EventIdConflict)) throw error;
    return {
      ok: false,
      conflict: true,
      details: error.indices.map((index) => ({
        path: formatPath([...paths(index), 'eventId']),
        message: EVENT_ID_CONFLICT_MESSAGE,
      })),
    };
  }
}
