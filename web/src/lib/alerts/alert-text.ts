/**
 * How alerts read on the alerts pages, the wall banner and in-app notifications: severity and status
 * in words (each with an icon name, never colour alone), "firing for 12 min", who acknowledged,
 * silences, where escalation stands, deliveries, and a rule's condition in one sentence. Only
 * wording lives here; every fact comes from the API (shared/src/alerts.ts).
 */
import {
  LIVE_FIGURES,
  S136_AGE_GROUP_LABELS,
  WAITING_SERVICES,
  WARD_TYPE_LABELS,
  type AlertCondition,
  type AlertEvent,
  type AlertSeverity,
  type AlertStateName,
  type AlertStatus,
  type AlertSummary,
  type LiveFigure,
  type NotificationRecord,
} from '@wardpulse/shared';
import { formatDateTime } from '../admin/admin-text.js';

export const SEVERITY_LABELS: Record<AlertSeverity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

/** Icon names of icon.svelte, one shape per severity so severity never rests on colour. */
export const SEVERITY_ICONS: Record<AlertSeverity, 'critical' | 'warning' | 'info'> = {
  critical: 'critical',
  warning: 'warning',
  info: 'info',
};

export const ALERT_STATUS_LABELS: Record<AlertStatus, string> = {
  firing: 'Firing',
  recovering: 'Recovering',
  resolved: 'Resolved',
};

/** A rule's evaluation state (Normal → Pending → Firing → Recovering, plus No data and Error). */
export const RULE_STATE_LABELS: Record<AlertStateName, string> = {
  normal: 'Normal',
  pending: 'Pending',
  firing: 'Firing',
  recovering: 'Recovering',
  'no-data': 'No data',
  error: 'Error',
};

const DATE_TIME_SECONDS = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Europe/London',
});

