/**
 * Alerting, put together: evaluation (alert-evaluator.ts), escalation to whoever is on call,
 * people's actions (acknowledge, resolve, silence), readers' summaries (also kept in Redis and
 * sent down the change stream, so boards show banners gap-free), and notification delivery.
 *
 * Silences and maintenance windows hold notifications back; they never stop evaluation.
 * Escalation: step i of the plan (shared/on-call.ts escalationSteps) is due `afterMinutes` after
 * the alert fired; a compare-and-set on `escalation_steps_done` gives each step to one worker, and
 * a notification's dedup key makes each delivery happen once. Acknowledging stops it.
 */
import {
  notificationsHeld,
  type FreshnessLimits,
  type AlertListQuery,
  type AlertNotification,
  type AlertSummary,
  type NotificationPurpose,
  type OrgIndex,
  type SilenceRequest,
} from '@wardpulse/shared';
import type { Logger } from 'pino';
import type { JobQueues } from '../job-queues.js';
import type { LiveStateRepository } from '../live/live-state-repository.js';
import { JobName } from '../queues.js';
import { appendAudit } from '../storage/audit-writer.js';
import type { Database } from '../storage/database.js';
import { AlertEvaluator } from './alert-evaluator.js';
import { AlertStore, escalationPlan, toAlertSummary, type AlertRow, type SummaryContext } from './alert-store.js';
import { ContactPointStore } from './contact-point-store.js';
import { OnCallStore } from './on-call-store.js';
import { RuleStore } from './rule-store.js';

export interface AlertingDeps {
  db: Database;
  live: LiveStateRepository;
  org: () => OrgIndex;
  /** The not-reporting limits alert conditions apply. */
  freshness: () => FreshnessLimits;
  queues: JobQueues;
  /** Base address for links in notifications (WARDPULSE_PUBLIC_URL). */
  publicUrl: string;
  logger: Logger;
}

/** Resolved alerts stay in Redis this long, so a board that was away sees them close. */
const RESOLVED_KEPT_MS = 60 * 60_000;

export type ActionResult = { ok: true; alert: AlertSummary } | { ok: false; reason: 'not-found' | 'conflict'; message: string };

export class Alerting {
  readonly rules: RuleStore;
  readonly alerts: AlertStore;
  readonly onCall: OnCallStore;
  readonly contactPoints: ContactPointStore;
  readonly evaluator: AlertEvaluator;

  constructor(private readonly deps: AlertingDeps) {
    this.rules = new RuleStore(deps.db);
    this.alerts = new AlertStore(deps.db);
    this.onCall = new OnCallStore(deps.db);
    this.contactPoints = new ContactPointStore(deps.db);
    this.evaluator = new AlertEvaluator({
      db: deps.db,
      live: deps.live,
      org: deps.org,
      freshness: deps.freshness,
      rules: this.rules,
      alerts: this.alerts,
      alertChanged: (alertId, change) => this.afterChange(alertId, change),
      logger: deps.logger,
    });
  }

  /** The schedule's work: evaluate every rule, advance escalations, refresh what readers see. */
  async tick(now = Date.now()): Promise<void> {
    await this.evaluator.evaluateAll(now);
    await this.advanceEscalations(now);
    // Summaries depend on time too (silences ending, maintenance windows, the next escalation step).
    const context = await this.summaryContext(now);
    for (const row of await this.alerts.rows({ status: 'open', limit: 500 })) await this.publish(row, now, context);
    await this.deps.live.pruneResolvedAlerts(now - RESOLVED_KEPT_MS);
  }

  /** Pages whoever is due on every open, unacknowledged alert. */
  async advanceEscalations(now = Date.now()): Promise<void> {
    for (const row of await this.alerts.unacknowledgedOpen()) await this.escalate(row, now);
  }

  async summaryContext(now: number): Promise<SummaryContext> {
    const org = this.deps.org();
    return {
      org,
      now,
      windows: await this.onCall.activeWindows(new Date(now)),
      plan: (row) => escalationPlan(this.onCall, org, row.scope, now),
    };
  }

  async summary(id: string, now = Date.now()): Promise<AlertSummary | undefined> {
    const row = await this.alerts.row(id);
    return row && toAlertSummary(row, await this.summaryContext(now));
  }

  async list(query: AlertListQuery & { scopes?: readonly string[] }, now = Date.now()): Promise<AlertSummary[]> {
    const context = await this.summaryContext(now);
    return Promise.all((await this.alerts.rows(query)).map((row) => toAlertSummary(row, context)));
  }

  /** Sends the alert's current summary to readers (Redis + change stream) when it changed. */
  /** `context` when publishing many at one moment: the maintenance windows are read once. */
  private async publish(row: AlertRow, now: number, context?: SummaryContext): Promise<AlertSummary> {
    const summary = await toAlertSummary(row, context ?? (await this.summaryContext(now)));
    await this.deps.live.putAlert(summary);
    return summary;
  }

  async publishSummary(summary: AlertSummary): Promise<void> {
    await this.deps.live.putAlert(summary);
  }

