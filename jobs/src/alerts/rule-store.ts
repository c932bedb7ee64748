/**
 * Alert rules and each rule's lifecycle state (alert_rule, alert_evaluation). Rules are deleted
 * softly: their alerts and history stay readable.
 */
import { randomUUID } from 'node:crypto';
import type { AlertCondition, AlertRuleInput, AlertStateName, StoredAlertRule } from '@wardpulse/shared';
import type { Database, Queryable } from '../storage/database.js';

export interface RuleRow {
  id: string;
  name: string;
  scope: string;
  condition: AlertCondition;
  severity: StoredAlertRule['severity'];
  pending_for_seconds: number;
  keep_firing_for_seconds: number;
  labels: Record<string, string>;
  description: string;
  enabled: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface EvaluationRow {
  rule_id: string;
  state: AlertStateName;
  since: Date;
  firing_since: Date | null;
  value: number | null;
  evaluated_at: Date;
  error: string | null;
  open_alert_id: string | null;
}

export const iso = (date: Date | string) => new Date(date).toISOString();
export const isoOrNull = (date: Date | string | null) => (date === null ? null : iso(date));

const RULE_COLUMNS = `r.id, r.name, r.scope, r.condition, r.severity, r.pending_for_seconds, r.keep_firing_for_seconds,
  r.labels, r.description, r.enabled, r.created_by, r.created_at, r.updated_at`;

export function toStoredRule(row: RuleRow, evaluation: EvaluationRow | null): StoredAlertRule {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    condition: row.condition,
    severity: row.severity,
    pendingForSeconds: row.pending_for_seconds,
    keepFiringForSeconds: row.keep_firing_for_seconds,
    labels: row.labels,
    description: row.description,
    enabled: row.enabled,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    createdBy: row.created_by,
    evaluation: evaluation && {
      state: evaluation.state,
      since: iso(evaluation.since),
      value: evaluation.value,
      evaluatedAt: iso(evaluation.evaluated_at),
      error: evaluation.error,
    },
  };
}

export class RuleStore {
  constructor(private readonly db: Database) {}

  async list(filter: { scopes?: readonly string[]; enabledOnly?: boolean } = {}): Promise<StoredAlertRule[]> {
    const params: unknown[] = [];
    const where = ['r.deleted_at is null'];
    if (filter.scopes) {
      params.push(filter.scopes);
      where.push(`r.scope = any($${params.length})`);
    }
    if (filter.enabledOnly) where.push('r.enabled');
    const result = await this.db.query<RuleRow & { e_state: AlertStateName | null } & Record<string, unknown>>(
      `select ${RULE_COLUMNS}, e.state as e_state, e.since as e_since, e.firing_since as e_firing_since, e.value as e_value,
         e.evaluated_at as e_evaluated_at, e.error as e_error, e.open_alert_id::text as e_open_alert_id
       from alert_rule r left join alert_evaluation e on e.rule_id = r.id
       where ${where.join(' and ')} order by r.scope, r.name, r.id`,
      params,
    );
    return result.rows.map((row) => toStoredRule(row, evaluationOf(row)));
  }

  async get(id: string, db: Queryable = this.db): Promise<RuleRow | undefined> {
    const result = await db.query<RuleRow>(`select ${RULE_COLUMNS} from alert_rule r where r.id = $1 and r.deleted_at is null`, [
      id,
    ]);
    return result.rows[0];
  }

  async getStored(id: string): Promise<StoredAlertRule | undefined> {
    return (await this.list()).find((rule) => rule.id === id);
  }

  async create(input: AlertRuleInput, createdBy: string): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `insert into alert_rule (id, name, scope, condition, severity, pending_for_seconds, keep_firing_for_seconds, labels,
         description, enabled, created_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [id, ...ruleValues(input), createdBy],
    );
    return id;
  }

  async update(id: string, input: AlertRuleInput, tx: Queryable = this.db): Promise<void> {
    await tx.query(
      `update alert_rule set name = $2, scope = $3, condition = $4, severity = $5, pending_for_seconds = $6,
         keep_firing_for_seconds = $7, labels = $8, description = $9, enabled = $10, updated_at = now()
       where id = $1 and deleted_at is null`,
      [id, ...ruleValues(input)],
    );
  }

  async softDelete(id: string, tx: Queryable = this.db): Promise<void> {
    await tx.query('update alert_rule set deleted_at = now(), enabled = false where id = $1', [id]);
  }

  /** Locks the rule's lifecycle row (creating it as Normal first): one evaluator at a time per rule. */
  async lockEvaluation(tx: Queryable, ruleId: string, at: Date): Promise<EvaluationRow> {
    await tx.query(
      `insert into alert_evaluation (rule_id, state, since, evaluated_at) values ($1, 'normal', $2, $2)
       on conflict (rule_id) do nothing`,
      [ruleId, at],
    );
    const result = await tx.query<EvaluationRow>(
      `select rule_id, state, since, firing_since, value, evaluated_at, error, open_alert_id::text as open_alert_id
       from alert_evaluation where rule_id = $1 for update`,
      [ruleId],
    );
    return result.rows[0]!;
  }

  async saveEvaluation(tx: Queryable, row: EvaluationRow): Promise<void> {
    await tx.query(
      `update alert_evaluation set state = $2, since = $3, firing_since = $4, value = $5, evaluated_at = $6, error = $7,
         open_alert_id = $8 where rule_id = $1`,
      [row.rule_id, row.state, row.since, row.firing_since, row.value, row.evaluated_at, row.error, row.open_alert_id],
    );
  }
}

function ruleValues(input: AlertRuleInput): unknown[] {
  return [
    input.name,
    input.scope,
    JSON.stringify(input.condition),
    input.severity,
    input.pendingForSeconds,
    input.keepFiringForSeconds,
    JSON.stringify(input.labels),
    input.description,
    input.enabled,
  ];
}

function evaluationOf(row: RuleRow & Record<string, unknown>): EvaluationRow | null {
  if (row.e_state === null || row.e_state === undefined) return null;
  return {
    rule_id: row.id,
    state: row.e_state as AlertStateName,
    since: row.e_since as Date,
    firing_since: row.e_firing_since as Date | null,
    value: row.e_value as number | null,
    evaluated_at: row.e_evaluated_at as Date,
    error: row.e_error as string | null,
    open_alert_id: row.e_open_alert_id as string | null,
  };
}
