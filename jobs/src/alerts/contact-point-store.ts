/**
 * People's contact points (where they hear about alerts, per severity) and the notifications
 * queued for them. A notification row is created once per dedup key, whichever worker gets there
 * first: only the worker that created it enqueues its delivery.
 */
import { randomUUID } from 'node:crypto';
import {
  contactPointSummary,
  receivesSeverity,
  type AlertSeverity,
  type ChannelKind,
  type ChannelSettings,
  type ContactPoint,
  type ContactPointInput,
  type ContactPointUpdate,
  type NotificationPurpose,
} from '@wardpulse/shared';
import type { Database, Queryable } from '../storage/database.js';
import { iso, isoOrNull } from './rule-store.js';

interface ContactPointRow {
  id: string;
  user_id: string;
  kind: ChannelKind;
  label: string;
  severities: AlertSeverity[];
  settings: ChannelSettings[ChannelKind];
  enabled: boolean;
  created_at: Date;
  last_delivered_at: Date | null;
  last_error: string | null;
}

export interface StoredContactPoint extends ContactPoint {
  settings: ChannelSettings[ChannelKind];
}

function toContactPoint(row: ContactPointRow): StoredContactPoint {
  return {
    id: row.id,
    personId: row.user_id,
    kind: row.kind,
    label: row.label,
    severities: row.severities,
    enabled: row.enabled,
    summary: contactPointSummary({ kind: row.kind, settings: row.settings } as ContactPointInput),
    createdAt: iso(row.created_at),
    lastDeliveredAt: isoOrNull(row.last_delivered_at),
    lastError: row.last_error,
    settings: row.settings,
  };
}

/** What the API shows: never the settings (webhook secrets, push keys). */
export function publicContactPoint(point: StoredContactPoint): ContactPoint {
  const { settings: _settings, ...shown } = point;
  return shown;
}

export interface QueuedNotification {
  id: string;
  contactPointId: string;
}

const SELECT = `select id, user_id, kind, label, severities, settings, enabled, created_at, last_delivered_at, last_error
  from contact_point`;

export class ContactPointStore {
  constructor(private readonly db: Database) {}

  async list(personId: string, db: Queryable = this.db): Promise<StoredContactPoint[]> {
    const result = await db.query<ContactPointRow>(`${SELECT} where user_id = $1 order by created_at, id`, [personId]);
    return result.rows.map(toContactPoint);
  }

  async get(id: string): Promise<StoredContactPoint | undefined> {
    const result = await this.db.query<ContactPointRow>(`${SELECT} where id = $1`, [id]);
    return result.rows[0] && toContactPoint(result.rows[0]);
  }

  async create(personId: string, input: ContactPointInput): Promise<StoredContactPoint> {
    const id = randomUUID();
    await this.db.query(
      'insert into contact_point (id, user_id, kind, label, severities, settings) values ($1, $2, $3, $4, $5, $6)',
      [id, personId, input.kind, input.label, input.severities, JSON.stringify(input.settings)],
    );
    return (await this.get(id))!;
  }

  async update(id: string, update: ContactPointUpdate): Promise<StoredContactPoint | undefined> {
    await this.db.query(
      `update contact_point set label = coalesce($2, label), severities = coalesce($3, severities),
         enabled = coalesce($4, enabled) where id = $1`,
      [id, update.label ?? null, update.severities ?? null, update.enabled ?? null],
    );
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    await this.db.query('delete from contact_point where id = $1', [id]);
  }

  /** Queues one notification per contact point of `personId` that receives `severity`. */
  async queueForPerson(
    tx: Queryable,
    notification: {
      alertId: string | null;
      purpose: NotificationPurpose;
      personId: string;
      severity: AlertSeverity;
      escalationLevel: number | null;
      step: number | null;
      dedupPrefix: string;
    },
  ): Promise<QueuedNotification[]> {
    const points = (await this.list(notification.personId, tx)).filter((point) => receivesSeverity(point, notification.severity));
    const queued: QueuedNotification[] = [];
    for (const point of points) {
      const id = await this.queue(tx, {
        ...notification,
        contactPointId: point.id,
        dedupKey: `${notification.dedupPrefix}:${point.id}`,
      });
      if (id) queued.push({ id, contactPointId: point.id });
    }
    return queued;
  }

  /** Creates the notification row; undefined when another worker already created it. */
  async queue(
    tx: Queryable,
    notification: {
      alertId: string | null;
      purpose: NotificationPurpose;
      personId: string;
      contactPointId: string;
      escalationLevel: number | null;
      step: number | null;
      dedupKey: string;
    },
  ): Promise<string | undefined> {
    const result = await tx.query<{ id: string }>(
      `insert into notification (alert_id, purpose, user_id, contact_point_id, escalation_level, step, dedup_key)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (dedup_key) do nothing returning id::text as id`,
      [
        notification.alertId,
        notification.purpose,
        notification.personId,
        notification.contactPointId,
        notification.escalationLevel,
        notification.step,
        notification.dedupKey,
      ],
    );
    return result.rows[0]?.id;
  }

  /** Contact points that were sent this alert's firing notification: they hear that it resolved. */
  async notifiedOf(alertId: string, db: Queryable = this.db): Promise<{ personId: string; contactPointId: string }[]> {
    const result = await db.query<{ user_id: string; contact_point_id: string }>(
      `select distinct user_id, contact_point_id from notification where alert_id = $1 and purpose = 'firing' and status = 'sent'`,
      [alertId],
    );
    return result.rows.map((row) => ({ personId: row.user_id, contactPointId: row.contact_point_id }));
  }

  async delivery(notificationId: string): Promise<
    | {
        id: string;
        alertId: string | null;
        purpose: NotificationPurpose;
        personId: string;
        escalationLevel: number | null;
        status: 'queued' | 'sent' | 'failed';
        contactPoint: StoredContactPoint;
      }
    | undefined
  > {
    const result = await this.db.query<{
      id: string;
      alert_id: string | null;
      purpose: NotificationPurpose;
      user_id: string;
      escalation_level: number | null;
      status: 'queued' | 'sent' | 'failed';
      contact_point_id: string;
    }>(
      `select id::text as id, alert_id::text as alert_id, purpose, user_id, escalation_level, status, contact_point_id
       from notification where id = $1`,
      [notificationId],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    const contactPoint = await this.get(row.contact_point_id);
    if (!contactPoint) return undefined;
    return {
      id: row.id,
      alertId: row.alert_id,
      purpose: row.purpose,
      personId: row.user_id,
      escalationLevel: row.escalation_level,
      status: row.status,
      contactPoint,
    };
  }

  async markSent(notificationId: string, contactPointId: string): Promise<void> {
    await this.db.query(
      `update notification set status = 'sent', attempts = attempts + 1, last_error = null, sent_at = now() where id = $1`,
      [notificationId],
    );
    await this.db.query('update contact_point set last_delivered_at = now(), last_error = null where id = $1', [contactPointId]);
  }

  async markAttemptFailed(notificationId: string, contactPointId: string, error: string, final: boolean): Promise<void> {
    await this.db.query(
      `update notification set attempts = attempts + 1, last_error = $2, status = case when $3 then 'failed' else status end where id = $1`,
      [notificationId, error, final],
    );
    await this.db.query('update contact_point set last_error = $2 where id = $1', [contactPointId, error]);
  }
}