  private async afterChange(alertId: string, change: 'fired' | 'changed' | 'resolved', now = Date.now()): Promise<void> {
    const row = await this.alerts.row(alertId);
    if (!row) return;
    await this.publish(row, now);
    if (change === 'fired') await this.escalate(row, now);
    if (change === 'resolved') await this.notifyResolved(row, now);
  }

  /** Pages the steps of the on-call plan that are due and not yet taken. */
  async escalate(row: AlertRow, now: number): Promise<void> {
    if (row.resolved_at !== null || row.acknowledged_at !== null) return;
    const org = this.deps.org();
    const plan = await escalationPlan(this.onCall, org, row.scope, now);
    const done = row.escalation_steps_done;
    if (plan.length === 0) {
      if (done === 0 && (await this.alerts.claimSteps(row.id, 0, 1))) {
        await this.alerts.addEvent(this.deps.db, row.id, 'no-one-on-call', 'system', { scope: row.scope });
      }
      return;
    }
    const elapsedMinutes = (now - row.fired_at.getTime()) / 60_000;
    const due = plan.filter((step) => step.afterMinutes <= elapsedMinutes).length;
    if (due <= done || !(await this.alerts.claimSteps(row.id, done, due))) return;
    const summary = await toAlertSummary(row, await this.summaryContext(now));
    const held = notificationsHeld(summary, now);
    const people = await this.peopleNames();
    for (let step = done; step < due; step++) {
      const { level, personId } = plan[step]!;
      const detail = { step, level, personId, person: people.get(personId) ?? personId };
      if (held) {
        await this.alerts.addEvent(this.deps.db, row.id, 'suppressed', 'system', {
          ...detail,
          reason: summary.inMaintenance ? 'maintenance window' : 'silenced',
        });
        continue;
      }
      const queued = await this.contactPoints.queueForPerson(this.deps.db, {
        alertId: row.id,
        purpose: 'firing',
        personId,
        severity: row.severity,
        escalationLevel: level,
        step,
        dedupPrefix: `alert:${row.id}:firing:${step}`,
      });
      await this.alerts.addEvent(this.deps.db, row.id, 'escalated', 'system', { ...detail, channels: queued.length });
      await appendAudit(this.deps.db, {
        actor: 'system',
        action: 'alert-escalated',
        target: `alert:${row.id}`,
        detail: { ...detail, channels: queued.length },
      });
      for (const notification of queued) await this.enqueueDelivery(notification.id);
    }
    await this.publish((await this.alerts.row(row.id))!, now);
  }

  /** Everyone whose contact point was sent the firing notification hears that it resolved. */
  private async notifyResolved(row: AlertRow, now: number): Promise<void> {
    const summary = await toAlertSummary(row, await this.summaryContext(now));
    if (summary.inMaintenance) return;
    for (const { personId, contactPointId } of await this.contactPoints.notifiedOf(row.id)) {
      const id = await this.contactPoints.queue(this.deps.db, {
        alertId: row.id,
        purpose: 'resolved',
        personId,
        contactPointId,
        escalationLevel: null,
        step: null,
        dedupKey: `alert:${row.id}:resolved:${contactPointId}`,
      });
      if (id) await this.enqueueDelivery(id);
    }
  }

  async enqueueDelivery(notificationId: string): Promise<void> {
    await this.deps.queues.enqueue(JobName.DeliverNotification, { notificationId }, `notify-${notificationId}`);
  }

  /** A test notification to one contact point (from the person's settings page). */
  async queueTest(personId: string, contactPointId: string): Promise<string> {
    const id = await this.contactPoints.queue(this.deps.db, {
      alertId: null,
      purpose: 'test',
      personId,
      contactPointId,
      escalationLevel: null,
      step: null,
      dedupKey: `test:${contactPointId}:${Date.now()}:${Math.random().toString(36).slice(2)}`,
    });
    await this.enqueueDelivery(id!);
    return id!;
  }

  private async peopleNames(): Promise<Map<string, string>> {
    const result = await this.deps.db.query<{ id: string; name: string }>('select id, name from app_user');
    return new Map(result.rows.map((row) => [row.id, row.name]));
  }

  // ---- People's actions --------------------------------------------------------------------

  private async act(
    id: string,
    actor: string,
    action: () => Promise<boolean>,
    record: {
      kind: 'acknowledged' | 'silenced' | 'unsilenced';
      audit: 'alert-acknowledged' | 'alert-silenced' | 'alert-unsilenced';
      detail: Record<string, unknown>;
    },
    conflict: string,
    ip: string | null,
  ): Promise<ActionResult> {
    const before = await this.alerts.row(id);
    if (!before) return { ok: false, reason: 'not-found', message: `no alert ${id}` };
    if (!(await action())) return { ok: false, reason: 'conflict', message: conflict };
    await this.alerts.addEvent(this.deps.db, id, record.kind, actor, record.detail);
    await appendAudit(this.deps.db, {
      actor,
      action: record.audit,
      target: `alert:${id}`,
      detail: { rule: before.rule_name, scope: before.scope, ...record.detail },
      ip,
    });
    const summary = await this.publish((await this.alerts.row(id))!, Date.now());
    return { ok: true, alert: summary };
  }

