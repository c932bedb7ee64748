/**
 * Alert rules, alerts and maintenance windows (issue #6). Reading needs `read` over the scope;
 * acknowledging, resolving and silencing `respond-alerts`; rules and windows `manage-alerts`.
 * Every change is audited (the workers audit state changes and notifications).
 */
import type { Alerting } from '@wardpulse/jobs';
import {
  acknowledgeRequestSchema,
  alertListQuerySchema,
  alertRuleInputSchema,
  maintenanceWindowInputSchema,
  resolveRequestSchema,
  silenceRequestSchema,
  type AlertRuleInput,
} from '@wardpulse/shared';
import { Router, type Request } from 'express';
import { actorOf, type Principal } from '../../auth/access.js';
import type { AuditLog } from '../../auth/audit.js';
import { requireAccess, SOMEWHERE } from '../authenticate.js';
import { seesDeliveryReasons, shownAlertDetail } from '../delivery-errors.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';
import { knownScope, requireOnScope, scopeFilter, type ScopeAccessDeps } from './alert-access.js';

export interface AlertsRouteDeps extends ScopeAccessDeps {
  alerting: Alerting;
  audit: AuditLog;
}

function validScope(deps: ScopeAccessDeps, scope: string, path = 'scope'): void {
  try {
    knownScope(deps.org(), scope);
  } catch {
    throw new HttpError(422, 'invalid', 'unknown scope', [{ path, message: `no such scope: ${scope}` }]);
  }
}

