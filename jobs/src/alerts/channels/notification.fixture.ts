/**
 * Notifications for tests of the channels (unit and integration): one realistic example, and
 * fast-check arbitraries whose text is full of the characters markup gives meaning to.
 */
import { ALERT_SEVERITIES, NOTIFICATION_PURPOSES, type AlertNotification } from '@wardpulse/shared';
import fc from 'fast-check';

export function exampleNotification(overrides: Partial<AlertNotification> = {}): AlertNotification {
  return {
    purpose: 'firing',
    deliveryId: 'dlv_01HZX5Q7M3',
    alertId: 'alr_01HZX5PZ2K',
    ruleName: 'Adult acute occupancy above 100%',
    scope: 'trust:RX4',
    scopeName: 'Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust',
    severity: 'critical',
    valueText: '104.2%',
    description: 'Occupancy including leave has been above 100% for 30 minutes.',
    labels: { service: 'adult-acute', team: 'bed-management' },
    firedAt: '2025-01-14T08:05:00Z',
    resolvedAt: null,
    escalationLevel: 1,
    url: 'https://wardpulse.example.nhs.uk/alerts/alr_01HZX5PZ2K',
    ...overrides,
  };
}

/** Text a person could type, weighted towards markup: tags, entities, quotes, newlines. */
export const hostileText = fc
  .array(
    fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<script>alert(1)</script>',
        '<SCRIPT',
        '<',
        '>',
        '&',
        '&amp;',
        '"',
        "'",
        '\n',
        '<a href="x">',
        '<@U123>',
        '*',
        '_',
      ),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

export const arbitraryNotification: fc.Arbitrary<AlertNotification> = fc.record({
  purpose: fc.constantFrom(...NOTIFICATION_PURPOSES),
  deliveryId: fc.oneof(fc.uuid(), hostileText),
  alertId: fc.oneof(fc.uuid(), hostileText),
  ruleName: hostileText,
  scope: hostileText,
  scopeName: hostileText,
  severity: fc.constantFrom(...ALERT_SEVERITIES),
  valueText: fc.option(hostileText),
  description: hostileText,
  labels: fc.dictionary(hostileText, hostileText, { maxKeys: 4 }),
  firedAt: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  resolvedAt: fc.option(fc.date({ noInvalidDate: true }).map((date) => date.toISOString())),
  escalationLevel: fc.option(fc.integer({ min: 1, max: 5 })),
  url: fc.oneof(fc.webUrl(), hostileText),
});
