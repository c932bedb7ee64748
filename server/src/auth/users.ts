/**
 * People who sign in: local accounts (argon2id password hashes) and OpenID Connect identities,
 * each with grants (a role over everything, a collaborative or a trust).
 */
import type { Database, Queryable } from '@wardpulse/jobs';
import type { Grant, GrantScope, Role } from '@wardpulse/shared';
import argon2 from 'argon2';
import { newId } from './secret-tokens.js';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  grants: Grant[];
  hasPassword: boolean;
  createdAt: string;
  disabledAt: string | null;
  lastSignInAt: string | null;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: Date;
  disabled_at: Date | null;
  last_sign_in_at: Date | null;
}

interface GrantRow {
  user_id: string;
  role: Role;
  scope_kind: GrantScope['kind'];
  scope_id: string;
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

function toGrant(row: GrantRow): Grant {
  return { role: row.role, scope: row.scope_kind === 'all' ? { kind: 'all' } : { kind: row.scope_kind, id: row.scope_id } };
}

/** OWASP's argon2id settings (19 MiB, 2 passes, 1 lane). */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A hash to verify against when the email is unknown, so a wrong email costs as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

export class UserRepository {
  constructor(private readonly db: Database) {}

  static normaliseEmail(email: string): string {
    return email.trim().toLowerCase();
  }

