/** BullMQ queues, typed by job name. The server enqueues through this; workers consume. */
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_OPTIONS, QUEUE_OF, QueueName, type JobName, type JobPayloads } from './queues.js';

/** Completed jobs are removed so an event id can be enqueued again by the outbox sweep. */
const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

export class JobQueues {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    connection: Redis,
    readonly prefix: string,
    /** Connection errors (Redis down): reported here rather than printed by BullMQ. */
    onError: (error: Error) => void = () => undefined,
  ) {
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      queue.on('error', onError);
      this.queues.set(name, queue);
    }
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`no queue ${name}`);
    return queue;
  }

  async enqueue<Name extends JobName>(
    name: Name,
    payload: JobPayloads[Name],
    jobId?: string,
    options: { delay?: number } = {},
  ): Promise<void> {
    await this.queue(QUEUE_OF[name]).add(name, payload, { ...JOB_OPTIONS[name], ...options, ...(jobId ? { jobId } : {}) });
  }

  async enqueueBulk<Name extends JobName>(
    name: Name,
    jobs: readonly { payload: JobPayloads[Name]; jobId: string }[],
  ): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue(QUEUE_OF[name]).addBulk(jobs.map((job) => ({ name, data: job.payload, opts: { jobId: job.jobId } })));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
