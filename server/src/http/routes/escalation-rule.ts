/**
 * GET /api/v1/escalation-rule — the OPEL rule in force (from WARDPULSE_ESCALATION_RULE or the
 * shipped default), with what each indicator measures, so a level on a board can be explained.
 */
import type { EscalationRule, OrgIndex } from '@wardpulse/shared';
import { ESCALATION_INDICATOR_LABELS } from '@wardpulse/shared';
import { Router } from 'express';
import { mayAccessTrusts, type AccessPolicy } from '../../auth/access.js';
import { principalOf } from '../authenticate.js';
import { HttpError } from '../errors.js';

export function escalationRuleRoute(deps: { rule: EscalationRule; org: () => OrgIndex; policy: AccessPolicy }): Router {
  const router = Router();
  router.get('/escalation-rule', (req, res) => {
    const principal = principalOf(req);
    if (!mayAccessTrusts(principal, 'read', [], deps.org(), deps.policy).allowed) {
      throw new HttpError(
        principal.kind === 'anonymous' ? 401 : 403,
        principal.kind === 'anonymous' ? 'unauthenticated' : 'forbidden',
        'reading needs an API key with "read"',
      );
    }
    res.json({ rule: deps.rule, indicators: ESCALATION_INDICATOR_LABELS });
  });
  return router;
}
