/**
 * Sitrep returns (issue #14 item 5): list (JSON or CSV), the collaborative/region overview, one
 * return, hand edits with a reason, and sign-off by name. Reading needs `read` over the return's
 * trust; editing and signing `update-wards` there, as a duty bed manager has. Edits and sign-offs
 * are audited; a signed return is frozen (the database refuses to change it).
 */
import { actorOf, nameOf, authorise, type AccessPolicy, type Principal } from '../../auth/access.js';
import type { AuditLog } from '../../auth/audit.js';
import type { Alerting, SitrepStore } from '@wardpulse/jobs';
import { sitrepSummaryOf } from '@wardpulse/jobs';
import {
  hasSitrepWards,
  latestSitrepSlot,
  SITREP_KINDS,
  sitrepCsv,
  sitrepEditChanges,
  sitrepEditRequestSchema,
  sitrepId,
  sitrepListQuerySchema,
  sitrepOverviewQuerySchema,
  sitrepSignRequestSchema,
  type OrgIndex,
  type SitrepOverview,
  type SitrepSchedule,
} from '@wardpulse/shared';
import { Router, type Request } from 'express';
import { requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';

export interface SitrepsRouteDeps {
  store: SitrepStore;
  org: () => OrgIndex;
  policy: AccessPolicy;
  audit: AuditLog;
  alerting: Alerting;
  schedule: SitrepSchedule;
}

/** The trusts a principal may read, out of `candidates` (each checked by the one authorise decision). */
function readableTrusts(principal: Principal, candidates: readonly string[], org: OrgIndex, policy: AccessPolicy): string[] {
  return candidates.filter((ods) => authorise(principal, 'read', { kind: 'trusts', trusts: [ods] }, org, policy).allowed);
}

export function sitrepsRoute(deps: SitrepsRouteDeps): Router {
  const router = Router();

  /** The trusts a list or overview covers: those asked for (each must be readable), or all readable. */
  const trustsAsked = (req: Request, principal: Principal, query: { trust?: string; collaborative?: string }) => {
    const org = deps.org();
    if (query.trust) {
      if (!org.trustsByOds.has(query.trust)) throw new HttpError(404, 'not_found', `no such trust: ${query.trust}`);
      requireAccess(req, 'read', { kind: 'trusts', trusts: [query.trust] }, org, deps.policy);
      return [query.trust];
    }
    if (query.collaborative) {
      const collaborative = org.collaborativesById.get(query.collaborative);
      if (!collaborative) throw new HttpError(404, 'not_found', `no such collaborative: ${query.collaborative}`);
      requireAccess(req, 'read', { kind: 'trusts', trusts: collaborative.trustOds }, org, deps.policy);
      return [...collaborative.trustOds];
    }
    return readableTrusts(
      principal,
      org.directory.trusts.map((trust) => trust.ods),
      org,
      deps.policy,
    );
  };

  router.get('/sitreps', async (req, res) => {
    const principal = requireAccess(req, 'read', SOMEWHERE, deps.org(), deps.policy);
    const query = parseRequest(sitrepListQuerySchema, req.query, 'sitrep query');
    const trusts = trustsAsked(req, principal, query);
    const now = Date.now();
    const rows = await deps.store.list({ ...query, trusts }, now);
    const sitreps = rows.map((row) => sitrepSummaryOf(row, deps.org(), now));
    if (query.format === 'csv') {
      const name = `wardpulse-sitreps-${query.trust ?? query.collaborative ?? 'all'}${query.from ? `-from-${query.from}` : ''}${query.to ? `-to-${query.to}` : ''}.csv`;
      res.type('text/csv; charset=utf-8').attachment(name).send(sitrepCsv(sitreps));
      return;
    }
    res.json({ sitreps });
  });

  router.get('/sitreps/overview', async (req, res) => {
    const principal = requireAccess(req, 'read', SOMEWHERE, deps.org(), deps.policy);
    const query = parseRequest(sitrepOverviewQuerySchema, req.query, 'sitrep overview query');
    const org = deps.org();
    const trusts = trustsAsked(req, principal, query);
    const now = Date.now();
    const latest = await deps.store.latest(trusts);
    const due = SITREP_KINDS.map((kind) => ({ kind, slot: latestSitrepSlot(deps.schedule, kind, now) }));
    const dueIds = trusts.flatMap((ods) =>
      due.flatMap(({ kind, slot }) => (slot ? [sitrepId(ods, kind, slot.date, slot.time)] : [])),
    );
    const dueRows = new Map((await deps.store.getMany(dueIds)).map((row) => [row.id, row]));
    const overview: SitrepOverview = {
      scope: query.collaborative ? `collaborative:${query.collaborative}` : 'region',
      name: query.collaborative ? (org.collaborativesById.get(query.collaborative)?.name ?? query.collaborative) : 'Region',
      at: new Date(now).toISOString(),
      trusts: [],
      notSubmitted: [],
    };
    for (const ods of trusts) {
      const name = org.trustsByOds.get(ods)?.name ?? ods;
      const wards = org.wardsIn({ kind: 'trust', id: ods }) ?? [];
      const returns = due
        .filter(({ kind }) => deps.schedule[kind].length > 0 && hasSitrepWards(kind, wards))
        .map(({ kind, slot }) => {
          const dueRow = slot ? dueRows.get(sitrepId(ods, kind, slot.date, slot.time)) : undefined;
          const latestRow = latest.find((row) => row.trust_ods === ods && row.kind === kind);
          return {
            kind,
            due: slot && { date: slot.date, time: slot.time, dueAt: new Date(slot.dueAt).toISOString() },
            status: dueRow ? sitrepSummaryOf(dueRow, org, now).status : ('missing' as const),
            latest: latestRow ? sitrepSummaryOf(latestRow, org, now) : null,
          };
        });
      overview.trusts.push({ ods, name, returns });
      for (const entry of returns)
        if (entry.due && entry.status !== 'signed') overview.notSubmitted.push({ ods, name, kind: entry.kind });
    }
    res.json(overview);
  });

  /** The return named in the path, once the caller may `ability` its trust. */
  const existing = async (req: Request, ability: 'read' | 'update-wards') => {
    requireAccess(req, ability, SOMEWHERE, deps.org(), deps.policy);
    const row = await deps.store.get(String(req.params.id));
    if (!row) throw new HttpError(404, 'not_found', 'no such sitrep return');
    const principal = requireAccess(req, ability, { kind: 'trusts', trusts: [row.trust_ods] }, deps.org(), deps.policy);
    return { row, principal };
  };

  router.get('/sitreps/:id', async (req, res) => {
    const { row } = await existing(req, 'read');
    res.json(await deps.store.detail(row.id, deps.org(), Date.now()));
  });

  const refusal = (result: Exclude<Awaited<ReturnType<SitrepStore['sign']>>, { ok: true }>): HttpError => {
    switch (result.reason) {
      case 'not-found':
        return new HttpError(404, 'not_found', 'no such sitrep return');
      case 'signed':
        return new HttpError(409, 'conflict', 'this return is signed off: it is frozen and cannot change');
      case 'invalid':
        return new HttpError(
          422,
          'invalid',
          'the return cannot be signed off until the regional form would accept it',
          result.violations,
        );
    }
  };

  router.patch('/sitreps/:id', async (req, res) => {
    const { row, principal } = await existing(req, 'update-wards');
    const body = parseRequest(sitrepEditRequestSchema, req.body, 'sitrep edit');
    if (row.signed_at !== null) throw refusal({ ok: false, reason: 'signed' });
    const changes = sitrepEditChanges(row.figures, body.figures);
    const actor = actorOf(principal);
    const actorName = nameOf(principal);
    if (changes.length > 0) {
      const result = await deps.store.edit(row.id, changes, { reason: body.reason.trim(), actor, actorName, at: new Date() });
      if (!result.ok) throw refusal(result);
      await deps.audit.record({
        actor,
        action: 'sitrep-edited',
        target: `sitrep:${row.id}`,
        detail: { trust: row.trust_ods, reason: body.reason.trim(), changes },
        ip: req.ip ?? null,
      });
    }
    res.json(await deps.store.detail(row.id, deps.org(), Date.now()));
  });

  router.post('/sitreps/:id/sign', async (req, res) => {
    const { row, principal } = await existing(req, 'update-wards');
    const body = parseRequest(sitrepSignRequestSchema, req.body, 'sign-off');
    const actor = actorOf(principal);
    const result = await deps.store.sign(row.id, { name: body.name.trim(), actor, at: new Date() });
    if (!result.ok) throw refusal(result);
    await deps.audit.record({
      actor,
      action: 'sitrep-signed',
      target: `sitrep:${row.id}`,
      detail: { trust: row.trust_ods, name: body.name.trim(), figures: result.row.figures },
      ip: req.ip ?? null,
    });
    // A late return's alert resolves now rather than at the next scheduled evaluation.
    await deps.alerting.evaluator.evaluateForTrust(row.trust_ods).catch(() => undefined);
    res.json(await deps.store.detail(row.id, deps.org(), Date.now()));
  });

  return router;
}
