/** Small alerting fixtures for the web unit tests. */
import type { AlertSummary, InAppNotification } from '@wardpulse/shared';

export function testAlert(overrides: Partial<AlertSummary> = {}): AlertSummary {
  return {
    id: 'alert-1',
    ruleId: 'rule-1',
    ruleName: 'RX4 occupancy above 95%',
    scope: 'trust:RX4',
    scopeName: 'Tees, Esk and Wear Valleys',
    severity: 'warning',
    status: 'firing',
    description: '',
    labels: {},
    value: 0.97,
    valueText: '97%',
    firedAt: '2026-03-05T14:00:00.000Z',
    resolvedAt: null,
    resolvedBy: null,
    acknowledgement: null,
    silence: null,
    inMaintenance: false,
    escalation: { stepsNotified: 1, nextStepAt: '2026-03-05T14:15:00.000Z', nextLevel: 2 },
    notifications: { queued: 0, sent: 1, failed: 0 },
    updatedAt: '2026-03-05T14:00:00.000Z',
    ...overrides,
  };
}

export function testNotification(overrides: Partial<InAppNotification> = {}): InAppNotification {
  return {
    purpose: 'firing',
    deliveryId: 'delivery-1',
    alertId: 'alert-1',
    ruleName: 'RX4 occupancy above 95%',
    scope: 'trust:RX4',
    scopeName: 'Tees, Esk and Wear Valleys',
    severity: 'critical',
    valueText: '104%',
    description: '',
    labels: {},
    firedAt: '2026-03-05T14:00:00.000Z',
    resolvedAt: null,
    escalationLevel: 1,
    url: 'https://wardpulse.example/alerts/alert-1',
    sound: true,
    browserNotification: true,
    ...overrides,
  };
}
