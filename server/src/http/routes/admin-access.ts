/**
 * Administration of access (admins): people and their grants, API keys (display tokens: admin-displays.ts).
 * Secrets are shown once, in the response that creates them, and never logged or audited.
 * Every change is audited; disabling a person or revoking a key or token also disconnects their
 * live sockets on every replica.
 *
 * Who may: people and grants need `manage-access` over everything; API keys and display tokens
 * need `manage-access` over every trust they cover (so a trust's admin manages its own feeds and
 * screens).
 */
import type { Grant, OrgIndex } from '@wardpulse/shared';
import { createApiKeyRequestSchema, createUserRequestSchema, setGrantsRequestSchema } from '@wardpulse/shared';
import type { Redis } from 'ioredis';
import { Router, type Request } from 'express';
import { actorOf, authorise, type AccessPolicy, type AccessTarget, type Principal } from '../../auth/access.js';
import type { ApiKeyRepository } from '../../auth/api-keys.js';
import type { AuditLog } from '../../auth/audit.js';
import { publishRevocation } from '../../auth/revocations.js';
import type { SessionStore } from '../../auth/sessions.js';
import type { UserRepository } from '../../auth/users.js';
import { requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';

export interface AdminAccessDeps {
  users: UserRepository;
  apiKeys: ApiKeyRepository;
  sessions: SessionStore;
  audit: AuditLog;
  org: () => OrgIndex;
  policy: AccessPolicy;
  redis: Redis;
  keyPrefix: string;
}

const EVERYTHING: AccessTarget = { kind: 'everything' };

function requireAbility(req: Request, deps: Pick<AdminAccessDeps, 'org' | 'policy'>, target: AccessTarget): Principal {
  return requireAccess(req, 'manage-access', target, deps.org(), deps.policy);
}

/** Grants must name things that exist. */
function grantProblems(grants: readonly Grant[], org: OrgIndex) {
  return grants.flatMap((grant, index) => {
    if (grant.scope.kind === 'trust' && !org.trustsByOds.has(grant.scope.id))
      return [{ path: `grants[${index}].scope.id`, message: `unknown trust "${grant.scope.id}"` }];
    if (grant.scope.kind === 'collaborative' && !org.collaborativesById.has(grant.scope.id))
      return [{ path: `grants[${index}].scope.id`, message: `unknown collaborative "${grant.scope.id}"` }];
    if (grant.scope.kind === 'region' && !org.regionsByCode.has(grant.scope.id))
      return [{ path: `grants[${index}].scope.id`, message: `unknown region "${grant.scope.id}"` }];
    return [];
  });
}

export function adminAccessRoute(deps: AdminAccessDeps): Router {
  const router = Router();
  const audit = (
    req: Request,
    principal: Principal,
    action: Parameters<AuditLog['record']>[0]['action'],
    target: string,
    detail = {},
  ) => deps.audit.record({ actor: actorOf(principal), action, target, detail, ip: req.ip ?? null });

  // People and grants.
  router.get('/admin/users', async (req, res) => {
    requireAbility(req, deps, EVERYTHING);
    res.json(await deps.users.list());
  });

  router.post('/admin/users', async (req, res) => {
    const principal = requireAbility(req, deps, EVERYTHING);
    const body = parseRequest(createUserRequestSchema, req.body, 'new user');
    const problems = grantProblems(body.grants, deps.org());
    if (problems.length > 0) throw new HttpError(422, 'invalid', 'a grant names something unknown', problems);
    if (await deps.users.findByEmail(body.email)) {
      throw new HttpError(409, 'conflict', 'someone already has this email', [{ path: 'email', message: 'is taken' }]);
    }
    const user = await deps.users.create(body);
    await audit(req, principal, 'user-created', `user:${user.id}`, { email: user.email, grants: user.grants });
    res.status(201).json(user);
  });

  router.put('/admin/users/:id/grants', async (req, res) => {
    const principal = requireAbility(req, deps, EVERYTHING);
    const body = parseRequest(setGrantsRequestSchema, req.body, 'grants');
    const problems = grantProblems(body.grants, deps.org());
    if (problems.length > 0) throw new HttpError(422, 'invalid', 'a grant names something unknown', problems);
    const before = await deps.users.get(String(req.params.id));
    if (!before) throw new HttpError(404, 'not_found', 'no such user');
    const user = (await deps.users.setGrants(before.id, body.grants))!;
    await audit(req, principal, 'grants-changed', `user:${user.id}`, { before: before.grants, after: user.grants });
    // Sockets re-check on their next subscription; narrowing access disconnects them now.
    await publishRevocation(deps.redis, deps.keyPrefix, { kind: 'user', id: user.id });
    res.json(user);
  });

  router.post('/admin/users/:id/disable', async (req, res) => {
    const principal = requireAbility(req, deps, EVERYTHING);
    const id = String(req.params.id);
    if (principal.kind === 'user' && principal.user.id === id) {
      throw new HttpError(422, 'invalid', 'you cannot disable yourself', [{ path: 'id', message: 'is you' }]);
    }
    if (!(await deps.users.get(id))) throw new HttpError(404, 'not_found', 'no such user');
    await deps.users.disable(id);
    await deps.sessions.destroyAllFor(id);
    await publishRevocation(deps.redis, deps.keyPrefix, { kind: 'user', id });
    await audit(req, principal, 'user-disabled', `user:${id}`);
    res.json(await deps.users.get(id));
  });

  router.post('/admin/users/:id/enable', async (req, res) => {
    const principal = requireAbility(req, deps, EVERYTHING);
    const id = String(req.params.id);
    if (!(await deps.users.get(id))) throw new HttpError(404, 'not_found', 'no such user');
    await deps.users.enable(id);
    await audit(req, principal, 'user-enabled', `user:${id}`);
    res.json(await deps.users.get(id));
  });

  // API keys.
  router.get('/admin/api-keys', async (req, res) => {
    const principal = requireAbility(req, deps, { kind: 'trusts', trusts: [] });
    const org = deps.org();
    const visible = (await deps.apiKeys.list()).filter(
      (key) => authorise(principal, 'manage-access', { kind: 'trusts', trusts: key.trusts }, org, deps.policy).allowed,
    );
    res.json(visible);
  });

  router.post('/admin/api-keys', async (req, res) => {
    requireAbility(req, deps, SOMEWHERE);
    const body = parseRequest(createApiKeyRequestSchema, req.body, 'new API key');
    const unknown = body.trusts.filter((ods) => !deps.org().trustsByOds.has(ods));
    if (unknown.length > 0)
      throw new HttpError(422, 'invalid', 'unknown trusts', [{ path: 'trusts', message: `unknown trust ${unknown.join(', ')}` }]);
    const principal = requireAbility(req, deps, { kind: 'trusts', trusts: body.trusts });
    const created = await deps.apiKeys.create({ name: body.name, trusts: body.trusts, can: [...new Set(body.can)] });
    await audit(req, principal, 'api-key-created', `api-key:${created.record.id}`, {
      name: body.name,
      trusts: body.trusts,
      can: created.record.can,
    });
    res.status(201).json(created);
  });

  const existingKey = async (req: Request) => {
    requireAbility(req, deps, SOMEWHERE);
    const key = await deps.apiKeys.get(String(req.params.id));
    if (!key) throw new HttpError(404, 'not_found', 'no such API key');
    return { key, principal: requireAbility(req, deps, { kind: 'trusts', trusts: key.trusts }) };
  };

  router.post('/admin/api-keys/:id/rotate', async (req, res) => {
    const { key, principal } = await existingKey(req);
    const rotated = await deps.apiKeys.rotate(key.id);
    if (!rotated) throw new HttpError(422, 'invalid', 'a revoked key cannot be rotated', [{ path: 'id', message: 'is revoked' }]);
    await publishRevocation(deps.redis, deps.keyPrefix, { kind: 'api-key', id: key.id });
    await audit(req, principal, 'api-key-rotated', `api-key:${key.id}`, { replacedBy: rotated.record.id });
    res.status(201).json(rotated);
  });

  router.delete('/admin/api-keys/:id', async (req, res) => {
    const { key, principal } = await existingKey(req);
    await deps.apiKeys.revoke(key.id);
    await publishRevocation(deps.redis, deps.keyPrefix, { kind: 'api-key', id: key.id });
    await audit(req, principal, 'api-key-revoked', `api-key:${key.id}`);
    res.status(204).end();
  });

  return router;
}
