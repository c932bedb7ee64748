/**
 * Evaluates alert rules against live state and moves each rule through its lifecycle
 * (shared/alert-rules.ts: Normal → Pending → Firing → Recovering → Normal, NoData, Error).
 *
 * Run after every relevant change (a trust's facts were applied) and on a schedule (so pending
 * and keep-firing periods elapse and silent feeds are noticed). Deduplication: a worker locks the
 * rule's lifecycle row before it reads live state, so evaluations of one rule are serialised across
 * every worker process, and a partial unique index allows one open alert per rule (and scope).
 */
import {
  evaluateCondition,
  findVacantBeds,
  isInappropriatePlacement,
  isReporting,
  snapshotFreshness,
  minutesWithoutEmptyS136Suite,
  nextAlertState,
  parseScope,
  summariseLive,
  type AlertStateName,
  type ConditionContext,
  type ConditionResult,
  type FreshnessLimits,
  type LiveSnapshot,
  type OrgIndex,
} from '@wardpulse/shared';
import type { Logger } from 'pino';
import type { LiveStateRepository } from '../live/live-state-repository.js';
import { readScopeSnapshot } from '../live/live-snapshots.js';
import { appendAudit } from '../storage/audit-writer.js';
import type { Database, Queryable } from '../storage/database.js';
import { SitrepStore } from '../sitrep/sitrep-store.js';
import type { AlertStore } from './alert-store.js';
import type { RuleRow, RuleStore } from './rule-store.js';

/** "New" inappropriate placement: started (source time) within this long before the evaluation. */
export const NEW_PLACEMENT_WINDOW_MS = 60 * 60_000;

export interface AlertEvaluatorDeps {
  db: Database;
  live: LiveStateRepository;
  org: () => OrgIndex;
  rules: RuleStore;
  alerts: AlertStore;
  /** The not-reporting limits: a ward silent past its limit is in no condition (its vacancy, its beds). */
  freshness: () => FreshnessLimits;
  /** Called after a transaction that opened or changed an alert has committed. */
  alertChanged: (alertId: string, change: 'fired' | 'changed' | 'resolved') => Promise<void>;
  logger: Logger;
}

/** The latest source time of any fact in the snapshot (ward states, placements, waiting lists, video days, Section 136 suites). */
function latestFactMs(snapshot: LiveSnapshot): number | null {
  let latest = Number.NEGATIVE_INFINITY;
  const see = (text: string | null | undefined) => {
    const ms = text ? Date.parse(text) : Number.NaN;
    if (!Number.isNaN(ms) && ms > latest) latest = ms;
  };
  for (const ward of snapshot.wards) see(ward.state?.observedAt);
  for (const trust of snapshot.trusts) {
    for (const placement of trust.placements) see(placement.detailsAt ?? placement.startedAt);
    for (const list of trust.waitingLists) see(list.asOf);
    for (const day of trust.videoDays) see(day.observedAt);
  }
  for (const suite of snapshot.s136Suites) see(suite.state?.observedAt);
  for (const record of snapshot.dischargeDelays ?? []) see(record.latest.observedAt);
  return Number.isFinite(latest) ? latest : null;
}

/** What a rule's condition needs besides the scope's summary, from its live snapshot. */
export function conditionContext(
  rule: Pick<RuleRow, 'condition'>,
  snapshot: LiveSnapshot,
  org: OrgIndex,
  now: number,
): ConditionContext {
  const condition = rule.condition;
  switch (condition.kind) {
    case 'no-vacant-bed': {
      // A days-old vacancy is no vacancy: wards not reporting are left out, and with none of the type
      // reporting there is no data (not "a bed somewhere").
      const limits = snapshotFreshness(snapshot);
      const query = { wardType: condition.wardType, ...(condition.patientSex ? { patientSex: condition.patientSex } : {}) };
      const reporting = snapshot.wards.filter(
        (ward) =>
          isReporting(ward.state, ward.ward.type, now, limits) &&
          ward.ward.type === condition.wardType &&
          (!condition.patientSex || ward.ward.sex === 'mixed' || ward.ward.sex === condition.patientSex),
      );
      if (reporting.length === 0) return { vacantOfType: null };
      return { vacantOfType: findVacantBeds(snapshot.wards, org, query, now, limits).reduce((sum, row) => sum + row.vacant, 0) };
    }
    case 'new-inappropriate-oap': {
      const recent = snapshot.trusts
        .flatMap((trust) => trust.placements)
        .filter((placement) => {
          if (!isInappropriatePlacement(placement.details) || placement.startedAt === null) return false;
          const started = Date.parse(placement.startedAt);
          return started <= now && now - started < NEW_PLACEMENT_WINDOW_MS;
        });
      return { newInappropriateOaps: recent.length };
    }
    case 'feed-silent': {
      const latest = latestFactMs(snapshot);
      return { minutesSinceLastFact: latest === null ? null : Math.max(0, (now - latest) / 60_000) };
    }
    case 'no-empty-s136-suite':
      return { minutesWithoutEmptyS136Suite: minutesWithoutEmptyS136Suite(snapshot.s136Suites, now, condition.ageGroup) };
    default:
      return {};
  }
}

export class AlertEvaluator {
  private readonly sitreps: SitrepStore;

  constructor(private readonly deps: AlertEvaluatorDeps) {
    this.sitreps = new SitrepStore(deps.db);
  }

  /** Rules watching a trust whose facts just changed: the trust's own, its collaboratives' and its region's. */
  async evaluateForTrust(ods: string, now = Date.now()): Promise<void> {
    const scopes = this.deps.org().scopesDependingOn(ods);
    const rules = await this.deps.rules.list({ scopes, enabledOnly: true });
    for (const rule of rules) await this.evaluateRule(rule.id, now);
  }

