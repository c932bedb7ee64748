/**
 * Display tokens for wall screens (`manage-access` over every trust the screen shows): create
 * (optionally with a kiosk playlist), list, revoke, and tell screens to reload themselves (after a
 * deploy, say). Each is audited; a revoked token's sockets are disconnected on every replica.
 */
import {
  createDisplayTokenRequestSchema,
  displayReloadRequestSchema,
  displayScopes,
  isGrantableScope,
  parseScope,
  type OrgIndex,
} from '@wardpulse/shared';
import type { Redis } from 'ioredis';
import { Router, type Request } from 'express';
import { actorOf, authorise, type AccessPolicy, type AccessTarget, type Principal } from '../../auth/access.js';
import type { AuditLog } from '../../auth/audit.js';
import type { DisplayTokenRecord, DisplayTokenRepository } from '../../auth/display-tokens.js';
import { publishRevocation } from '../../auth/revocations.js';
import { publishDisplayControl } from '../../realtime/display-control.js';
import { requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';

export interface AdminDisplaysDeps {
  displayTokens: DisplayTokenRepository;
  audit: AuditLog;
  org: () => OrgIndex;
  policy: AccessPolicy;
  redis: Redis;
  keyPrefix: string;
  /** The base of the links handed out (http/public-origin.ts): never an unlisted Host. */
  originOf: (req: Request) => string;
}

export function adminDisplaysRoute(deps: AdminDisplaysDeps): Router {
  const router = Router();
  const manage = (req: Request, target: AccessTarget): Principal =>
    requireAccess(req, 'manage-access', target, deps.org(), deps.policy);
  /** What screens show: managing a screen needs manage-access over all of it. */
  const shown = (...displays: Pick<DisplayTokenRecord, 'scope' | 'playlist'>[]): AccessTarget => {
    const org = deps.org();
    const scopes = displays
      .flatMap(displayScopes)
      .map((text) => parseScope(text))
      .flatMap((parsed) => (parsed.ok && org.has(parsed.scope) ? [parsed.scope] : []));
    return { kind: 'scopes', scopes };
  };
  const manages = (principal: Principal, display: DisplayTokenRecord) =>
    authorise(principal, 'manage-access', shown(display), deps.org(), deps.policy).allowed;
  const audit = (
    req: Request,
    principal: Principal,
    action: Parameters<AuditLog['record']>[0]['action'],
    target: string | null,
    detail: Record<string, unknown> = {},
  ) => deps.audit.record({ actor: actorOf(principal), action, target, detail, ip: req.ip ?? null });

  router.get('/admin/display-tokens', async (req, res) => {
    const principal = manage(req, SOMEWHERE);
    res.json((await deps.displayTokens.list()).filter((token) => manages(principal, token)));
  });

  router.post('/admin/display-tokens', async (req, res) => {
    manage(req, SOMEWHERE);
    const body = parseRequest(createDisplayTokenRequestSchema, req.body, 'new display token');
    const org = deps.org();
    const unknown = (text: string) => {
      const parsed = parseScope(text);
      return !parsed.ok || !isGrantableScope(parsed.scope) || !org.has(parsed.scope);
    };
    const problem = 'must name a known region, collaborative or trust';
    const problems = [
      ...(unknown(body.scope) ? [{ path: 'scope', message: problem }] : []),
      ...(body.playlist?.views ?? []).flatMap((view, index) =>
        unknown(view.scope) ? [{ path: `playlist.views[${index}].scope`, message: problem }] : [],
      ),
    ];
    if (problems.length > 0)
      throw new HttpError(422, 'invalid', 'a display token shows region, collaborative or trust boards', problems);
    const principal = manage(req, shown({ scope: body.scope, playlist: body.playlist ?? null }));
    const created = await deps.displayTokens.create(body);
    await audit(req, principal, 'display-token-created', `display-token:${created.record.id}`, {
      name: body.name,
      scope: body.scope,
      ...(body.playlist ? { playlist: body.playlist } : {}),
    });
    const parsed = parseScope(body.scope);
    const board = parsed.ok ? `/wall/${parsed.scope.kind}/${parsed.scope.id}` : '/wall';
    // A playlist plays in the kiosk; a single board opens as its wall page.
    const path = body.playlist ? '/kiosk' : board;
    // The link carries the token: it must point at WardPulse, whatever Host the request named.
    const base = deps.originOf(req);
    res.status(201).json({ ...created, url: `${base}${path}?token=${created.token}` });
  });

  router.delete('/admin/display-tokens/:id', async (req, res) => {
    manage(req, SOMEWHERE);
    const token = await deps.displayTokens.get(String(req.params.id));
    if (!token) throw new HttpError(404, 'not_found', 'no such display token');
    const principal = manage(req, shown(token));
    await deps.displayTokens.revoke(token.id);
    await publishRevocation(deps.redis, deps.keyPrefix, { kind: 'display-token', id: token.id });
    await audit(req, principal, 'display-token-revoked', `display-token:${token.id}`);
    res.status(204).end();
  });

  /** Tells screens to reload: the given ones, or every active screen the caller manages. */
  router.post('/admin/display-tokens/reload', async (req, res) => {
    const principal = manage(req, SOMEWHERE);
    const body = parseRequest(displayReloadRequestSchema, req.body, 'reload request');
    const active = (await deps.displayTokens.list()).filter((token) => token.revokedAt === null);
    let screens: DisplayTokenRecord[];
    if (body.tokenIds) {
      const byId = new Map(active.map((token) => [token.id, token]));
      const missing = body.tokenIds.flatMap((id, index) =>
        byId.has(id) ? [] : [{ path: `tokenIds[${index}]`, message: 'is not an active display token' }],
      );
      if (missing.length > 0) throw new HttpError(422, 'invalid', 'unknown display tokens', missing);
      screens = body.tokenIds.map((id) => byId.get(id)!);
      manage(req, shown(...screens));
    } else {
      screens = active.filter((token) => manages(principal, token));
    }
    const tokenIds = screens.map((token) => token.id);
    await publishDisplayControl(deps.redis, deps.keyPrefix, { command: { kind: 'reload' }, tokenIds });
    await audit(req, principal, 'displays-reloaded', null, { tokenIds, all: body.tokenIds === undefined });
    res.status(202).json({ screens: tokenIds.length });
  });

  return router;
}
