/**
 * Display tokens for wall screens: read-only, scoped to one board's scope, named after the screen,
 * revocable. A wall URL carrying one opens the board without an interactive sign-in.
 */
import type { Database } from '@wardpulse/jobs';
import { displayScopes, type DisplayPlaylist } from '@wardpulse/shared';
import { hashSecret, isSecret, newId, newSecret } from './secret-tokens.js';

export interface DisplayTokenRecord {
  id: string;
  name: string;
  tokenPrefix: string;
  /** The scope it may show: `trust:RX4`, `collaborative:nenc`, … */
  scope: string;
  /** Views a kiosk rotates through; null shows the home board only. */
  playlist: DisplayPlaylist | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Every scope the token's screen shows, so may read. */
export function scopesOfDisplay(record: Pick<DisplayTokenRecord, 'scope' | 'playlist'>): string[] {
  return displayScopes(record);
}

interface Row {
  id: string;
  name: string;
  token_prefix: string;
  scope: string;
  playlist: DisplayPlaylist | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, name, token_prefix, scope, playlist, created_at, last_used_at, revoked_at';

function toRecord(row: Row): DisplayTokenRecord {
  return {
    id: row.id,
    name: row.name,
    tokenPrefix: row.token_prefix,
    scope: row.scope,
    playlist: row.playlist ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

export class DisplayTokenRepository {
  private readonly lastTouched = new Map<string, number>();

  constructor(private readonly db: Database) {}

  async create(input: {
    name: string;
    scope: string;
    playlist?: DisplayPlaylist | null | undefined;
  }): Promise<{ record: DisplayTokenRecord; token: string }> {
    const token = newSecret('wpd');
    const result = await this.db.query<Row>(
      `insert into display_token (id, name, token_hash, token_prefix, scope, playlist) values ($1, $2, $3, $4, $5, $6)
       returning ${COLUMNS}`,
      [
        newId('dsp'),
        input.name,
        hashSecret(token),
        token.slice(0, 8),
        input.scope,
        input.playlist ? JSON.stringify(input.playlist) : null,
      ],
    );
    return { record: toRecord(result.rows[0]!), token };
  }

  async findActive(token: string): Promise<DisplayTokenRecord | undefined> {
    if (!isSecret('wpd', token)) return undefined;
    const result = await this.db.query<Row>(`select ${COLUMNS} from display_token where token_hash = $1 and revoked_at is null`, [
      hashSecret(token),
    ]);
    return result.rows[0] ? toRecord(result.rows[0]) : undefined;
  }

  /** Whether a token is one we issued and later revoked (a screen is then told so, not left retrying). */
  async isRevoked(token: string): Promise<boolean> {
    if (!isSecret('wpd', token)) return false;
    const result = await this.db.query('select 1 from display_token where token_hash = $1 and revoked_at is not null', [
      hashSecret(token),
    ]);
    return result.rows.length > 0;
  }

  async touch(id: string, now = Date.now()): Promise<void> {
    if (now - (this.lastTouched.get(id) ?? 0) < 60_000) return;
    this.lastTouched.set(id, now);
    await this.db.query('update display_token set last_used_at = now() where id = $1', [id]);
  }

  async list(): Promise<DisplayTokenRecord[]> {
    return (await this.db.query<Row>(`select ${COLUMNS} from display_token order by created_at`)).rows.map(toRecord);
  }

  async get(id: string): Promise<DisplayTokenRecord | undefined> {
    const result = await this.db.query<Row>(`select ${COLUMNS} from display_token where id = $1`, [id]);
    return result.rows[0] ? toRecord(result.rows[0]) : undefined;
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.db.query(
      'update display_token set revoked_at = now() where id = $1 and revoked_at is null returning id',
      [id],
    );
    return result.rows.length > 0;
  }
}
