/**
 * The jobs role: BullMQ workers for every queue, the outbox sweep and (optionally) the
 * simulator schedule. Runs inside `--role=all` or as its own horizontally scalable process.
 */
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobQueues } from '../job-queues.js';
import { JobName, QueueName, QUEUE_OF, type JobPayloads } from '../queues.js';
import { createRedis } from '../redis/connection.js';
import { SIMULATOR_SCHEDULER_ID } from '../simulator/simulator.js';
import { SITREP_SCHEDULER_ID } from '../sitrep/sitrep-scheduler.js';
import { assertHandlers, type JobHandlers } from './handlers.js';
import { closeWorkers } from './worker-shutdown.js';

/** The repeatable job looking for wards that have just passed their not-reporting limit. */
export const FRESHNESS_SCHEDULER_ID = 'freshness-tick';

export interface JobsRoleOptions {
  redisUrl: string;
  queues: JobQueues;
  handlers: JobHandlers;
  logger: Logger;
  /** Concurrent jobs per queue in this process. */
  concurrency: Partial<Record<QueueName, number>>;
  simulator: { enabled: boolean; intervalMs: number };
  outboxSweepIntervalMs: number;
  historyRollupIntervalMs: number;
  /** How often wards are checked against their not-reporting limit (WARDPULSE_FRESHNESS_INTERVAL_MS). */
  freshnessIntervalMs: number;
  /** How often the sitrep schedule looks for returns due; undefined: not here (another process runs it). */
  sitrepIntervalMs?: number | undefined;
  /** How often every alert rule is evaluated and escalations advanced (besides after each change). */
  alertTickIntervalMs: number;
  /**
   * How long a worker's lock on a job lasts without renewal (renewed every half of it). A worker
   * that dies holding jobs loses them to another worker after about this long (BullMQ's stalled
   * job check runs at the same interval).
   */
  jobLockMs?: number;
  /** Told of every job a worker here finished (for metrics): its wait before starting and its run time. */
  onJobFinished?: (job: { name: string; waitMs: number; runMs: number; outcome: 'completed' | 'failed' }) => void;
}

export interface JobsRole {
  workers: Worker[];
  close(): Promise<void>;
}

export async function startJobsRole(options: JobsRoleOptions): Promise<JobsRole> {
  assertHandlers(options.handlers);
  // BullMQ never closes a connection it was given (it may be shared); these are the workers' own.
  const connections: Redis[] = [];
  const workers = Object.values(QueueName).map((queueName) => {
    const connection = createRedis({ url: options.redisUrl, name: `wardpulse-worker-${queueName}`, blocking: true });
    connections.push(connection);
    const worker = new Worker(
      queueName,
      async (job) => {
        const name = job.name as JobName;
        if (QUEUE_OF[name] !== queueName) throw new Error(`job ${job.name} does not belong on queue ${queueName}`);
        const handler = options.handlers[name] as (job: { data: JobPayloads[typeof name] }) => Promise<string>;
        return handler(job);
      },
      {
        connection,
        prefix: options.queues.prefix,
        concurrency: options.concurrency[queueName] ?? 1,
        ...(options.jobLockMs ? { lockDuration: options.jobLockMs, stalledInterval: options.jobLockMs } : {}),
      },
    );
    const finished = (job: Job | undefined, outcome: 'completed' | 'failed') => {
      if (!job?.processedOn || !job.finishedOn || !options.onJobFinished) return;
      const due = job.timestamp + (job.opts.delay ?? 0);
      options.onJobFinished({
        name: job.name,
        waitMs: Math.max(0, job.processedOn - due),
        runMs: Math.max(0, job.finishedOn - job.processedOn),
        outcome,
      });
    };
    worker.on('completed', (job) => finished(job, 'completed'));
    worker.on('failed', (job, error) => {
      finished(job, 'failed');
      options.logger.error({ err: error, queue: queueName, job: job?.name, attempts: job?.attemptsMade }, 'job failed');
    });
    worker.on('error', (error) => options.logger.error({ err: error, queue: queueName }, 'worker error'));
    return worker;
  });

  const maintenance = options.queues.queue(QueueName.Maintenance);
  await maintenance.upsertJobScheduler(
    'outbox-sweep',
    { every: options.outboxSweepIntervalMs },
    { name: JobName.OutboxSweep, data: {} },
  );
  await maintenance.upsertJobScheduler(
    'history-rollup',
    { every: options.historyRollupIntervalMs },
    { name: JobName.HistoryRollup, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
  await maintenance.upsertJobScheduler(
    FRESHNESS_SCHEDULER_ID,
    { every: options.freshnessIntervalMs },
    { name: JobName.FreshnessTick, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
  if (options.sitrepIntervalMs !== undefined) {
    await maintenance.upsertJobScheduler(
      SITREP_SCHEDULER_ID,
      { every: options.sitrepIntervalMs },
      { name: JobName.SitrepTick, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  } else {
    await maintenance.removeJobScheduler(SITREP_SCHEDULER_ID);
  }
  await options.queues
    .queue(QueueName.Alerts)
    .upsertJobScheduler(
      'alerts-tick',
      { every: options.alertTickIntervalMs },
      { name: JobName.AlertsTick, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  const simulator = options.queues.queue(QueueName.Simulator);
  if (options.simulator.enabled) {
    await simulator.upsertJobScheduler(
      SIMULATOR_SCHEDULER_ID,
      { every: options.simulator.intervalMs },
      { name: JobName.SimulatorTick, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  } else {
    await simulator.removeJobScheduler(SIMULATOR_SCHEDULER_ID);
  }

  return {
    workers,
    close: async () => {
      // Worker.close waits for jobs in progress: graceful shutdown drains in-flight work.
      await closeWorkers(workers, {
        // Longer than a job may hold its lock: after that another worker has taken its jobs over.
        graceMs: (options.jobLockMs ?? 30_000) + 5000,
        onAbandoned: (queue) => options.logger.warn({ queue }, 'worker did not close in time; its jobs go to another worker'),
      });
      // Nothing is in flight on them now; disconnect rather than quit, which waits for a Redis that may be gone.
      for (const connection of connections) connection.disconnect();
    },
  };
}
