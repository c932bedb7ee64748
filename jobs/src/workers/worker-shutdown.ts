/**
 * Closing BullMQ workers so that shutdown cannot hang after a Redis blip.
 *
 * Worker.close() drains the jobs in progress, then disconnects the worker's blocking connection and
 * waits for ioredis's 'end' event. But ioredis never emits 'end' when `disconnect()` finds the
 * connection waiting out a reconnect backoff: it clears the retry timer, the socket is already
 * gone, and the connection stays "reconnecting" for good. So a SIGTERM (or a test's close) within
 * a couple of seconds of Redis coming back hung the process. Letting such connections finish
 * reconnecting first avoids it; the backoff is at most about two seconds (redis/connection.ts).
 */
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';

/** BullMQ 6 keeps each worker's blocking connection on its backend; not public API, hence the narrow, optional look. */
interface WorkerInternals {
  backend?: { blockingConnection?: { _client?: Redis } };
}

function blockingClient(worker: Worker): Redis | undefined {
  return (worker as unknown as WorkerInternals).backend?.blockingConnection?._client;
}

/** Resolves once `client` is no longer waiting to reconnect, or after `withinMs` (Redis may really be down). */
export function reconnected(client: Redis, withinMs: number): Promise<void> {
  if (client.status !== 'reconnecting' && client.status !== 'connecting' && client.status !== 'connect') {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('end', done);
      resolve();
    };
    const timer = setTimeout(done, withinMs);
    client.once('ready', done);
    client.once('end', done);
  });
}

/**
 * Closes every worker, draining the jobs in progress. A worker whose close still has not finished
 * after `graceMs` is left behind with a warning: by then its jobs' locks have expired and another
 * worker (or this one's next start) takes them over, so nothing is lost by not waiting longer.
 */
export async function closeWorkers(
  workers: Worker[],
  options: { settleMs?: number; graceMs: number; onAbandoned?: (queue: string) => void },
): Promise<void> {
  await Promise.all(
    workers.map(async (worker) => {
      const client = blockingClient(worker);
      if (client) await reconnected(client, options.settleMs ?? 5000);
      let timer: NodeJS.Timeout | undefined;
      const closed = await Promise.race([
        worker.close().then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), options.graceMs))),
      ]);
      clearTimeout(timer);
      if (!closed) options.onAbandoned?.(worker.name);
    }),
  );
}
