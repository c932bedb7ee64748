/**
 * The outbox sweep: events logged in PostgreSQL but not applied (Redis was down when they
 * arrived, or their job was lost with Redis's data) are enqueued again. Safe to run anywhere
 * and often: job ids dedupe, and applying is idempotent.
 */
import type { JobQueues } from '../job-queues.js';
import { JobName, eventJobId, QUEUE_OF } from '../queues.js';
import type { EventLog } from '../storage/event-log.js';

export async function sweepOutbox(eventLog: EventLog, queues: JobQueues, olderThanMs = 30_000, limit = 1000): Promise<number> {
  const pending = await eventLog.unapplied(olderThanMs, limit);
  const queue = queues.queue(QUEUE_OF[JobName.ApplyBedState]);
  let requeued = 0;
  for (const event of pending) {
    const jobId = eventJobId(JobName.ApplyBedState, event.eventId);
    const job = await queue.getJob(jobId);
    if (!job) {
      await queues.enqueue(JobName.ApplyBedState, { observation: event.payload }, jobId);
      requeued++;
    } else if (await job.isFailed()) {
      await job.retry();
      requeued++;
    }
  }
  return requeued;
}
