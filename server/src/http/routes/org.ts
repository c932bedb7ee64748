/** GET /api/v1/org — regions, collaboratives, trusts, sites, wards and Section 136 suites the caller may read. */
import type { OrgDirectory, OrgIndex } from '@wardpulse/shared';
import { Router } from 'express';
import { parseScope } from '@wardpulse/shared';
import { mayAccessTrusts, mayOnScope, mayOnWard, type AccessPolicy } from '../../auth/access.js';
import { principalOf, requireAccess, SOMEWHERE } from '../authenticate.js';

export function orgRoute(deps: { org: () => OrgIndex; policy: AccessPolicy }): Router {
  const router = Router();
  router.get('/org', (req, res) => {
    const principal = principalOf(req);
    const { directory } = deps.org();
    const org = deps.org();
    requireAccess(req, 'read', SOMEWHERE, org, deps.policy);
    // Trusts read whole; wards one by one (a specialised collaborative's reader sees its service
    // lines' wards, not their trusts); a collaborative or site when all it shows is readable.
    const trusts = new Set(
      directory.trusts
        .filter((trust) => mayAccessTrusts(principal, 'read', [trust.ods], org, deps.policy).allowed)
        .map((t) => t.ods),
    );
    const readableScope = (text: string) => {
      const parsed = parseScope(text);
      return parsed.ok && mayOnScope(principal, 'read', parsed.scope, org, deps.policy).allowed;
    };
    const wards = directory.wards.filter(
      (ward) => trusts.has(ward.trustOds) || mayOnWard(principal, 'read', ward, org, deps.policy).allowed,
    );
    const body: OrgDirectory = {
      regions: directory.regions,
      collaboratives: directory.collaboratives.filter((collaborative) => readableScope(`collaborative:${collaborative.id}`)),
      trusts: directory.trusts.filter((trust) => trusts.has(trust.ods)),
      sites: directory.sites.filter((site) => trusts.has(site.trustOds) || readableScope(`site:${site.id}`)),
      wards,
      s136Suites: directory.s136Suites.filter((suite) => trusts.has(suite.trustOds)),
      crisisServices: directory.crisisServices.filter((service) => trusts.has(service.trustOds)),
    };
    res.json(body);
  });
  return router;
}
