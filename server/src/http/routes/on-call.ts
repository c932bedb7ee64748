/**
 * On-call rotas, "who is on call now", escalation policies and the people a rota can name
 * (issue #6, item 3). Rotas belong to a trust or a collaborative; managing them needs
 * `manage-alerts` there, seeing them `read`.
 */
import { scopeName, type Alerting } from '@wardpulse/jobs';
import {
  coverageOf,
  coversScope,
  escalationChain,
  escalationPolicySchema,
  nextHandovers,
  onCallAt,
  onCallScreensSchema,
  rotaInputSchema,
  rotaViolations,
  scopeTextSchema,
  type OnCallNow,
  type OnCallPerson,
  type OrgIndex,
  type PersonRef,
  type RotaInput,
  type StoredRota,
} from '@wardpulse/shared';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { actorOf } from '../../auth/access.js';
import type { AuditLog } from '../../auth/audit.js';
import type { UserRepository } from '../../auth/users.js';
import { requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';
import { knownScope, requireOnScope, scopeFilter, type ScopeAccessDeps } from './alert-access.js';

export interface OnCallRouteDeps extends ScopeAccessDeps {
  alerting: Alerting;
  audit: AuditLog;
  users: UserRepository;
}

/** People who may read everything `scope` shows: the ones a rota there can name. Disabled people are left out. */
async function peopleFor(users: UserRepository, org: OrgIndex, scope: string): Promise<PersonRef[]> {
  const known = knownScope(org, scope);
  return (await users.list())
    .filter((user) => user.disabledAt === null)
    .filter((user) => coversScope(coverageOf(user.grants, 'read', org), known, org))
    .map((user) => ({ id: user.id, name: user.name, email: user.email }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function onCallRoute(deps: OnCallRouteDeps): Router {
  const router = Router();
  const { alerting } = deps;

  const parseRota = (req: Request): RotaInput => {
    const input = parseRequest(rotaInputSchema, req.body, 'rota');
    try {
      knownScope(deps.org(), input.scope);
    } catch {
      throw new HttpError(422, 'invalid', 'unknown scope', [{ path: 'scope', message: `no such scope: ${input.scope}` }]);
    }
    return input;
  };

  /** After the access check: who may be on it is itself something only the scope's managers learn. */
  const checkRota = async (input: RotaInput): Promise<void> => {
    const violations = rotaViolations({ ...input, id: 'new' });
    const people = new Set((await peopleFor(deps.users, deps.org(), input.scope)).map((person) => person.id));
    input.members.forEach((id, index) => {
      if (!people.has(id)) violations.push({ path: `members[${index}]`, message: `is not someone who can see ${input.scope}` });
    });
    input.overrides.forEach((override, index) => {
      if (!people.has(override.personId))
        violations.push({ path: `overrides[${index}].personId`, message: `is not someone who can see ${input.scope}` });
    });
    if (violations.length > 0) throw new HttpError(422, 'invalid', 'the rota cannot work as given', violations);
  };

  router.get('/rotas', async (req, res) => {
    const principal = requireAccess(req, 'read', SOMEWHERE, deps.org(), deps.policy);
    const readable = scopeFilter(principal, 'read', deps);
    const scope = typeof req.query.scope === 'string' ? req.query.scope : undefined;
    const rotas = await alerting.onCall.listRotas(scope ? [scope] : undefined);
    res.json({ rotas: rotas.filter((rota) => readable(rota.scope)) });
  });

  router.post('/rotas', async (req, res) => {
    requireAccess(req, 'manage-alerts', SOMEWHERE, deps.org(), deps.policy);
    const input = parseRota(req);
    const principal = requireOnScope(req, 'manage-alerts', input.scope, deps);
    await checkRota(input);
    const rota = await alerting.onCall.saveRota(undefined, input);
    await deps.audit.record({
      actor: actorOf(principal),
      action: 'rota-changed',
      target: `rota:${rota.id}`,
      detail: { created: input },
      ip: req.ip ?? null,
    });
    res.status(201).json(rota);
  });

  const existingRota = async (req: Request): Promise<StoredRota> => {
    requireAccess(req, 'manage-alerts', SOMEWHERE, deps.org(), deps.policy);
    const rota = await alerting.onCall.getRota(String(req.params.id));
    if (!rota) throw new HttpError(404, 'not_found', 'no such rota');
    requireOnScope(req, 'manage-alerts', rota.scope, deps);
    return rota;
  };

  router.put('/rotas/:id', async (req, res) => {
    const before = await existingRota(req);
    const input = parseRota(req);
    const principal = requireOnScope(req, 'manage-alerts', input.scope, deps);
    await checkRota(input);
    const rota = await alerting.onCall.saveRota(before.id, input);
    await deps.audit.record({
      actor: actorOf(principal),
      action: 'rota-changed',
      target: `rota:${rota.id}`,
      detail: { before, after: input },
      ip: req.ip ?? null,
    });
    res.json(rota);
  });

  router.delete('/rotas/:id', async (req, res) => {
    const rota = await existingRota(req);
    await alerting.onCall.deleteRota(rota.id);
    await deps.audit.record({
      actor: actorOf(req.principal!),
      action: 'rota-changed',
      target: `rota:${rota.id}`,
      detail: { deleted: rota },
      ip: req.ip ?? null,
    });
    res.status(204).end();
  });

  router.get('/on-call', async (req, res) => {
    const principal = requireAccess(req, 'read', SOMEWHERE, deps.org(), deps.policy);
    const scope = typeof req.query.scope === 'string' ? req.query.scope : undefined;
    if (scope) requireOnScope(req, 'read', scope, deps);
    const readable = scopeFilter(principal, 'read', deps);
    const rotas = (await alerting.onCall.listRotas(scope ? [scope] : undefined)).filter((rota) => readable(rota.scope));
    const org = deps.org();
    const people = new Map((await deps.users.list()).map((user) => [user.id, user]));
    const mayRespond = scopeFilter(principal, 'respond-alerts', deps);
    const mayManage = scopeFilter(principal, 'manage-alerts', deps);
    // What of the person on call this reader may learn at a scope (see onCallPersonSchema).
    const disclosure = async (scopeText: string): Promise<'contact' | 'name' | 'none'> => {
      if (mayRespond(scopeText) || mayManage(scopeText)) return 'contact';
      if (principal.kind === 'user') return 'name';
      if (principal.kind === 'display-token' && (await alerting.onCall.screensShowNames(scopeText))) return 'name';
      return 'none';
    };
    const now = Date.now();
    const scopes = [...new Set(rotas.map((rota) => rota.scope))].sort();
    if (scope && !scopes.includes(scope)) scopes.push(scope);
    const answer: OnCallNow[] = [];
    for (const scopeText of scopes) {
      const own = rotas.filter((rota) => rota.scope === scopeText);
      const chain = escalationChain(own, now);
      const handovers = own.flatMap((rota) => nextHandovers(rota, now, 1));
      const policy = await alerting.onCall.policy(scopeText);
      const shown = await disclosure(scopeText);
      answer.push({
        scope: scopeText,
        scopeName: scopeName(org, scopeText),
        at: new Date(now).toISOString(),
        chain: chain.map((link) => {
          const rota = own.find((candidate) => candidate.id === link.rotaId)!;
          const person = people.get(link.personId);
          const shift = onCallShift(rota, now);
          return {
            level: link.level,
            rotaId: rota.id,
            rotaName: rota.name,
            person: disclose(shown, link.personId, person),
            from: new Date(shift.from).toISOString(),
            to: new Date(shift.to).toISOString(),
            override: link.override,
          };
        }),
        nextHandover: handovers.length > 0 ? new Date(Math.min(...handovers)).toISOString() : null,
        policy: { waitMinutes: policy.waitMinutes, repeats: policy.repeats },
      });
    }
    res.json({ scopes: answer });
  });

  const scopeParam = (req: Request) => {
    const parsed = scopeTextSchema.safeParse(String(req.params.scope));
    if (!parsed.success) throw new HttpError(404, 'not_found', `no such scope: ${String(req.params.scope)}`);
    return parsed.data;
  };

  router.get('/escalation-policies/:scope', async (req, res) => {
    requireAccess(req, 'read', SOMEWHERE, deps.org(), deps.policy);
    const scope = scopeParam(req);
    requireOnScope(req, 'read', scope, deps);
    res.json(await alerting.onCall.policy(scope));
  });

  router.put('/escalation-policies/:scope', async (req, res) => {
    requireAccess(req, 'manage-alerts', SOMEWHERE, deps.org(), deps.policy);
    const scope = scopeParam(req);
    const principal = requireOnScope(req, 'manage-alerts', scope, deps);
    const policy = parseRequest(escalationPolicySchema, req.body, 'escalation policy');
    const saved = await alerting.onCall.setPolicy(scope, policy);
    await deps.audit.record({
      actor: actorOf(principal),
      action: 'escalation-policy-changed',
      target: scope,
      detail: { policy },
      ip: req.ip ?? null,
    });
    res.json(saved);
  });

  router.get('/on-call-screens/:scope', async (req, res) => {
    requireAccess(req, 'read', SOMEWHERE, deps.org(), deps.policy);
    const scope = scopeParam(req);
    requireOnScope(req, 'read', scope, deps);
    res.json({ showNames: await alerting.onCall.screensShowNames(scope) });
  });

  router.put('/on-call-screens/:scope', async (req, res) => {
    requireAccess(req, 'manage-alerts', SOMEWHERE, deps.org(), deps.policy);
    const scope = scopeParam(req);
    const principal = requireOnScope(req, 'manage-alerts', scope, deps);
    const choice = parseRequest(onCallScreensSchema, req.body, 'on-call screens choice');
    await alerting.onCall.setScreensShowNames(scope, choice.showNames);
    await deps.audit.record({
      actor: actorOf(principal),
      action: 'rota-changed',
      target: `on-call-screens:${scope}`,
      detail: choice,
      ip: req.ip ?? null,
    });
    res.json(choice);
  });

  router.get('/people', async (req, res) => {
    requireAccess(req, 'manage-alerts', SOMEWHERE, deps.org(), deps.policy);
    const { scope } = parseRequest(z.strictObject({ scope: scopeTextSchema }), req.query, 'people query');
    requireOnScope(req, 'manage-alerts', scope, deps);
    res.json({ people: await peopleFor(deps.users, deps.org(), scope) });
  });

  return router;
}

function disclose(
  shown: 'contact' | 'name' | 'none',
  id: string,
  person: { name: string; email: string } | undefined,
): OnCallPerson {
  if (shown === 'none') return null;
  const name = person?.name ?? 'Unknown person';
  return shown === 'contact' ? { id, name, email: person?.email ?? '' } : { id, name };
}

/** The bounds of the current shift of a rota (from shared's onCallAt, which the chain used). */
function onCallShift(rota: StoredRota, now: number): { from: number; to: number } {
  const shift = onCallAt(rota, now);
  return shift ? { from: shift.from, to: shift.to } : { from: now, to: now };
}
