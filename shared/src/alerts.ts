/**
 * Alerts as the API, the live contract and the web app see them (issue #6): stored rules with
 * their evaluation state, alerts (one firing episode of a rule at a scope), their history and
 * notifications, human actions, maintenance windows, escalation policies and "who is on call".
 *
 * HTTP routes (all under /api/v1; read = `read` over the scope, respond = `respond-alerts`,
 * manage = `manage-alerts`):
 * - GET  /alert-rules?scope=            read    → { rules: StoredAlertRule[] }
 * - POST /alert-rules                   manage  ← AlertRuleInput → StoredAlertRule (201)
 * - PUT  /alert-rules/:id               manage  ← AlertRuleInput → StoredAlertRule
 * - DELETE /alert-rules/:id             manage  → 204 (its open alert resolves)
 * - GET  /alerts?status=&scope=&severity=&limit=   read → { alerts: AlertSummary[] }
 * - GET  /alerts/:id                    read    → AlertDetail
 * - POST /alerts/:id/acknowledge        respond ← { note } → AlertSummary
 * - POST /alerts/:id/resolve            respond ← { note } → AlertSummary
 * - POST /alerts/:id/silence            respond ← { until } | { untilRecovered: true }, note → AlertSummary
 * - POST /alerts/:id/unsilence          respond → AlertSummary
 * - GET  /maintenance-windows?scope=    read    → { windows: MaintenanceWindow[] }
 * - POST /maintenance-windows           manage  ← MaintenanceWindowInput → MaintenanceWindow (201)
 * - DELETE /maintenance-windows/:id     manage  → 204
 * - GET  /rotas?scope=                  read    → { rotas: StoredRota[] }
 * - POST /rotas                         manage  ← RotaInput → StoredRota (201)
 * - PUT  /rotas/:id                     manage  ← RotaInput → StoredRota
 * - DELETE /rotas/:id                   manage  → 204
 * - GET  /on-call?scope=                read    → { scopes: OnCallNow[] } (every readable scope with a rota when no scope)
 * - GET  /escalation-policies/:scope    read    → EscalationPolicyRecord
 * - PUT  /escalation-policies/:scope    manage  ← EscalationPolicy → EscalationPolicyRecord
 * - GET  /people?scope=                 manage  → { people: PersonRef[] } (people with a grant reaching the scope)
 * - GET  /me/contact-points             signed-in → { contactPoints: ContactPoint[] }
 * - POST /me/contact-points             signed-in ← ContactPointInput → ContactPoint (201)
 * - PATCH /me/contact-points/:id        signed-in ← ContactPointUpdate → ContactPoint
 * - DELETE /me/contact-points/:id       signed-in → 204
 * - POST /me/contact-points/:id/test    signed-in → 202 (a test notification is queued)
 * - GET  /web-push/public-key           signed-in → { publicKey }
 */
import { z } from 'zod';
import { ALERT_SEVERITIES, ALERT_STATES, alertRuleSchema } from './alert-rules.js';
import { escalationPolicySchema, rotaSchema } from './on-call.js';
import { scopeTextSchema } from './scope.js';

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' });

/** Alert rules watch a trust or a collaborative. */
export const alertRuleScopeSchema = scopeTextSchema.refine(
  (text) => text.startsWith('trust:') || text.startsWith('collaborative:'),
  'must be a trust or a collaborative',
);

export const alertRuleInputSchema = alertRuleSchema.extend({
  scope: alertRuleScopeSchema,
  enabled: z.boolean().default(true),
});
export type AlertRuleInput = z.infer<typeof alertRuleInputSchema>;

