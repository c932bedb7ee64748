/** GET /api/v1/org — regions, collaboratives, trusts, sites, wards and Section 136 suites the caller may read. */
import type { OrgDirectory, OrgIndex } from '@wardpulse/shared';
import { Router } from 'express';
import { mayAccessTrusts, type AccessPolicy } from '../../auth/access.js';
import { principalOf, requireAccess, SOMEWHERE } from '../authenticate.js';

export function orgRoute(deps: { org: () => OrgIndex; policy: AccessPolicy }): Router {
  const router = Router();
  router.get('/org', (req, res) => {
    const principal = principalOf(req);
    const { directory } = deps.org();
    const readable = (trusts: readonly string[]) => mayAccessTrusts(principal, 'read', trusts, deps.org(), deps.policy).allowed;
    requireAccess(req, 'read', SOMEWHERE, deps.org(), deps.policy);
    const trusts = new Set(directory.trusts.filter((trust) => readable([trust.ods])).map((trust) => trust.ods));
    const body: OrgDirectory = {
      regions: directory.regions,
      collaboratives: directory.collaboratives.filter((collaborative) => readable(collaborative.trustOds)),
      trusts: directory.trusts.filter((trust) => trusts.has(trust.ods)),
      sites: directory.sites.filter((site) => trusts.has(site.trustOds)),
      wards: directory.wards.filter((ward) => trusts.has(ward.trustOds)),
      s136Suites: directory.s136Suites.filter((suite) => trusts.has(suite.trustOds)),
    };
    res.json(body);
  });
  return router;
}