/** "5 Mar 2026, 14:05:09" in UK time: an alert's history often has several events within a minute. */
export function formatDateTimeSeconds(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME_SECONDS.format(date);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A stretch of time for people: "under a minute", "12 min", "2 h 5 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const span = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  if (span < MINUTE) return 'under a minute';
  if (span < HOUR) return `${Math.floor(span / MINUTE)} min`;
  if (span < DAY) {
    const hours = Math.floor(span / HOUR);
    const minutes = Math.floor((span % HOUR) / MINUTE);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(span / DAY);
  const hours = Math.floor((span % DAY) / HOUR);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

/** "firing for 12 min", "recovering, fired 2 h ago", "resolved after 1 h 3 min". */
export function alertAgeText(alert: Pick<AlertSummary, 'status' | 'firedAt' | 'resolvedAt'>, now: number): string {
  const firedAt = Date.parse(alert.firedAt);
  if (alert.status === 'resolved') {
    const resolvedAt = alert.resolvedAt === null ? now : Date.parse(alert.resolvedAt);
    return `resolved after ${formatDuration(resolvedAt - firedAt)}`;
  }
  if (alert.status === 'recovering') return `recovering, fired ${formatDuration(now - firedAt)} ago`;
  return `firing for ${formatDuration(now - firedAt)}`;
}

/** Who acknowledged and when, or null. */
export function acknowledgementText(alert: Pick<AlertSummary, 'acknowledgement'>): string | null {
  const ack = alert.acknowledgement;
  return ack ? `Acknowledged by ${ack.byName}, ${formatDateTime(ack.at)}` : null;
}

/** Why notifications are held back now (a silence or a maintenance window), or null when they are not. */
export function silenceText(alert: Pick<AlertSummary, 'silence' | 'inMaintenance'>, now: number): string | null {
  const parts: string[] = [];
  const silence = alert.silence;
  if (silence?.untilRecovered) parts.push(`Silenced by ${silence.byName} until the condition clears`);
  else if (silence?.until && Date.parse(silence.until) > now)
    parts.push(`Silenced by ${silence.byName} until ${formatDateTime(silence.until)}`);
  if (alert.inMaintenance) parts.push('In a maintenance window');
  return parts.length === 0 ? null : parts.join('; ');
}

/** True when a silence is in force (so "Remove silence" makes sense). */
export function isSilenced(alert: Pick<AlertSummary, 'silence'>, now: number): boolean {
  const silence = alert.silence;
  return silence !== null && (silence.untilRecovered || (silence.until !== null && Date.parse(silence.until) > now));
}

/** Where the on-call escalation stands: who has been told, and who is next and when. */
export function escalationText(alert: Pick<AlertSummary, 'status' | 'acknowledgement' | 'escalation'>, now: number): string {
  const { stepsNotified, nextStepAt, nextLevel } = alert.escalation;
  const told =
    stepsNotified === 0 ? 'Nobody notified yet' : `${stepsNotified} ${stepsNotified === 1 ? 'step' : 'steps'} notified`;
  if (alert.status === 'resolved') return `${told}; escalation ended when it resolved`;
  if (alert.acknowledgement) return `${told}; escalation stopped by the acknowledgement`;
  if (nextStepAt === null) return `${told}; no further escalation`;
  const level = nextLevel === null ? 'the next step' : `level ${nextLevel}`;
  const wait = Date.parse(nextStepAt) - now;
  return wait <= 0 ? `${told}; ${level} due now` : `${told}; ${level} in ${formatDuration(wait)} if nobody acknowledges`;
}

/** Live figures held as fractions (occupancy): people enter and read them as percentages. */
export const PERCENT_FIGURES: ReadonlySet<LiveFigure> = new Set(['occupancyIncludingLeave', 'occupancyExcludingLeave']);

const COMPARATOR_WORDS = { '>': 'above', '>=': 'at or above', '<': 'below', '<=': 'at or below' } as const;

/** A percentage with up to one decimal: 0.955 → "95.5%". */
export function formatPercentPrecise(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}

/** A rule's condition in one sentence: "Bed occupancy including leave above 95%". */
export function describeCondition(condition: AlertCondition): string {
  switch (condition.kind) {
    case 'threshold': {
      const value = PERCENT_FIGURES.has(condition.figure) ? formatPercentPrecise(condition.value) : String(condition.value);
      return `${LIVE_FIGURES[condition.figure].label} ${COMPARATOR_WORDS[condition.comparator]} ${value}`;
    }
    case 'no-vacant-bed':
      return `No vacant ${WARD_TYPE_LABELS[condition.wardType]} bed${condition.patientSex ? ` for a ${condition.patientSex} patient` : ''}`;
    case 'new-inappropriate-oap':
      return 'A new inappropriate out-of-area placement';
    case 'waiting-list': {
      const service = WAITING_SERVICES[condition.service].label;
      const parts = [
        condition.waitingAbove === undefined ? null : `more than ${condition.waitingAbove} waiting`,
        condition.shareBelow === undefined
          ? null
          : `under ${formatPercentPrecise(condition.shareBelow)} seen within the standard`,
      ].filter((part) => part !== null);
      return `${service}: ${parts.length === 0 ? 'no limit set' : parts.join(' or ')}`;
    }
    case 'escalation-level':
      return `Escalation level reaches OPEL ${condition.atLeast}`;
    case 'feed-silent':
      return `No data received for ${condition.minutes} min`;
    case 'no-empty-s136-suite': {
      const group = condition.ageGroup ? ` (${S136_AGE_GROUP_LABELS[condition.ageGroup].toLowerCase()})` : '';
      return `No empty Section 136 suite${group} for ${condition.minutes} min`;
    }
    case 'sitrep-unsigned':
      return 'A sitrep return not signed 30 minutes after it was due';
    case 'delayed-over':
      return `A discharge delayed over ${condition.days} days`;
    case 'delayed-bed-days':
      return `Delayed bed days this month above ${condition.above}`;
  }
}

/** "5 min" / "1 h 30 min" / "none" for a rule's pending or keep-firing period in seconds. */
export function formatPeriodSeconds(seconds: number): string {
  if (seconds === 0) return 'none';
  if (seconds < 60) return `${seconds} s`;
  return formatDuration(seconds * 1000);
}

/** Who did something in an alert's history: their name, or WardPulse itself for `system`. */
export function actorText(event: Pick<AlertEvent, 'actor' | 'actorName'>): string {
  if (event.actorName) return event.actorName;
  return event.actor === 'system' ? 'WardPulse' : event.actor;
}

const DETAIL_WORDS: Record<string, string> = {
  note: 'Note',
  level: 'Level',
  step: 'Step',
  person: 'Person',
  personName: 'Person',
  channel: 'Channel',
  channels: 'Channels',
  contactPoint: 'Contact point',
  purpose: 'Purpose',
  until: 'Until',
  untilRecovered: 'Until the condition clears',
  value: 'Value',
  valueText: 'Value',
  error: 'Error',
  reason: 'Reason',
};

/** Internal references (`personId`, `notificationId`) mean nothing to people reading the history. */
const isReference = (key: string) => key === 'id' || key.endsWith('Id');

/**
 * An event's details in words ("Note: on the phone to PICU · Level: 2"); empty values and internal
 * ids are left out, and escalation steps are counted from 1.
 */
export function eventDetailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([key, value]) => !isReference(key) && value !== null && value !== undefined && value !== '' && value !== false)
    .map(([key, value]) => {
      const name = DETAIL_WORDS[key] ?? key;
      if (value === true) return name;
      if (key === 'step' && typeof value === 'number') return `${name}: ${value + 1}`;
      if (typeof value === 'string' && key === 'until') return `${name}: ${formatDateTime(value)}`;
      return `${name}: ${typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)}`;
    })
    .join(' · ');
}

export const DELIVERY_STATUS_LABELS: Record<NotificationRecord['status'], string> = {
  queued: 'Queued',
  sent: 'Sent',
  failed: 'Failed',
};

export const NOTIFICATION_PURPOSE_LABELS: Record<NotificationRecord['purpose'], string> = {
  firing: 'Firing',
  resolved: 'Resolved',
  test: 'Test',
};