  /** Every enabled rule (the schedule). */
  async evaluateAll(now = Date.now()): Promise<number> {
    const rules = await this.deps.rules.list({ enabledOnly: true });
    for (const rule of rules) await this.evaluateRule(rule.id, now);
    return rules.length;
  }

  private async conditionResult(rule: RuleRow, now: number, tx: Queryable): Promise<ConditionResult> {
    const parsed = parseScope(rule.scope);
    if (!parsed.ok) return { kind: 'error', message: `scope ${rule.scope}: ${parsed.message}` };
    const org = this.deps.org();
    const read = await readScopeSnapshot(this.deps.live, org, parsed.scope, now, this.deps.freshness());
    if (!read) return { kind: 'error', message: `${rule.scope} is not in the organisation` };
    const summary = summariseLive(read.snapshot, now);
    const context = conditionContext(rule, read.snapshot, org, now);
    // Sitrep returns live in the database, not in the live snapshot: read in the rule's transaction
    // (embedded PostgreSQL has one connection, which the transaction holds).
    if (rule.condition.kind === 'sitrep-unsigned') {
      context.lateSitreps = await this.sitreps.lateCount(org.trustsIn(parsed.scope) ?? [], now, tx);
    }
    return evaluateCondition(rule.condition, summary, context);
  }

  async evaluateRule(ruleId: string, now = Date.now()): Promise<AlertStateName | undefined> {
    const at = new Date(now);
    const after: { alertId: string; change: 'fired' | 'changed' | 'resolved' }[] = [];
    const state = await this.deps.db.transaction(async (tx) => {
      const rule = await this.deps.rules.get(ruleId, tx);
      if (!rule || !rule.enabled) return undefined;
      const current = await this.deps.rules.lockEvaluation(tx, ruleId, at);
      // Read live state only once the lock is held: evaluations of a rule see state in the order they run.
      const result = await this.conditionResult(rule, now, tx).catch((error: unknown): ConditionResult => ({
        kind: 'error',
        message: error instanceof Error ? error.message : String(error),
      }));
      const { state: next, transition } = nextAlertState(
        {
          state: current.state,
          since: current.since.getTime(),
          firingSince: current.firing_since?.getTime() ?? null,
          value: current.value,
        },
        result,
        { pendingForSeconds: rule.pending_for_seconds, keepFiringForSeconds: rule.keep_firing_for_seconds },
        now,
      );
      let openAlertId = current.open_alert_id;
      if (transition?.to === 'firing') {
        openAlertId = await this.deps.alerts.open(tx, rule.id, rule.scope, rule.severity, next.value, at);
        await this.deps.alerts.addEvent(tx, openAlertId, 'fired', 'system', { value: next.value });
        await appendAudit(tx, {
          actor: 'system',
          action: 'alert-fired',
          target: `alert:${openAlertId}`,
          detail: auditDetail(rule, next.value),
        });
        after.push({ alertId: openAlertId, change: 'fired' });
      } else if (transition?.to === 'resolved' && openAlertId) {
        if (await this.deps.alerts.resolve(tx, openAlertId, 'system', at)) {
          await this.deps.alerts.addEvent(tx, openAlertId, 'resolved', 'system', {
            value: next.value,
            firedForMs: transition.firedFor,
          });
          await appendAudit(tx, {
            actor: 'system',
            action: 'alert-resolved',
            target: `alert:${openAlertId}`,
            detail: auditDetail(rule, next.value),
          });
          after.push({ alertId: openAlertId, change: 'resolved' });
        }
        openAlertId = null;
      } else if (openAlertId && (next.state === 'firing' || next.state === 'recovering')) {
        if (next.state !== current.state) {
          await this.deps.alerts.setStatus(tx, openAlertId, next.state, next.value, at);
          await this.deps.alerts.addEvent(tx, openAlertId, next.state === 'recovering' ? 'recovering' : 'refiring', 'system', {
            value: next.value,
          });
          after.push({ alertId: openAlertId, change: 'changed' });
        } else if (next.value !== current.value) {
          await this.deps.alerts.setValue(tx, openAlertId, next.value, at);
          after.push({ alertId: openAlertId, change: 'changed' });
        }
      }
      if (next.state !== current.state) {
        await appendAudit(tx, {
          actor: 'system',
          action: 'alert-state-changed',
          target: `alert-rule:${rule.id}`,
          detail: {
            ...auditDetail(rule, next.value),
            from: current.state,
            to: next.state,
            ...(result.kind === 'error' ? { error: result.message } : {}),
          },
        });
      }
      await this.deps.rules.saveEvaluation(tx, {
        rule_id: rule.id,
        state: next.state,
        since: new Date(next.since),
        firing_since: next.firingSince === null ? null : new Date(next.firingSince),
        value: next.value,
        evaluated_at: at,
        error: result.kind === 'error' ? result.message : null,
        open_alert_id: openAlertId,
      });
      return next.state;
    });
    for (const { alertId, change } of after) {
      await this.deps
        .alertChanged(alertId, change)
        .catch((error: unknown) =>
          this.deps.logger.error({ err: error, alertId }, 'alert follow-up failed; the schedule will retry it'),
        );
    }
    return state;
  }
}

function auditDetail(rule: RuleRow, value: number | null): Record<string, unknown> {
  return { ruleId: rule.id, rule: rule.name, scope: rule.scope, severity: rule.severity, value };
}
