/**
 * API keys for feeds and machine readers: random 256-bit secrets, shown once, stored as a
 * SHA-256 hash (a slow password hash adds nothing to a key with this much entropy, and lookups
 * must be fast on the ingest path). Scoped to trusts and to what they may do.
 */
import type { Database } from '@wardpulse/jobs';
import { hashSecret, isSecret, newId, newSecret } from './secret-tokens.js';

import { KEY_ABILITIES } from '@wardpulse/shared';

export { KEY_ABILITIES };
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

export const hashKey = hashSecret;

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
    const key = newSecret('wpk');
    const id = newId('key');
    const result = await this.db.query<ApiKeyRow>(
      `insert into api_key (id, name, key_hash, key_prefix, trusts, can) values ($1, $2, $3, $4, $5, $6)
       returning id, name, key_prefix, trusts, can, created_at, last_used_at, revoked_at`,
      [id, input.name, hashKey(key), key.slice(0, 8), input.trusts, input.can],
    );
    return { record: toRecord(result.rows[0]!), key };
  }

  /** The active key this text is, or undefined (unknown, malformed or revoked). */
  async findActive(key: string): Promise<ApiKeyRecord | undefined> {
    if (!isSecret('wpk', key)) return undefined;
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

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const result = await this.db.query<ApiKeyRow>(
      'select id, name, key_prefix, trusts, can, created_at, last_used_at, revoked_at from api_key where id = $1',
      [id],
    );
    return result.rows[0] ? toRecord(result.rows[0]) : undefined;
  }

  /**
   * Rotation: a new key with the same name, trusts and abilities; the old one is revoked in the
   * same transaction, so there is never a moment with neither or both active.
   */
  async rotate(id: string): Promise<{ record: ApiKeyRecord; key: string } | undefined> {
    const key = newSecret('wpk');
    const newKeyId = newId('key');
    return this.db.transaction(async (tx) => {
      const old = await tx.query<ApiKeyRow>(
        `update api_key set revoked_at = now() where id = $1 and revoked_at is null
         returning id, name, key_prefix, trusts, can, created_at, last_used_at, revoked_at`,
        [id],
      );
      const previous = old.rows[0];
      if (!previous) return undefined;
      const created = await tx.query<ApiKeyRow>(
        `insert into api_key (id, name, key_hash, key_prefix, trusts, can, rotated_from) values ($1, $2, $3, $4, $5, $6, $7)
         returning id, name, key_prefix, trusts, can, created_at, last_used_at, revoked_at`,
        [newKeyId, previous.name, hashSecret(key), key.slice(0, 8), previous.trusts, previous.can, id],
      );
      return { record: toRecord(created.rows[0]!), key };
    });
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.db.query(
      'update api_key set revoked_at = now() where id = $1 and revoked_at is null returning id',
      [id],
    );
    return result.rows.length > 0;
  }
}
