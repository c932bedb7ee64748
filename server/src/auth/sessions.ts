/**
 * Sessions of signed-in people, in Redis (so every server replica knows them): an opaque
 * 256-bit id in an httpOnly cookie, stored only as its SHA-256 hash, with a CSRF token for
 * cookie-authenticated state changes. Sliding expiry after 12 hours idle, and never longer than
 * 7 days. Disabling a person ends all their sessions.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { hashSecret } from './secret-tokens.js';

export const SESSION_COOKIE = 'wp_session';
export const SESSION_IDLE_SECONDS = 12 * 3600;
export const SESSION_MAX_SECONDS = 7 * 24 * 3600;

export interface Session {
  userId: string;
  csrfToken: string;
  createdAt: number;
}

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `{${this.prefix}}:session:${hashSecret(id)}`;
  }

  private userIndex(userId: string): string {
    return `{${this.prefix}}:user-sessions:${userId}`;
  }

  async create(userId: string): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const session: Session = { userId, csrfToken: randomBytes(32).toString('base64url'), createdAt: Date.now() };
    await this.redis
      .multi()
      .set(this.key(id), JSON.stringify(session), 'EX', SESSION_IDLE_SECONDS)
      .sadd(this.userIndex(userId), hashSecret(id))
      .expire(this.userIndex(userId), SESSION_MAX_SECONDS)
      .exec();
    return { id, session };
  }

  /** The session, its idle time renewed; undefined when unknown, expired or past its maximum age. */
  async get(id: string): Promise<Session | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const json = await this.redis.get(this.key(id));
    if (!json) return undefined;
    const session = JSON.parse(json) as Session;
    const ageSeconds = (Date.now() - session.createdAt) / 1000;
    if (ageSeconds > SESSION_MAX_SECONDS) {
      await this.destroy(id);
      return undefined;
    }
    await this.redis.expire(this.key(id), Math.min(SESSION_IDLE_SECONDS, Math.ceil(SESSION_MAX_SECONDS - ageSeconds)));
    return session;
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  async destroyAllFor(userId: string): Promise<void> {
    const hashes = await this.redis.smembers(this.userIndex(userId));
    const pipeline = this.redis.pipeline();
    for (const hash of hashes) pipeline.del(`{${this.prefix}}:session:${hash}`);
    pipeline.del(this.userIndex(userId));
    await pipeline.exec();
  }
}
