/**
 * Alerts (firing episodes), their history and their notifications, and the summaries readers see.
 * Every state change of an alert is also an `alert_event` row: the alert's own history.
 */
import {
  escalationChain,
  escalationSteps,
  formatAlertValue,
  parseScope,
  type AlertCondition,
  type AlertDetail,
  type AlertEvent,
  type AlertEventKind,
  type AlertListQuery,
  type AlertStatus,
  type AlertSummary,
  type MaintenanceWindow,
  type NotificationRecord,
  type OrgIndex,
} from '@wardpulse/shared';
import type { Database, Queryable } from '../storage/database.js';
import { inMaintenance, type OnCallStore } from './on-call-store.js';
import { iso, isoOrNull } from './rule-store.js';

export interface AlertRow {
  id: string;
  rule_id: string;
  rule_name: string;
  condition: AlertCondition;
  description: string;
  labels: Record<string, string>;
  scope: string;
  severity: AlertSummary['severity'];
  status: AlertStatus;
  value: number | null;
  fired_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  acknowledged_at: Date | null;
  acknowledge_note: string | null;
  silenced_by: string | null;
  silenced_by_name: string | null;
  silenced_at: Date | null;
  silenced_until: Date | null;
  silenced_until_recovered: boolean;
  escalation_steps_done: number;
  updated_at: Date;
  queued: number;
  sent: number;
  failed: number;
}

const ALERT_SELECT = `
  select a.id::text as id, a.rule_id, r.name as rule_name, r.condition, r.description, r.labels, a.scope, a.severity,
    a.status, a.value, a.fired_at, a.resolved_at, a.resolved_by, a.acknowledged_by, ack.name as acknowledged_by_name,
    a.acknowledged_at, a.acknowledge_note, a.silenced_by, sil.name as silenced_by_name, a.silenced_at, a.silenced_until,
    a.silenced_until_recovered, a.escalation_steps_done, a.updated_at,
    (select count(*)::int from notification n where n.alert_id = a.id and n.status = 'queued') as queued,
    (select count(*)::int from notification n where n.alert_id = a.id and n.status = 'sent') as sent,
    (select count(*)::int from notification n where n.alert_id = a.id and n.status = 'failed') as failed
  from alert a
  join alert_rule r on r.id = a.rule_id
  left join app_user ack on 'user:' || ack.id = a.acknowledged_by
  left join app_user sil on 'user:' || sil.id = a.silenced_by`;

/** What a summary needs beyond the row: names, maintenance windows now, and the escalation plan. */
export interface SummaryContext {
  org: OrgIndex;
  now: number;
  windows: readonly MaintenanceWindow[];
  /** Minutes after firing of each remaining escalation step, with its level (from rotas and policy). */
  plan: (row: AlertRow) => Promise<{ afterMinutes: number; level: number }[]>;
}

export function scopeName(org: OrgIndex, scope: string): string {
  const parsed = parseScope(scope);
  return (parsed.ok && org.nameOf(parsed.scope)) || scope;
}

export async function toAlertSummary(row: AlertRow, context: SummaryContext): Promise<AlertSummary> {
  const firedMs = row.fired_at.getTime();
  const stopped = row.acknowledged_at !== null || row.resolved_at !== null;
  const plan = stopped ? [] : await context.plan(row);
  const next = plan[row.escalation_steps_done];
  const silenceActive =
    row.silenced_by !== null &&
    (row.silenced_until_recovered || (row.silenced_until !== null && row.silenced_until.getTime() > context.now));
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    scope: row.scope,
    scopeName: scopeName(context.org, row.scope),
    severity: row.severity,
    status: row.status,
    description: row.description,
    labels: row.labels,
    value: row.value,
    valueText: formatAlertValue(row.condition, row.value),
    firedAt: iso(row.fired_at),
    resolvedAt: isoOrNull(row.resolved_at),
    resolvedBy: row.resolved_by,
    acknowledgement:
      row.acknowledged_by && row.acknowledged_at
        ? {
            by: row.acknowledged_by,
            byName: row.acknowledged_by_name ?? row.acknowledged_by,
            at: iso(row.acknowledged_at),
            note: row.acknowledge_note ?? '',
          }
        : null,
    silence:
      silenceActive && row.silenced_at
        ? {
            until: isoOrNull(row.silenced_until),
            untilRecovered: row.silenced_until_recovered,
            by: row.silenced_by!,
            byName: row.silenced_by_name ?? row.silenced_by!,
            at: iso(row.silenced_at),
          }
        : null,
    inMaintenance: row.resolved_at === null && inMaintenance(context.windows, row.scope, context.org),
    escalation: {
      stepsNotified: row.escalation_steps_done,
      nextStepAt: next ? new Date(firedMs + next.afterMinutes * 60_000).toISOString() : null,
      nextLevel: next?.level ?? null,
    },
    notifications: { queued: row.queued, sent: row.sent, failed: row.failed },
    updatedAt: iso(row.updated_at),
  };
}