export function alertsRoute(deps: AlertsRouteDeps): Router {
  const router = Router();
  const { alerting } = deps;
  const audit = (
    req: Request,
    principal: Principal,
    action: Parameters<AuditLog['record']>[0]['action'],
    target: string,
    detail: Record<string, unknown>,
  ) => deps.audit.record({ actor: actorOf(principal), action, target, detail, ip: req.ip ?? null });

  // ---- Rules ---------------------------------------------------------------------------------

  router.get('/alert-rules', async (req, res) => {
    const principal = requireAccess(req, 'read', SOMEWHERE, deps.org(), deps.policy);
    const scope = typeof req.query.scope === 'string' ? req.query.scope : undefined;
    const readable = scopeFilter(principal, 'read', deps);
    const rules = await alerting.rules.list(scope ? { scopes: [scope] } : {});
    res.json({ rules: rules.filter((rule) => readable(rule.scope)) });
  });

  const parseRule = (req: Request): AlertRuleInput => {
    const input = parseRequest(alertRuleInputSchema, req.body, 'alert rule');
    validScope(deps, input.scope);
    return input;
  };

  router.post('/alert-rules', async (req, res) => {
    requireAccess(req, 'manage-alerts', SOMEWHERE, deps.org(), deps.policy);
    const input = parseRule(req);
    const principal = requireOnScope(req, 'manage-alerts', input.scope, deps);
    const id = await alerting.rules.create(input, actorOf(principal));
    await audit(req, principal, 'alert-rule-created', `alert-rule:${id}`, { rule: input });
    res.status(201).json(await alerting.rules.getStored(id));
  });

  const existingRule = async (req: Request) => {
    requireAccess(req, 'manage-alerts', SOMEWHERE, deps.org(), deps.policy);
    const rule = await alerting.rules.get(String(req.params.id));
    if (!rule) throw new HttpError(404, 'not_found', 'no such alert rule');
    return { rule, principal: requireOnScope(req, 'manage-alerts', rule.scope, deps) };
  };

  router.put('/alert-rules/:id', async (req, res) => {
    const { rule } = await existingRule(req);
    const input = parseRule(req);
    // Moving a rule to another scope needs the ability there too.
    const principal = requireOnScope(req, 'manage-alerts', input.scope, deps);
    await alerting.rules.update(rule.id, input);
    const watchesSomethingElse =
      rule.scope !== input.scope || JSON.stringify(rule.condition) !== JSON.stringify(input.condition) || !input.enabled;
    // An open alert about what the rule no longer watches would never resolve by itself.
    if (watchesSomethingElse) await alerting.closeOpenAlertOf(rule.id, actorOf(principal), 'rule changed');
    await audit(req, principal, 'alert-rule-changed', `alert-rule:${rule.id}`, {
      before: { ...rule, created_at: undefined, updated_at: undefined },
      after: input,
    });
    res.json(await alerting.rules.getStored(rule.id));
  });

  router.delete('/alert-rules/:id', async (req, res) => {
    const { rule, principal } = await existingRule(req);
    await alerting.closeOpenAlertOf(rule.id, actorOf(principal), 'rule deleted');
    await alerting.rules.softDelete(rule.id);
    await audit(req, principal, 'alert-rule-deleted', `alert-rule:${rule.id}`, { name: rule.name, scope: rule.scope });
    res.status(204).end();
  });

  // ---- Alerts --------------------------------------------------------------------------------

  router.get('/alerts', async (req, res) => {
    const principal = requireAccess(req, 'read', SOMEWHERE, deps.org(), deps.policy);
    const query = parseRequest(alertListQuerySchema, req.query, 'alert query');
    if (query.scope) requireOnScope(req, 'read', query.scope, deps);
    const readable = scopeFilter(principal, 'read', deps);
    // Scopes of a collaborative include its trusts' alerts.
    const scopes = query.scope ? scopesWithin(deps, query.scope) : undefined;
    const alerts = await alerting.list({ ...query, ...(scopes ? { scopes } : {}) });
    res.json({ alerts: alerts.filter((alert) => readable(alert.scope)) });
  });

  const existingAlert = async (req: Request, ability: 'read' | 'respond-alerts') => {
    requireAccess(req, ability, SOMEWHERE, deps.org(), deps.policy);
    const alert = await alerting.summary(String(req.params.id));
    if (!alert) throw new HttpError(404, 'not_found', 'no such alert');
    return { alert, principal: requireOnScope(req, ability, alert.scope, deps) };
  };

  router.get('/alerts/:id', async (req, res) => {
    const { alert, principal } = await existingAlert(req, 'read');
    res.json(shownAlertDetail(await alerting.alerts.detail(alert), seesDeliveryReasons(principal, deps.org(), deps.policy)));
  });

  const answer = (result: Awaited<ReturnType<Alerting['acknowledge']>>) => {
    if (result.ok) return result.alert;
    throw new HttpError(
      result.reason === 'not-found' ? 404 : 409,
      result.reason === 'not-found' ? 'not_found' : 'conflict',
      result.message,
    );
  };

  router.post('/alerts/:id/acknowledge', async (req, res) => {
    const { alert, principal } = await existingAlert(req, 'respond-alerts');
    const body = parseRequest(acknowledgeRequestSchema, req.body, 'acknowledgement');
    res.json(answer(await alerting.acknowledge(alert.id, actorOf(principal), body.note, req.ip ?? null)));
  });

  router.post('/alerts/:id/resolve', async (req, res) => {
    const { alert, principal } = await existingAlert(req, 'respond-alerts');
    const body = parseRequest(resolveRequestSchema, req.body, 'resolution');
    res.json(answer(await alerting.resolve(alert.id, actorOf(principal), body.note, req.ip ?? null)));
  });

  router.post('/alerts/:id/silence', async (req, res) => {
    const { alert, principal } = await existingAlert(req, 'respond-alerts');
    const body = parseRequest(silenceRequestSchema, req.body, 'silence');
    const result = await alerting.silence(alert.id, actorOf(principal), body, req.ip ?? null);
    if (!result.ok && result.message.startsWith('until')) {
      throw new HttpError(422, 'invalid', 'the silence must end in the future', [
        { path: 'until', message: 'must be in the future' },
      ]);
    }
    res.json(answer(result));
  });

  router.post('/alerts/:id/unsilence', async (req, res) => {
    const { alert, principal } = await existingAlert(req, 'respond-alerts');
    res.json(answer(await alerting.unsilence(alert.id, actorOf(principal), req.ip ?? null)));
  });

  // ---- Maintenance windows -------------------------------------------------------------------

  router.get('/maintenance-windows', async (req, res) => {
    const principal = requireAccess(req, 'read', SOMEWHERE, deps.org(), deps.policy);
    const readable = scopeFilter(principal, 'read', deps);
    const windows = await alerting.onCall.listWindows({ endingAfter: new Date(Date.now() - 7 * 86_400_000) });
    res.json({ windows: windows.filter((window) => readable(window.scope)) });
  });

  router.post('/maintenance-windows', async (req, res) => {
    requireAccess(req, 'manage-alerts', SOMEWHERE, deps.org(), deps.policy);
    const input = parseRequest(maintenanceWindowInputSchema, req.body, 'maintenance window');
    validScope(deps, input.scope);
    if (Date.parse(input.to) <= Date.parse(input.from)) {
      throw new HttpError(422, 'invalid', 'the window must end after it starts', [{ path: 'to', message: 'must be after from' }]);
    }
    const principal = requireOnScope(req, 'manage-alerts', input.scope, deps);
    const window = await alerting.onCall.createWindow(input, actorOf(principal));
    await audit(req, principal, 'maintenance-window-changed', `maintenance-window:${window.id}`, { created: input });
    res.status(201).json(window);
  });

  router.delete('/maintenance-windows/:id', async (req, res) => {
    requireAccess(req, 'manage-alerts', SOMEWHERE, deps.org(), deps.policy);
    const window = (await alerting.onCall.listWindows()).find((candidate) => candidate.id === String(req.params.id));
    if (!window) throw new HttpError(404, 'not_found', 'no such maintenance window');
    const principal = requireOnScope(req, 'manage-alerts', window.scope, deps);
    await alerting.onCall.deleteWindow(window.id);
    await audit(req, principal, 'maintenance-window-changed', `maintenance-window:${window.id}`, { deleted: window });
    res.status(204).end();
  });

  return router;
}

/** A scope and, for a region or collaborative, the trusts it covers whole: the alert scopes a view of it shows. */
function scopesWithin(deps: ScopeAccessDeps, scope: string): string[] {
  const parsed = knownScope(deps.org(), scope);
  if (parsed.kind !== 'collaborative' && parsed.kind !== 'region') return [scope];
  return [scope, ...(deps.org().trustsIn(parsed) ?? []).map((ods) => `trust:${ods}`)];
}
