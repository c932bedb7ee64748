/**
 * Rate limits, counted in Redis so every replica shares them: sign-in attempts (per address and
 * email, and per address), ingest requests (per API key) and test notifications (per person: each
 * one makes a worker POST wherever the person's webhook points, so a flood of them would be a
 * scanner run from inside the network). Over the limit: 429 with Retry-After.
 * While Redis is unreachable each process counts on its own (an in-memory insurance limiter), so a
 * Redis outage neither lifts the limits nor stops feeds: ingest still logs facts to PostgreSQL and
 * the outbox sweep enqueues them when Redis is back.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from './errors.js';

export interface RateLimitSettings {
  /** Failed-or-not sign-in attempts per address and email per 15 minutes. */
  signInPerAccount: number;
  /** Sign-in attempts per address per 15 minutes. */
  signInPerAddress: number;
  /** Ingest requests (a batch counts once) per API key per minute. */
  ingestPerKeyPerMinute: number;
  /** "Send test" notifications per person per minute. */
  testSendsPerPersonPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  signInPerAccount: 10,
  signInPerAddress: 50,
  ingestPerKeyPerMinute: 3000,
  testSendsPerPersonPerMinute: 5,
};

export class RateLimits {
  private readonly signInAccount: RateLimiterRedis;
  private readonly signInAddress: RateLimiterRedis;
  private readonly ingest: RateLimiterRedis;
  private readonly testSend: RateLimiterRedis;

  constructor(redis: Redis, prefix: string, settings: RateLimitSettings) {
    const limiter = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `{${prefix}}:rate:${keyPrefix}`,
        points,
        duration,
        // Not connected: count here at once rather than wait for Redis.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      });
    this.signInAccount = limiter('sign-in-account', settings.signInPerAccount, 15 * 60);
    this.signInAddress = limiter('sign-in-address', settings.signInPerAddress, 15 * 60);
    this.ingest = limiter('ingest', settings.ingestPerKeyPerMinute, 60);
    this.testSend = limiter('test-send', settings.testSendsPerPersonPerMinute, 60);
  }

  private static async consume(limiter: RateLimiterRedis, key: string, what: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new HttpError(429, 'rate_limited', `too many ${what}; try again in ${seconds} s`, [], {
        'Retry-After': String(seconds),
      });
    }
  }

  async signIn(address: string, email: string): Promise<void> {
    await RateLimits.consume(this.signInAddress, address, 'sign-in attempts from this address');
    await RateLimits.consume(this.signInAccount, `${address}|${email.toLowerCase()}`, 'sign-in attempts for this account');
  }

  /** A successful sign-in clears the account's count (the address's stays). */
  async signedIn(address: string, email: string): Promise<void> {
    await this.signInAccount.delete(`${address}|${email.toLowerCase()}`);
  }

  async ingestRequest(keyId: string): Promise<void> {
    await RateLimits.consume(this.ingest, keyId, 'ingest requests for this API key');
  }

  async testNotification(personId: string): Promise<void> {
    await RateLimits.consume(this.testSend, personId, 'test notifications from you');
  }
}