/** The escalation plan of an alert at `at`: who would be paged, when, from the rotas and policy now. */
export async function escalationPlan(
  onCall: OnCallStore,
  org: OrgIndex,
  scope: string,
  at: number,
  db?: Queryable,
): Promise<{ afterMinutes: number; level: number; personId: string }[]> {
  const [rotas, policy] = await Promise.all([onCall.rotasPaging(scope, org, db), onCall.policy(scope, db)]);
  return escalationSteps(escalationChain(rotas, at), policy);
}

export class AlertStore {
  constructor(private readonly db: Database) {}

  async row(id: string, db: Queryable = this.db): Promise<AlertRow | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const result = await db.query<AlertRow>(`${ALERT_SELECT} where a.id = $1`, [id]);
    return result.rows[0];
  }

  async rows(query: AlertListQuery & { scopes?: readonly string[] }): Promise<AlertRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.status === 'open') where.push('a.resolved_at is null');
    else if (query.status !== 'all') add('a.status = ?', query.status);
    if (query.scopes) add('a.scope = any(?)', query.scopes);
    if (query.severity) add('a.severity = ?', query.severity);
    params.push(query.limit);
    const result = await this.db.query<AlertRow>(
      `${ALERT_SELECT} ${where.length ? `where ${where.join(' and ')}` : ''}
       order by (a.resolved_at is null) desc, a.fired_at desc, a.id desc limit $${params.length}`,
      params,
    );
    return result.rows;
  }

  /** Open alerts still waiting for someone (not acknowledged): the escalation tick walks these. */
  async unacknowledgedOpen(): Promise<AlertRow[]> {
    const result = await this.db.query<AlertRow>(
      `${ALERT_SELECT} where a.resolved_at is null and a.acknowledged_at is null order by a.id`,
    );
    return result.rows;
  }

  async open(tx: Queryable, ruleId: string, scope: string, severity: string, value: number | null, at: Date): Promise<string> {
    const inserted = await tx.query<{ id: string }>(
      `insert into alert (rule_id, scope, severity, status, value, fired_at, updated_at) values ($1, $2, $3, 'firing', $4, $5, $5)
       on conflict (rule_id) where resolved_at is null do nothing returning id::text as id`,
      [ruleId, scope, severity, value, at],
    );
    if (inserted.rows[0]) return inserted.rows[0].id;
    const existing = await tx.query<{ id: string }>(
      'select id::text as id from alert where rule_id = $1 and resolved_at is null',
      [ruleId],
    );
    return existing.rows[0]!.id;
  }

  async setStatus(tx: Queryable, id: string, status: AlertStatus, value: number | null, at: Date): Promise<void> {
    await tx.query('update alert set status = $2, value = $3, updated_at = $4 where id = $1', [id, status, value, at]);
  }

  async setValue(tx: Queryable, id: string, value: number | null, at: Date): Promise<void> {
    await tx.query('update alert set value = $2, updated_at = $3 where id = $1 and value is distinct from $2', [id, value, at]);
  }

  async resolve(tx: Queryable, id: string, by: string, at: Date): Promise<boolean> {
    const result = await tx.query<{ id: string }>(
      `update alert set status = 'resolved', resolved_at = $3, resolved_by = $2, updated_at = $3
       where id = $1 and resolved_at is null returning id::text as id`,
      [id, by, at],
    );
    return result.rows.length > 0;
  }

  async acknowledge(id: string, by: string, note: string, at: Date): Promise<boolean> {
    const result = await this.db.query<{ id: string }>(
      `update alert set acknowledged_by = $2, acknowledged_at = $4, acknowledge_note = $3, updated_at = $4
       where id = $1 and resolved_at is null and acknowledged_at is null returning id::text as id`,
      [id, by, note, at],
    );
    return result.rows.length > 0;
  }

  async silence(id: string, by: string, until: Date | null, untilRecovered: boolean, at: Date): Promise<boolean> {
    const result = await this.db.query<{ id: string }>(
      `update alert set silenced_by = $2, silenced_at = $5, silenced_until = $3, silenced_until_recovered = $4, updated_at = $5
       where id = $1 and resolved_at is null returning id::text as id`,
      [id, by, until, untilRecovered, at],
    );
    return result.rows.length > 0;
  }

  async unsilence(id: string, at: Date): Promise<boolean> {
    const result = await this.db.query<{ id: string }>(
      `update alert set silenced_by = null, silenced_at = null, silenced_until = null, silenced_until_recovered = false,
         updated_at = $2 where id = $1 and resolved_at is null and silenced_by is not null returning id::text as id`,
      [id, at],
    );
    return result.rows.length > 0;
  }

  /** Takes escalation steps `done`…`due - 1` for this worker, if no other worker took them first. */
  async claimSteps(id: string, done: number, due: number): Promise<boolean> {
    const result = await this.db.query<{ id: string }>(
      `update alert set escalation_steps_done = $3, updated_at = now()
       where id = $1 and escalation_steps_done = $2 and resolved_at is null and acknowledged_at is null
       returning id::text as id`,
      [id, done, due],
    );
    return result.rows.length > 0;
  }

  async addEvent(db: Queryable, alertId: string, kind: AlertEventKind, actor: string, detail: Record<string, unknown> = {}) {
    await db.query('insert into alert_event (alert_id, kind, actor, detail) values ($1, $2, $3, $4)', [
      alertId,
      kind,
      actor,
      JSON.stringify(detail),
    ]);
  }

  async history(alertId: string): Promise<AlertEvent[]> {
    const result = await this.db.query<{
      at: Date;
      kind: AlertEvent['kind'];
      actor: string;
      actor_name: string | null;
      detail: Record<string, unknown>;
    }>(
      `select e.at, e.kind, e.actor, u.name as actor_name, e.detail from alert_event e
       left join app_user u on 'user:' || u.id = e.actor where e.alert_id = $1 order by e.id`,
      [alertId],
    );
    return result.rows.map((row) => ({
      at: iso(row.at),
      kind: row.kind,
      actor: row.actor,
      actorName: row.actor_name,
      detail: row.detail,
    }));
  }

  async deliveries(alertId: string): Promise<NotificationRecord[]> {
    const result = await this.db.query<{
      id: string;
      purpose: NotificationRecord['purpose'];
      user_id: string;
      person_name: string;
      kind: NotificationRecord['channelKind'];
      label: string;
      escalation_level: number | null;
      step: number | null;
      status: NotificationRecord['status'];
      attempts: number;
      last_error: string | null;
      queued_at: Date;
      sent_at: Date | null;
    }>(
      `select n.id::text as id, n.purpose, n.user_id, u.name as person_name, c.kind, c.label, n.escalation_level, n.step,
         n.status, n.attempts, n.last_error, n.queued_at, n.sent_at
       from notification n join app_user u on u.id = n.user_id join contact_point c on c.id = n.contact_point_id
       where n.alert_id = $1 order by n.id`,
      [alertId],
    );
    return result.rows.map((row) => ({
      id: row.id,
      purpose: row.purpose,
      personId: row.user_id,
      personName: row.person_name,
      channelKind: row.kind,
      channelLabel: row.label,
      escalationLevel: row.escalation_level,
      step: row.step,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      queuedAt: iso(row.queued_at),
      sentAt: isoOrNull(row.sent_at),
    }));
  }

  async detail(summary: AlertSummary): Promise<AlertDetail> {
    const [history, deliveries] = await Promise.all([this.history(summary.id), this.deliveries(summary.id)]);
    return { ...summary, history, deliveries };
  }
}
