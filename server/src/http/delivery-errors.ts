/**
 * Who sees why a webhook or push delivery failed. The reason is what the far end did: "answered
 * HTTP 404", "could not be reached (ECONNREFUSED)", "did not answer within 10000 ms", "could not
 * be found", "is on a private or local network". Anyone signed in can point a webhook at any host
 * and port and press "Send test", and the workers sit inside the network, so these words would
 * make WardPulse a port scanner with a report (a probe oracle). Administrators — `manage-alerts`
 * over everything — see them; everyone else sees that it was not delivered. Email and in-app
 * failures are about the installation's own SMTP relay and Redis, not a place the person chose,
 * and stay as they are.
 */
import type { AlertDetail, AlertEvent, ChannelKind, ContactPoint, NotificationRecord, OrgIndex } from '@wardpulse/shared';
import { authorise, type AccessPolicy, type Principal } from '../auth/access.js';

/** What someone who is not an administrator reads in place of the far end's answer. */
export const NOT_DELIVERED = 'not delivered (administrators can see why)';

/** Channels that POST to an address the person chose. */
const CHOSEN_DESTINATIONS: ReadonlySet<string> = new Set<ChannelKind>(['webhook', 'web-push']);

export function seesDeliveryReasons(principal: Principal, org: OrgIndex, policy: AccessPolicy): boolean {
  return authorise(principal, 'manage-alerts', { kind: 'everything' }, org, policy).allowed;
}

function shownError(kind: unknown, error: string | null, seesReasons: boolean): string | null {
  return error === null || seesReasons || !CHOSEN_DESTINATIONS.has(String(kind)) ? error : NOT_DELIVERED;
}

export function shownContactPoint(point: ContactPoint, seesReasons: boolean): ContactPoint {
  return { ...point, lastError: shownError(point.kind, point.lastError, seesReasons) };
}

/** The alert with its deliveries' errors, and those its history quotes, as this reader may see them. */
export function shownAlertDetail(detail: AlertDetail, seesReasons: boolean): AlertDetail {
  if (seesReasons) return detail;
  const delivery = (record: NotificationRecord): NotificationRecord => ({
    ...record,
    lastError: shownError(record.channelKind, record.lastError, false),
  });
  const event = (entry: AlertEvent): AlertEvent =>
    typeof entry.detail.error === 'string'
      ? { ...entry, detail: { ...entry.detail, error: shownError(entry.detail.channel, entry.detail.error, false) } }
      : entry;
  return { ...detail, deliveries: detail.deliveries.map(delivery), history: detail.history.map(event) };
}
