/**
 * API keys for feeds and machine readers: random 256-bit secrets, shown once, stored as a
 * SHA-256 hash (a slow password hash adds nothing to a key with this much entropy, and lookups
 * must be fast on the ingest path). Scoped to trusts and to what they may do.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@wardpulse/jobs';

export const KEY_ABILITIES = ['ingest', 'read'] as const;
export type KeyAbility = (typeof KEY_ABILITIES)[number];

export interface ApiKeyRecord {
  id: string;
  name: string;
  keyPrefix: string;
  trusts: string[];
  can: KeyAbility[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Key text: `wpk_` + 43 base64url characters. The prefix makes leaked keys easy to scan for. */
const KEY_PATTERN = /^wpk_[A-Za-z0-9_-]{43}$/;

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

interface ApiKeyRow {
  id: string;
  name: string;
  key_prefix: string;
  trusts: string[];
  can: KeyAbility[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.key_prefix,
    trusts: row.trusts,
    can: row.can,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

export class ApiKeyRepository {
  /** Last-used times are written at most this often per key, to keep ingest off the database. */
  private readonly touchIntervalMs = 60_000;
  private readonly lastTouched = new Map<string, number>();

  constructor(private readonly db: Database) {}

  async create(input: { name: string; trusts: string[]; can: KeyAbility[] }): Promise<{ record: ApiKeyRecord; key: string }> {
    const key = `wpk_${randomBytes(32).toString('base64url')}`;
    const id = `key_${randomBytes(6).toString('hex')}`;
    const result = await this.db.query<ApiKeyRow>(
      `insert into api_key (id, name, key_hash, key_prefix, trusts, can) values ($1, $2, $3, $4, $5, $6)
       returning id, name, key_prefix, trusts, can, created_at, last_used_at, revoked_at`,
      [id, input.name, hashKey(key), key.slice(0, 8), input.trusts, input.can],
    );
    return { record: toRecord(result.rows[0]!), key };
  }

  /** The active key this text is, or undefined (unknown, malformed or revoked). */
  async findActive(key: string): Promise<ApiKeyRecord | undefined> {
    if (!KEY_PATTERN.test(key)) return undefined;
    const result = await this.db.query<ApiKeyRow>(
      `select id, name, key_prefix, trusts, can, created_at, last_used_at, revoked_at
       from api_key where key_hash = $1 and revoked_at is null`,
      [hashKey(key)],
    );
    const row = result.rows[0];
    return row ? toRecord(row) : undefined;
  }

  async touch(id: string, now = Date.now()): Promise<void> {
    if (now - (this.lastTouched.get(id) ?? 0) < this.touchIntervalMs) return;
    this.lastTouched.set(id, now);
    await this.db.query('update api_key set last_used_at = now() where id = $1', [id]);
  }

  async list(): Promise<ApiKeyRecord[]> {
    const result = await this.db.query<ApiKeyRow>(
      'select id, name, key_prefix, trusts, can, created_at, last_used_at, revoked_at from api_key order by created_at',
    );
    return result.rows.map(toRecord);
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.db.query(
      'update api_key set revoked_at = now() where id = $1 and revoked_at is null returning id',
      [id],
    );
    return result.rows.length > 0;
  }
}