  private async withGrants(rows: UserRow[], db: Queryable = this.db): Promise<UserRecord[]> {
    if (rows.length === 0) return [];
    const grants = await db.query<GrantRow>(
      'select user_id, role, scope_kind, scope_id from access_grant where user_id = any($1::text[]) order by role, scope_kind, scope_id',
      [rows.map((row) => row.id)],
    );
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      grants: grants.rows.filter((grant) => grant.user_id === row.id).map(toGrant),
      hasPassword: row.password_hash !== null,
      createdAt: new Date(row.created_at).toISOString(),
      disabledAt: iso(row.disabled_at),
      lastSignInAt: iso(row.last_sign_in_at),
    }));
  }

  async create(input: { email: string; name: string; password?: string; grants: Grant[] }): Promise<UserRecord> {
    const id = newId('usr');
    const hash = input.password ? await argon2.hash(input.password, ARGON2_OPTIONS) : null;
    await this.db.transaction(async (tx) => {
      await tx.query('insert into app_user (id, email, name, password_hash) values ($1, $2, $3, $4)', [
        id,
        UserRepository.normaliseEmail(input.email),
        input.name,
        hash,
      ]);
      await this.writeGrants(tx, id, input.grants);
    });
    return (await this.get(id))!;
  }

  private async writeGrants(tx: Queryable, userId: string, grants: readonly Grant[]): Promise<void> {
    await tx.query('delete from access_grant where user_id = $1', [userId]);
    for (const grant of grants) {
      await tx.query(
        `insert into access_grant (id, user_id, role, scope_kind, scope_id) values ($1, $2, $3, $4, $5)
         on conflict do nothing`,
        [newId('grt'), userId, grant.role, grant.scope.kind, grant.scope.kind === 'all' ? '' : grant.scope.id],
      );
    }
  }

  async setGrants(userId: string, grants: readonly Grant[]): Promise<UserRecord | undefined> {
    await this.db.transaction((tx) => this.writeGrants(tx, userId, grants));
    return this.get(userId);
  }

  async get(id: string): Promise<UserRecord | undefined> {
    const result = await this.db.query<UserRow>('select * from app_user where id = $1', [id]);
    return (await this.withGrants(result.rows))[0];
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const result = await this.db.query<UserRow>('select * from app_user where email = $1', [
      UserRepository.normaliseEmail(email),
    ]);
    return (await this.withGrants(result.rows))[0];
  }

  async list(): Promise<UserRecord[]> {
    const result = await this.db.query<UserRow>('select * from app_user order by email');
    return this.withGrants(result.rows);
  }

  async count(): Promise<number> {
    const result = await this.db.query<{ count: number }>('select count(*)::int as count from app_user');
    return result.rows[0]?.count ?? 0;
  }

  /** The active user these credentials belong to, or undefined; takes as long either way. */
  async verifyPassword(email: string, password: string): Promise<UserRecord | undefined> {
    const result = await this.db.query<UserRow>('select * from app_user where email = $1', [
      UserRepository.normaliseEmail(email),
    ]);
    const row = result.rows[0];
    if (!row?.password_hash || row.disabled_at) {
      decoyHash ??= argon2.hash('decoy password for timing', ARGON2_OPTIONS);
      await argon2.verify(await decoyHash, password).catch(() => false);
      return undefined;
    }
    if (!(await argon2.verify(row.password_hash, password).catch(() => false))) return undefined;
    await this.db.query('update app_user set last_sign_in_at = now() where id = $1', [row.id]);
    return this.get(row.id);
  }

  async setPassword(id: string, password: string): Promise<void> {
    await this.db.query('update app_user set password_hash = $2 where id = $1', [
      id,
      await argon2.hash(password, ARGON2_OPTIONS),
    ]);
  }

  async disable(id: string): Promise<boolean> {
    const result = await this.db.query(
      'update app_user set disabled_at = now() where id = $1 and disabled_at is null returning id',
      [id],
    );
    return result.rows.length > 0;
  }

  async enable(id: string): Promise<boolean> {
    const result = await this.db.query(
      'update app_user set disabled_at = null where id = $1 and disabled_at is not null returning id',
      [id],
    );
    return result.rows.length > 0;
  }

  /** The user bound to this OpenID Connect identity (issuer and subject), noting the sign-in. */
  async signInByOidc(issuer: string, subject: string): Promise<UserRecord | undefined> {
    const result = await this.db.query<{ id: string }>(
      'update app_user set last_sign_in_at = now() where oidc_issuer = $1 and oidc_subject = $2 returning id',
      [issuer, subject],
    );
    return result.rows[0] ? this.get(result.rows[0].id) : undefined;
  }

  /** The account with this email and the OpenID Connect identity it is bound to (null: none). */
  async oidcBindingByEmail(
    email: string,
  ): Promise<{ user: UserRecord; issuer: string | null; subject: string | null } | undefined> {
    const result = await this.db.query<UserRow & { oidc_issuer: string | null; oidc_subject: string | null }>(
      'select * from app_user where email = $1',
      [UserRepository.normaliseEmail(email)],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    return { user: (await this.withGrants([row]))[0]!, issuer: row.oidc_issuer, subject: row.oidc_subject };
  }

  /**
   * Binds an account to an OpenID Connect identity, only if it is bound to none: false when another
   * sign-in bound it first. An account is never re-bound here (see unbindOidc).
   */
  async bindOidc(id: string, issuer: string, subject: string): Promise<boolean> {
    const result = await this.db.query(
      `update app_user set oidc_issuer = $2, oidc_subject = $3, last_sign_in_at = now()
       where id = $1 and oidc_issuer is null and oidc_subject is null returning id`,
      [id, issuer, subject],
    );
    return result.rows.length > 0;
  }

  /** Removes an account's OpenID Connect binding (an administrator's act): the identity it had, or undefined for none. */
  async unbindOidc(id: string): Promise<{ issuer: string; subject: string } | undefined> {
    return this.db.transaction(async (tx) => {
      const row = (
        await tx.query<{ oidc_issuer: string | null; oidc_subject: string | null }>(
          'select oidc_issuer, oidc_subject from app_user where id = $1 for update',
          [id],
        )
      ).rows[0];
      if (!row?.oidc_issuer || !row.oidc_subject) return undefined;
      await tx.query('update app_user set oidc_issuer = null, oidc_subject = null where id = $1', [id]);
      return { issuer: row.oidc_issuer, subject: row.oidc_subject };
    });
  }

  /** A new account for an OpenID Connect identity, with no grants. */
  async createOidc(input: { issuer: string; subject: string; email: string; name: string }): Promise<UserRecord> {
    const id = newId('usr');
    await this.db.query(
      'insert into app_user (id, email, name, oidc_issuer, oidc_subject, last_sign_in_at) values ($1, $2, $3, $4, $5, now())',
      [id, UserRepository.normaliseEmail(input.email), input.name, input.issuer, input.subject],
    );
    return (await this.get(id))!;
  }
}
