/**
 * Delivers one queued notification through its contact point's channel (a BullMQ job, retried
 * with backoff). The outcome is kept on the notification and in the alert's history, so failures
 * show on the alert; a failure that retrying cannot mend (a push subscription gone, a webhook
 * answering 404) stops at once.
 */
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { appendAudit } from '../storage/audit-writer.js';
import type { Database } from '../storage/database.js';
import type { Alerting } from './alerting.js';
import { DeliveryError, type ChannelProviders } from './channels/index.js';

export interface NotificationDeliveryDeps {
  db: Database;
  alerting: Alerting;
  providers: ChannelProviders;
  logger: Logger;
}

export class NotificationDelivery {
  constructor(private readonly deps: NotificationDeliveryDeps) {}

  /** `attempt` counts from 1; `maxAttempts` is the job's limit. */
  async deliver(notificationId: string, attempt: number, maxAttempts: number): Promise<'done' | 'skipped'> {
    const { alerting } = this.deps;
    const delivery = await alerting.contactPoints.delivery(notificationId);
    if (!delivery || delivery.status !== 'queued') return 'skipped';
    const point = delivery.contactPoint;
    const summary = delivery.alertId ? await alerting.summary(delivery.alertId) : undefined;
    const notification = alerting.notificationFor(summary, delivery);
    const detail = {
      notificationId,
      purpose: delivery.purpose,
      personId: delivery.personId,
      channel: point.kind,
      contactPoint: point.label,
    };
    try {
      await this.deps.providers.send(point.kind, point.settings, notification, { personId: delivery.personId });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof DeliveryError && error.permanent;
      const final = permanent || attempt >= maxAttempts;
      await alerting.contactPoints.markAttemptFailed(notificationId, point.id, message, final);
      if (final) {
        if (delivery.alertId) {
          await alerting.alerts.addEvent(this.deps.db, delivery.alertId, 'notification-failed', 'system', {
            ...detail,
            error: message,
            attempts: attempt,
          });
        }
        await appendAudit(this.deps.db, {
          actor: 'system',
          action: 'alert-notification-failed',
          target: delivery.alertId ? `alert:${delivery.alertId}` : `contact-point:${point.id}`,
          detail: { ...detail, error: message, attempts: attempt },
        });
        await this.republish(delivery.alertId);
      }
      this.deps.logger.warn(
        { notificationId, channel: point.kind, attempt, final, error: message },
        'notification delivery failed',
      );
      if (permanent) throw new UnrecoverableError(message);
      throw error;
    }
    await alerting.contactPoints.markSent(notificationId, point.id);
    if (delivery.alertId) await alerting.alerts.addEvent(this.deps.db, delivery.alertId, 'notified', 'system', detail);
    await appendAudit(this.deps.db, {
      actor: 'system',
      action: 'alert-notified',
      target: delivery.alertId ? `alert:${delivery.alertId}` : `contact-point:${point.id}`,
      detail,
    });
    await this.republish(delivery.alertId);
    return 'done';
  }

  /** Delivery counts are part of the alert's summary. */
  private async republish(alertId: string | null): Promise<void> {
    if (!alertId) return;
    const summary = await this.deps.alerting.summary(alertId);
    if (summary) await this.deps.alerting.publishSummary(summary);
  }
}
