/**
 * The audit log: every sign-in, failed sign-in, grant change, key and token change and
 * organisation change — who, what, when, from where. Append-only (a trigger refuses updates and
 * deletes). Never holds a secret: details name records by id and prefix.
 */
import { appendAudit, type AuditRecord, type Database } from '@wardpulse/jobs';

import { AUDIT_ACTIONS, type AuditAction } from '@wardpulse/shared';

export { AUDIT_ACTIONS, type AuditAction };

export interface AuditEntry {
  id: string;
  at: string;
  /** `user:<id>`, `cli`, `system` or, for a failed sign-in, the email tried. */
  actor: string;
  action: AuditAction;
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

export interface AuditFilter {
  action?: AuditAction;
  actor?: string;
  target?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export class AuditLog {
  constructor(private readonly db: Database) {}

  async record(entry: AuditRecord) {
    await appendAudit(this.db, entry);
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.action) add('action = ?', filter.action);
    if (filter.actor) add('actor = ?', filter.actor);
    if (filter.target) add('target = ?', filter.target);
    if (filter.from) add('at >= ?::timestamptz', filter.from);
    if (filter.to) add('at < ?::timestamptz', filter.to);
    params.push(Math.min(Math.max(filter.limit ?? 200, 1), 1000));
    const result = await this.db.query<{
      id: string;
      at: Date;
      actor: string;
      action: AuditAction;
      target: string | null;
      detail: Record<string, unknown>;
      ip: string | null;
    }>(
      `select id::text, at, actor, action, target, detail, ip from audit_log
       ${where.length ? `where ${where.join(' and ')}` : ''} order by at desc, id desc limit $${params.length}`,
      params,
    );
    return result.rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
  }
}