export const storedAlertRuleSchema = alertRuleSchema.extend({
  id: z.string(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
  /** Where the rule's lifecycle stands now (null before its first evaluation). */
  evaluation: z
    .object({
      state: z.enum(ALERT_STATES),
      since: z.string(),
      value: z.number().nullable(),
      evaluatedAt: z.string(),
      error: z.string().nullable(),
    })
    .nullable(),
});
export type StoredAlertRule = z.infer<typeof storedAlertRuleSchema>;

/** An alert is one firing episode: it opens when its rule fires and closes when it resolves. */
export const ALERT_STATUSES = ['firing', 'recovering', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const alertSummarySchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  scope: z.string(),
  scopeName: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  description: z.string(),
  labels: z.record(z.string(), z.string()),
  value: z.number().nullable(),
  valueText: z.string().nullable().describe('The figure as people read it, e.g. "104.2%"'),
  firedAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** `system` when its condition cleared, else the person who resolved it. */
  resolvedBy: z.string().nullable(),
  acknowledgement: z.object({ by: z.string(), byName: z.string(), at: z.string(), note: z.string() }).nullable(),
  silence: z
    .object({ until: z.string().nullable(), untilRecovered: z.boolean(), by: z.string(), byName: z.string(), at: z.string() })
    .nullable()
    .describe('An active silence: notifications are held back, evaluation carries on'),
  inMaintenance: z.boolean().describe('A maintenance window covers the scope now (notifications held back)'),
  escalation: z
    .object({ stepsNotified: z.int(), nextStepAt: z.string().nullable(), nextLevel: z.int().nullable() })
    .describe('Where the on-call escalation stands: steps done, the next and when (null when stopped)'),
  notifications: z.object({ queued: z.int(), sent: z.int(), failed: z.int() }),
  updatedAt: z.string().describe('When this record last changed: readers keep the later of two copies'),
});
export type AlertSummary = z.infer<typeof alertSummarySchema>;

export const ALERT_EVENT_KINDS = [
  'fired',
  'recovering',
  'refiring',
  'resolved',
  'acknowledged',
  'resolved-by-person',
  'silenced',
  'unsilenced',
  'escalated',
  'no-one-on-call',
  'suppressed',
  'notified',
  'notification-failed',
  'rule-deleted',
] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

export const ALERT_EVENT_LABELS: Record<AlertEventKind, string> = {
  fired: 'Started firing',
  recovering: 'Condition cleared, keeping firing for a while',
  refiring: 'Condition back while recovering',
  resolved: 'Resolved',
  acknowledged: 'Acknowledged',
  'resolved-by-person': 'Resolved by a person',
  silenced: 'Silenced',
  unsilenced: 'Silence removed',
  escalated: 'Paged the person on call',
  'no-one-on-call': 'Nobody on call to notify',
  suppressed: 'Notification held back (silence or maintenance)',
  notified: 'Notification sent',
  'notification-failed': 'Notification failed',
  'rule-deleted': 'Rule deleted',
};