  /** Acknowledging stops the escalation: nobody further is paged for this alert. */
  acknowledge(id: string, actor: string, note: string, ip: string | null = null): Promise<ActionResult> {
    return this.act(
      id,
      actor,
      () => this.alerts.acknowledge(id, actor, note, new Date()),
      { kind: 'acknowledged', audit: 'alert-acknowledged', detail: { note } },
      'the alert is resolved or already acknowledged',
      ip,
    );
  }

  silence(id: string, actor: string, request: SilenceRequest, ip: string | null = null): Promise<ActionResult> {
    const until = 'until' in request ? new Date(request.until) : null;
    if (until && until.getTime() <= Date.now()) {
      return Promise.resolve({ ok: false, reason: 'conflict', message: 'until must be in the future' });
    }
    return this.act(
      id,
      actor,
      () => this.alerts.silence(id, actor, until, until === null, new Date()),
      {
        kind: 'silenced',
        audit: 'alert-silenced',
        detail: { until: until?.toISOString() ?? null, untilRecovered: until === null, note: request.note },
      },
      'the alert is resolved',
      ip,
    );
  }

  unsilence(id: string, actor: string, ip: string | null = null): Promise<ActionResult> {
    return this.act(
      id,
      actor,
      () => this.alerts.unsilence(id, new Date()),
      { kind: 'unsilenced', audit: 'alert-unsilenced', detail: {} },
      'the alert is not silenced',
      ip,
    );
  }

  /**
   * A person resolves an alert: it closes now, and the rule starts again from Normal (if the
   * condition still holds it goes Pending and fires again after its pending period).
   */
  async resolve(
    id: string,
    actor: string,
    note: string,
    ip: string | null = null,
    kind: 'resolved-by-person' | 'rule-deleted' = 'resolved-by-person',
  ): Promise<ActionResult> {
    const before = await this.alerts.row(id);
    if (!before) return { ok: false, reason: 'not-found', message: `no alert ${id}` };
    const now = new Date();
    const resolved = await this.deps.db.transaction(async (tx) => {
      const evaluation = await this.rules.lockEvaluation(tx, before.rule_id, now);
      if (!(await this.alerts.resolve(tx, id, actor, now))) return false;
      await this.rules.saveEvaluation(tx, {
        ...evaluation,
        state: 'normal',
        since: now,
        firing_since: null,
        open_alert_id: null,
      });
      await this.alerts.addEvent(tx, id, kind, actor, { note });
      await appendAudit(tx, {
        actor,
        action: 'alert-resolved',
        target: `alert:${id}`,
        detail: { rule: before.rule_name, scope: before.scope, note },
        ip,
      });
      return true;
    });
    if (!resolved) return { ok: false, reason: 'conflict', message: 'the alert is already resolved' };
    const row = (await this.alerts.row(id))!;
    const summary = await this.publish(row, now.getTime());
    await this.notifyResolved(row, now.getTime());
    return { ok: true, alert: summary };
  }

  /** Closes a rule's open alert when the rule is deleted, disabled or changed in what it watches. */
  async closeOpenAlertOf(ruleId: string, actor: string, reason: string): Promise<void> {
    const open = await this.alerts.rows({ status: 'open', limit: 500 });
    const row = open.find((candidate) => candidate.rule_id === ruleId);
    if (row) await this.resolve(row.id, actor, reason, null, 'rule-deleted');
    await this.deps.db.query(
      `update alert_evaluation set state = 'normal', since = now(), firing_since = null, open_alert_id = null where rule_id = $1`,
      [ruleId],
    );
  }

  /** The notification a contact point is sent, from an alert's summary. */
  notificationFor(
    summary: AlertSummary | undefined,
    delivery: { id: string; purpose: NotificationPurpose; escalationLevel: number | null },
  ): AlertNotification {
    const base = this.deps.publicUrl.replace(/\/$/, '');
    if (!summary) {
      return {
        purpose: 'test',
        deliveryId: delivery.id,
        alertId: '',
        ruleName: 'Test notification',
        scope: '',
        scopeName: 'WardPulse',
        severity: 'info',
        valueText: null,
        description: 'This is a test: your notification channel works.',
        labels: {},
        firedAt: new Date().toISOString(),
        resolvedAt: null,
        escalationLevel: null,
        url: `${base}/account/notifications`,
      };
    }
    return {
      purpose: delivery.purpose,
      deliveryId: delivery.id,
      alertId: summary.id,
      ruleName: summary.ruleName,
      scope: summary.scope,
      scopeName: summary.scopeName,
      severity: summary.severity,
      valueText: summary.valueText,
      description: summary.description,
      labels: summary.labels,
      firedAt: summary.firedAt,
      resolvedAt: summary.resolvedAt,
      escalationLevel: delivery.escalationLevel,
      url: `${base}/alerts/${summary.id}`,
    };
  }
}
