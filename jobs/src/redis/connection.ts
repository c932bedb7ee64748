/**
 * ioredis connections, the one Redis client (BullMQ uses it too). BullMQ workers need
 * `maxRetriesPerRequest: null` so blocking commands wait out a Redis restart instead of failing.
 */
import { Redis, type RedisOptions } from 'ioredis';

export type { Redis } from 'ioredis';

export interface RedisConnectionOptions {
  url: string;
  /** Name shown in CLIENT LIST, to tell processes apart when debugging. */
  name?: string;
  /** For BullMQ workers and blocking readers: never give up on a command while reconnecting. */
  blocking?: boolean;
  /**
   * For pub/sub listeners (`listenOn`): they resubscribe themselves after a reconnection. ioredis's
   * own resubscription leaves its promise unhandled, so a connection closed while it was in flight
   * (a server shutting down just as Redis came back) raised an unhandled "Connection is closed.".
   */
  subscriber?: boolean;
}

export function createRedis(options: RedisConnectionOptions): Redis {
  const redisOptions: RedisOptions = {
    connectionName: options.name,
    maxRetriesPerRequest: options.blocking || options.subscriber ? null : 3,
    autoResubscribe: !options.subscriber,
    // Reconnect with a capped, jittered backoff so many processes do not retry in lock-step.
    retryStrategy: (attempt) => Math.min(2000, 50 * 2 ** Math.min(attempt, 6)) + Math.floor(Math.random() * 200),
    enableReadyCheck: true,
  };
  return new Redis(options.url, redisOptions);
}