export const alertEventSchema = z.object({
  at: z.string(),
  kind: z.enum(ALERT_EVENT_KINDS),
  /** `user:<id>`, `system`. */
  actor: z.string(),
  actorName: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

export const NOTIFICATION_STATUSES = ['queued', 'sent', 'failed'] as const;

export const notificationRecordSchema = z.object({
  id: z.string(),
  purpose: z.enum(['firing', 'resolved', 'test']),
  personId: z.string(),
  personName: z.string(),
  channelKind: z.enum(['in-app', 'email', 'webhook', 'web-push']),
  channelLabel: z.string(),
  escalationLevel: z.int().nullable(),
  step: z.int().nullable(),
  status: z.enum(NOTIFICATION_STATUSES),
  attempts: z.int(),
  lastError: z
    .string()
    .nullable()
    .describe('For webhooks and push only administrators see the far end’s answer, others "not delivered"'),
  queuedAt: z.string(),
  sentAt: z.string().nullable(),
});
export type NotificationRecord = z.infer<typeof notificationRecordSchema>;

export const alertDetailSchema = alertSummarySchema.extend({
  history: z.array(alertEventSchema).describe('Oldest first'),
  deliveries: z.array(notificationRecordSchema),
});
export type AlertDetail = z.infer<typeof alertDetailSchema>;

export const alertListQuerySchema = z.strictObject({
  status: z.enum(['open', ...ALERT_STATUSES, 'all']).default('open'),
  scope: scopeTextSchema.optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

const note = z.string().trim().max(2000, 'must be at most 2000 characters');

export const acknowledgeRequestSchema = z.strictObject({ note: note.default('') });
export const resolveRequestSchema = z.strictObject({ note: note.default('') });
export const silenceRequestSchema = z.union([
  z.strictObject({ until: isoDateTime, note: note.default('') }),
  z.strictObject({ untilRecovered: z.literal(true), note: note.default('') }),
]);
export type SilenceRequest = z.infer<typeof silenceRequestSchema>;

export const maintenanceWindowInputSchema = z.strictObject({
  scope: alertRuleScopeSchema,
  from: isoDateTime,
  to: isoDateTime,
  reason: z.string().trim().min(1, 'must say why').max(500, 'must be at most 500 characters'),
});
export type MaintenanceWindowInput = z.infer<typeof maintenanceWindowInputSchema>;

export const maintenanceWindowSchema = maintenanceWindowInputSchema.extend({
  id: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;

/** A window on a collaborative covers its trusts' alerts too. */
export function windowCovers(windowScope: string, alertScope: string, trustsOfWindow: readonly string[]): boolean {
  if (windowScope === alertScope) return true;
  return windowScope.startsWith('collaborative:') && alertScope.startsWith('trust:')
    ? trustsOfWindow.includes(alertScope.slice('trust:'.length))
    : false;
}

export const rotaInputSchema = rotaSchema.omit({ id: true });
export type RotaInput = z.infer<typeof rotaInputSchema>;

export const storedRotaSchema = rotaSchema.extend({ updatedAt: z.string() });
export type StoredRota = z.infer<typeof storedRotaSchema>;

export const DEFAULT_ESCALATION_POLICY = { waitMinutes: 15, repeats: 3 } as const;

export const escalationPolicyRecordSchema = escalationPolicySchema.extend({
  scope: z.string(),
  /** False when the default applies (nobody has set one for this scope). */
  custom: z.boolean(),
});
export type EscalationPolicyRecord = z.infer<typeof escalationPolicyRecordSchema>;

export const personRefSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type PersonRef = z.infer<typeof personRefSchema>;

/**
 * Who is on call, as much as the reader may know (security review #16 item 4): people who may
 * respond to or manage alerts there get the contact details; other signed-in people the name;
 * wall screens the name only where the scope chose to show it (`onCallScreensSchema`); API keys
 * and anonymous readers neither (null) — the chain still says each level is covered.
 */
export const onCallPersonSchema = personRefSchema.extend({ email: z.string().optional() }).nullable();
export type OnCallPerson = z.infer<typeof onCallPersonSchema>;

/** A trust's or collaborative's choice for its wall screens (GET/PUT /on-call-screens/{scope}). */
export const onCallScreensSchema = z.strictObject({ showNames: z.boolean() });
export type OnCallScreens = z.infer<typeof onCallScreensSchema>;

export const onCallNowSchema = z.object({
  scope: z.string(),
  scopeName: z.string(),
  at: z.string(),
  /** Level 1 first; levels with nobody on call are left out. */
  chain: z.array(
    z.object({
      level: z.int(),
      rotaId: z.string(),
      rotaName: z.string(),
      person: onCallPersonSchema,
      from: z.string(),
      to: z.string(),
      override: z.boolean(),
    }),
  ),
  nextHandover: z.string().nullable(),
  policy: escalationPolicySchema,
});
export type OnCallNow = z.infer<typeof onCallNowSchema>;

/** Open alerts, most severe first, then newest first: for banners and the alerts page. */
export const SEVERITY_RANK = { critical: 3, warning: 2, info: 1 } as const;

export function alertsWorstFirst<T extends Pick<AlertSummary, 'severity' | 'firedAt'>>(alerts: readonly T[]): T[] {
  return [...alerts].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.firedAt < b.firedAt ? 1 : a.firedAt > b.firedAt ? -1 : 0),
  );
}

/** Whether an alert's notifications are held back now (silence or maintenance); evaluation carries on. */
export function notificationsHeld(alert: Pick<AlertSummary, 'silence' | 'inMaintenance'>, now: number): boolean {
  if (alert.inMaintenance) return true;
  if (!alert.silence) return false;
  return alert.silence.untilRecovered || (alert.silence.until !== null && Date.parse(alert.silence.until) > now);
}
