/**
 * What every channel says about a notification, in the words people read: the same facts in
 * the same order (scope, severity, value, times in Europe/London, escalation level, labels), so
 * an email, a Teams card, a Slack message and a push notification agree. Each channel escapes
 * these plain strings for its own markup.
 */
import { LONDON, type AlertNotification, type AlertSeverity, type NotificationPurpose } from '@wardpulse/shared';

export const SEVERITY_NAMES: Record<AlertSeverity, string> = { critical: 'Critical', warning: 'Warning', info: 'Information' };

/** Webhook event names, one per purpose (also the `X-WardPulse-Event` header). */
export const WEBHOOK_EVENTS = {
  firing: 'alert.firing',
  resolved: 'alert.resolved',
  test: 'alert.test',
} as const satisfies Record<NotificationPurpose, string>;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[NotificationPurpose];

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** "5 Mar 2025, 14:03 GMT" (or BST); text that is not a date-time is shown as it is. */
export function londonDateTime(isoDateTime: string): string {
  const instant = Date.parse(isoDateTime);
  return Number.isNaN(instant) ? isoDateTime : londonTime.format(instant);
}

export function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
}

export interface NotificationFact {
  name: string;
  value: string;
}

/** The facts of a notification worth a line each; absent ones (no value, not resolved) are left out. */
export function notificationFacts(notification: AlertNotification): NotificationFact[] {
  const facts: NotificationFact[] = [
    { name: 'Scope', value: notification.scopeName },
    { name: 'Severity', value: SEVERITY_NAMES[notification.severity] },
  ];
  if (notification.valueText !== null) facts.push({ name: 'Value', value: notification.valueText });
  facts.push({ name: 'Fired', value: londonDateTime(notification.firedAt) });
  if (notification.resolvedAt !== null) facts.push({ name: 'Resolved', value: londonDateTime(notification.resolvedAt) });
  if (notification.escalationLevel !== null) facts.push({ name: 'On-call level', value: String(notification.escalationLevel) });
  const labels = labelsText(notification.labels);
  if (labels) facts.push({ name: 'Labels', value: labels });
  return facts;
}

/** One short line for small screens: "Ward A: 104% — Occupancy above 100%". */
export function notificationSummary(notification: AlertNotification): string {
  const subject =
    notification.valueText === null ? notification.scopeName : `${notification.scopeName}: ${notification.valueText}`;
  return notification.description ? `${subject} — ${notification.description}` : subject;
}

/** Cuts text to at most `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}
