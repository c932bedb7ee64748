/**
 * The outbox sweep: events logged in PostgreSQL but not applied (Redis was down when they
 * arrived, or their job was lost with Redis's data) are enqueued again. Safe to run anywhere
 * and often: job ids dedupe, and applying is idempotent.
 */
import type { JobQueues } from '../job-queues.js';
import { eventJob, QUEUE_OF } from '../queues.js';
import type { EventLog } from '../storage/event-log.js';

export async function sweepOutbox(eventLog: EventLog, queues: JobQueues, olderThanMs = 30_000, limit = 1000): Promise<number> {
  const pending = await eventLog.unapplied(olderThanMs, limit);
  let requeued = 0;
  for (const event of pending) {
    const { name, payload, jobId } = eventJob(event);
    const job = await queues.queue(QUEUE_OF[name]).getJob(jobId);
    if (!job) {
      await queues.enqueue(name, payload, jobId);
      requeued++;
    } else if (await job.isFailed()) {
      await job.retry();
      requeued++;
    }
  }
  return requeued;
}
