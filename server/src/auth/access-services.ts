/** Everything that decides who someone is, built once per process and handed to HTTP and Socket.IO. */
import type { Database } from '@wardpulse/jobs';
import type { Redis } from 'ioredis';
import { RateLimits, type RateLimitSettings } from '../http/rate-limits.js';
import { ApiKeyRepository } from './api-keys.js';
import { AuditLog } from './audit.js';
import { Authenticator } from './authenticator.js';
import { DisplayTokenRepository } from './display-tokens.js';
import { SessionStore } from './sessions.js';
import { UserRepository } from './users.js';

export interface AccessServices {
  apiKeys: ApiKeyRepository;
  users: UserRepository;
  displayTokens: DisplayTokenRepository;
  sessions: SessionStore;
  audit: AuditLog;
  authenticator: Authenticator;
  rateLimits: RateLimits;
}

export function createAccessServices(
  db: Database,
  redis: Redis,
  keyPrefix: string,
  rateLimits: RateLimitSettings,
): AccessServices {
  const apiKeys = new ApiKeyRepository(db);
  const users = new UserRepository(db);
  const displayTokens = new DisplayTokenRepository(db);
  const sessions = new SessionStore(redis, keyPrefix);
  return {
    apiKeys,
    users,
    displayTokens,
    sessions,
    audit: new AuditLog(db),
    authenticator: new Authenticator({ apiKeys, displayTokens, sessions, users }),
    rateLimits: new RateLimits(redis, keyPrefix, rateLimits),
  };
}
