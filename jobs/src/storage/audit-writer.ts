/**
 * Appends to the audit log (the table is append-only by trigger). One writer for the server's
 * human actions and the workers' alert state changes and notifications.
 */
import type { AuditAction } from '@wardpulse/shared';
import type { Queryable } from './database.js';

export interface AuditRecord {
  /** `user:<id>`, `cli`, `system` or, for a failed sign-in, the email tried. */
  actor: string;
  action: AuditAction;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

export async function appendAudit(db: Queryable, entry: AuditRecord): Promise<void> {
  await db.query('insert into audit_log (actor, action, target, detail, ip) values ($1, $2, $3, $4, $5)', [
    entry.actor,
    entry.action,
    entry.target ?? null,
    JSON.stringify(entry.detail ?? {}),
    entry.ip ?? null,
  ]);
}
