/**
 * Administration of the organisation (`manage-org` over the trust concerned): add sites and
 * wards, rename sites, change a ward's name, type, sex, site or commissioned beds; add, change and
 * remove Section 136 suites. Ward and suite ids and their trust never change (feeds and history
 * refer to them). Every change is audited and the
 * organisation directory is reloaded at once (other replicas within 30 s).
 */
import type { OrgRepository } from '@wardpulse/jobs';
import type { OrgIndex } from '@wardpulse/shared';
import {
  createS136SuiteRequestSchema,
  updateS136SuiteRequestSchema,
  createSiteRequestSchema,
  createTrustRequestSchema,
  updateTrustRequestSchema,
  createWardRequestSchema,
  renameSiteRequestSchema,
  updateWardRequestSchema,
} from '@wardpulse/shared';
import { Router, type Request } from 'express';
import { actorOf, type AccessPolicy, type Principal } from '../../auth/access.js';
import type { AuditLog } from '../../auth/audit.js';
import { requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';

export interface AdminOrgDeps {
  repository: OrgRepository;
  org: () => OrgIndex;
  reloadOrg: () => Promise<void>;
  audit: AuditLog;
  policy: AccessPolicy;
}

function requireOrgAdminOfEverything(req: Request, deps: AdminOrgDeps): Principal {
  return requireAccess(req, 'manage-org', { kind: 'everything' }, deps.org(), deps.policy);
}

function requireOrgAdmin(req: Request, deps: AdminOrgDeps, trustOds: string): Principal {
  return requireAccess(req, 'manage-org', { kind: 'trusts', trusts: [trustOds] }, deps.org(), deps.policy);
}

export function adminOrgRoute(deps: AdminOrgDeps): Router {
  const router = Router();
  const changed = async (req: Request, principal: Principal, target: string, detail: Record<string, unknown>) => {
    await deps.audit.record({ actor: actorOf(principal), action: 'org-changed', target, detail, ip: req.ip ?? null });
    await deps.reloadOrg();
  };

  const unknownCollaboratives = (ids: readonly string[]) =>
    ids.flatMap((id, index) =>
      deps.org().collaborativesById.has(id)
        ? []
        : [{ path: `collaboratives[${index}]`, message: `unknown collaborative "${id}"` }],
    );

  // A new trust, or a change of a trust's membership, changes what collaborative grants cover: everything-level admins only.
  router.post('/admin/org/trusts', async (req, res) => {
    const principal = requireOrgAdminOfEverything(req, deps);
    const body = parseRequest(createTrustRequestSchema, req.body, 'new trust');
    if (deps.org().trustsByOds.has(body.ods))
      throw new HttpError(409, 'conflict', 'a trust has this ODS code', [{ path: 'ods', message: 'is taken' }]);
    const unknown = unknownCollaboratives(body.collaboratives);
    if (unknown.length > 0) throw new HttpError(422, 'invalid', 'unknown collaborative', unknown);
    await deps.repository.addTrust(body);
    await changed(req, principal, `trust:${body.ods}`, { created: body });
    res.status(201).json({ ods: body.ods, name: body.name, icbOds: body.icbOds ?? null, collaboratives: body.collaboratives });
  });

  router.patch('/admin/org/trusts/:ods', async (req, res) => {
    const principal = requireOrgAdminOfEverything(req, deps);
    const org = deps.org();
    const trust = org.trustsByOds.get(String(req.params.ods));
    if (!trust) throw new HttpError(404, 'not_found', 'no such trust');
    const patch = parseRequest(updateTrustRequestSchema, req.body, 'trust change');
    const unknown = unknownCollaboratives(patch.collaboratives ?? []);
    if (unknown.length > 0) throw new HttpError(422, 'invalid', 'unknown collaborative', unknown);
    const before = { name: trust.name, icbOds: trust.icbOds ?? null, collaboratives: org.collaborativesOf(trust.ods) };
    await deps.repository.updateTrust(trust.ods, patch);
    const after = {
      name: patch.name ?? before.name,
      icbOds: patch.icbOds ?? before.icbOds,
      collaboratives: patch.collaboratives ?? before.collaboratives,
    };
    await changed(req, principal, `trust:${trust.ods}`, { before, after });
    res.json({ ods: trust.ods, ...after });
  });

  router.post('/admin/org/sites', async (req, res) => {
    requireAccess(req, 'manage-org', SOMEWHERE, deps.org(), deps.policy);
    const body = parseRequest(createSiteRequestSchema, req.body, 'new site');
    const org = deps.org();
    if (!org.trustsByOds.has(body.trustOds))
      throw new HttpError(422, 'invalid', 'unknown trust', [{ path: 'trustOds', message: `unknown trust "${body.trustOds}"` }]);
    const principal = requireOrgAdmin(req, deps, body.trustOds);
    if (org.directory.sites.some((site) => site.id === body.id))
      throw new HttpError(409, 'conflict', 'a site has this id', [{ path: 'id', message: 'is taken' }]);
    await deps.repository.addSite(body);
    await changed(req, principal, `site:${body.id}`, { created: body });
    res.status(201).json(body);
  });

  router.patch('/admin/org/sites/:id', async (req, res) => {
    requireAccess(req, 'manage-org', SOMEWHERE, deps.org(), deps.policy);
    const site = deps.org().directory.sites.find((candidate) => candidate.id === req.params.id);
    if (!site) throw new HttpError(404, 'not_found', 'no such site');
    const principal = requireOrgAdmin(req, deps, site.trustOds);
    const body = parseRequest(renameSiteRequestSchema, req.body, 'site change');
    await deps.repository.renameSite(site.id, body.name);
    await changed(req, principal, `site:${site.id}`, { before: { name: site.name }, after: body });
    res.json({ ...site, name: body.name });
  });

  router.post('/admin/org/wards', async (req, res) => {
    requireAccess(req, 'manage-org', SOMEWHERE, deps.org(), deps.policy);
    const body = parseRequest(createWardRequestSchema, req.body, 'new ward');
    const org = deps.org();
    if (!org.trustsByOds.has(body.trustOds))
      throw new HttpError(422, 'invalid', 'unknown trust', [{ path: 'trustOds', message: `unknown trust "${body.trustOds}"` }]);
    const principal = requireOrgAdmin(req, deps, body.trustOds);
    const site = org.directory.sites.find((candidate) => candidate.id === body.siteId);
    if (!site || site.trustOds !== body.trustOds) {
      throw new HttpError(422, 'invalid', 'the site is not one of the trust', [
        { path: 'siteId', message: `no site "${body.siteId}" in ${body.trustOds}` },
      ]);
    }
    if (org.wardsById.has(body.id))
      throw new HttpError(409, 'conflict', 'a ward has this id', [{ path: 'id', message: 'is taken' }]);
    await deps.repository.addWard(body);
    await changed(req, principal, `ward:${body.id}`, { created: body });
    res.status(201).json(body);
  });

  router.patch('/admin/org/wards/:id', async (req, res) => {
    requireAccess(req, 'manage-org', SOMEWHERE, deps.org(), deps.policy);
    const org = deps.org();
    const ward = org.wardsById.get(String(req.params.id));
    if (!ward) throw new HttpError(404, 'not_found', 'no such ward');
    const principal = requireOrgAdmin(req, deps, ward.trustOds);
    const patch = parseRequest(updateWardRequestSchema, req.body, 'ward change');
    if (patch.siteId !== undefined) {
      const site = org.directory.sites.find((candidate) => candidate.id === patch.siteId);
      if (!site || site.trustOds !== ward.trustOds) {
        throw new HttpError(422, 'invalid', 'a ward moves only between sites of its trust', [
          { path: 'siteId', message: `no site "${patch.siteId}" in ${ward.trustOds}` },
        ]);
      }
    }
    await deps.repository.updateWard(ward.id, patch);
    const after = { ...ward, ...patch };
    await changed(req, principal, `ward:${ward.id}`, { before: ward, after });
    res.json(after);
  });

  const siteOfTrust = (siteId: string, trustOds: string, what: string) => {
    const site = deps.org().directory.sites.find((candidate) => candidate.id === siteId);
    if (!site || site.trustOds !== trustOds) {
      throw new HttpError(422, 'invalid', what, [{ path: 'siteId', message: `no site "${siteId}" in ${trustOds}` }]);
    }
  };

  router.post('/admin/org/s136-suites', async (req, res) => {
    requireAccess(req, 'manage-org', SOMEWHERE, deps.org(), deps.policy);
    const body = parseRequest(createS136SuiteRequestSchema, req.body, 'new Section 136 suite');
    const org = deps.org();
    if (!org.trustsByOds.has(body.trustOds))
      throw new HttpError(422, 'invalid', 'unknown trust', [{ path: 'trustOds', message: `unknown trust "${body.trustOds}"` }]);
    const principal = requireOrgAdmin(req, deps, body.trustOds);
    siteOfTrust(body.siteId, body.trustOds, 'the site is not one of the trust');
    if (org.s136SuitesById.has(body.id))
      throw new HttpError(409, 'conflict', 'a Section 136 suite has this id', [{ path: 'id', message: 'is taken' }]);
    await deps.repository.addS136Suite(body);
    await changed(req, principal, `s136-suite:${body.id}`, { created: body });
    res.status(201).json(body);
  });

  const existingSuite = (req: Request) => {
    requireAccess(req, 'manage-org', SOMEWHERE, deps.org(), deps.policy);
    const suite = deps.org().s136SuitesById.get(String(req.params.id));
    if (!suite) throw new HttpError(404, 'not_found', 'no such Section 136 suite');
    return { suite, principal: requireOrgAdmin(req, deps, suite.trustOds) };
  };

  router.patch('/admin/org/s136-suites/:id', async (req, res) => {
    const { suite, principal } = existingSuite(req);
    const patch = parseRequest(updateS136SuiteRequestSchema, req.body, 'Section 136 suite change');
    if (patch.siteId !== undefined) siteOfTrust(patch.siteId, suite.trustOds, 'a suite moves only between sites of its trust');
    await deps.repository.updateS136Suite(suite.id, patch);
    const after = { ...suite, ...patch };
    await changed(req, principal, `s136-suite:${suite.id}`, { before: suite, after });
    res.json(after);
  });

  // Removing drops the suite from every board (its logged states stay in the event log); a suite
  // out of use for a while is better kept and marked uncommissioned.
  router.delete('/admin/org/s136-suites/:id', async (req, res) => {
    const { suite, principal } = existingSuite(req);
    await deps.repository.removeS136Suite(suite.id);
    await changed(req, principal, `s136-suite:${suite.id}`, { removed: suite });
    res.status(204).end();
  });
  return router;
}
