/**
 * What the app does with a notification for the signed-in person (the in-app channel, the socket's
 * `notification` event): a toast that says what fired where, with a link to the alert; a sound for
 * warnings and critical alerts; and a browser notification where permission was given. The
 * notification does not carry the contact point's settings, so the sound follows severity.
 */
import {
  alertsWorstFirst,
  notificationTitle,
  type AlertNotification,
  type InAppNotification,
  type AlertSeverity,
  type AlertSummary,
} from '@wardpulse/shared';

export interface NotificationToast {
  /** The delivery id: the same notification twice is one toast. */
  id: string;
  severity: AlertSeverity;
  purpose: AlertNotification['purpose'];
  /** `alert` interrupts a screen reader (critical alerts firing); `status` waits its turn. */
  role: 'alert' | 'status';
  title: string;
  body: string;
  /** The alert to open, or null for a test notification. */
  alertId: string | null;
}

/** How many toasts stay on screen: older ones give way. */
export const MAX_TOASTS = 4;

export function toastFor(notification: AlertNotification): NotificationToast {
  const figure = notification.valueText ? `: ${notification.valueText}` : '';
  const body =
    notification.purpose === 'test'
      ? 'Notifications reach you in this browser.'
      : `${notification.purpose === 'resolved' ? 'Resolved' : 'Firing'} at ${notification.scopeName}${figure}`;
  return {
    id: notification.deliveryId,
    severity: notification.severity,
    purpose: notification.purpose,
    role: notification.purpose === 'firing' && notification.severity === 'critical' ? 'alert' : 'status',
    title: notificationTitle(notification),
    body,
    alertId: notification.purpose === 'test' || notification.alertId === '' ? null : notification.alertId,
  };
}

/** Newest first, no repeats, at most `max`. */
export function addToast(toasts: readonly NotificationToast[], toast: NotificationToast, max = MAX_TOASTS): NotificationToast[] {
  if (toasts.some((held) => held.id === toast.id)) return [...toasts];
  return [toast, ...toasts].slice(0, max);
}

/**
 * Warnings and critical alerts make a sound; information and resolutions stay quiet. A test always
 * sounds (the server sends tests as information): it is how a person checks that they will hear one.
 */
export function shouldBeep(notification: Pick<InAppNotification, 'severity' | 'purpose' | 'sound'>): boolean {
  // The person turned the sound off for this contact point.
  if (!notification.sound) return false;
  if (notification.purpose === 'test') return true;
  return notification.severity !== 'info' && notification.purpose !== 'resolved';
}

/** What a wall screen says and shows when alerts start firing while it watches. */
export interface FiredNotice {
  /** For the screen's polite live region. */
  announcement: string;
  /** The worst severity among them: the sound to play. */
  severity: AlertSeverity;
  /** One system notification per alert. */
  notifications: { alertId: string; title: string; body: string; critical: boolean }[];
}

export function firedNotice(
  alerts: readonly Pick<AlertSummary, 'id' | 'severity' | 'firedAt' | 'ruleName' | 'scopeName' | 'valueText'>[],
): FiredNotice | null {
  const worst = alertsWorstFirst(alerts);
  const first = worst[0];
  if (!first) return null;
  return {
    announcement: worst
      .map(
        (alert) =>
          `New ${alert.severity} alert: ${alert.ruleName}, ${alert.scopeName}${alert.valueText ? `, ${alert.valueText}` : ''}.`,
      )
      .join(' '),
    severity: first.severity,
    notifications: worst.map((alert) => ({
      alertId: alert.id,
      // The same first line as every other channel's (notificationTitle in shared).
      title: `[${alert.severity.toUpperCase()}] ${alert.ruleName} — ${alert.scopeName}`,
      body: alert.valueText ? `Firing: ${alert.valueText}` : 'Firing',
      critical: alert.severity === 'critical',
    })),
  };
}
