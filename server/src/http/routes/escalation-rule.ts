/**
 * GET /api/v1/escalation-rule — the OPEL rule in force (from WARDPULSE_ESCALATION_RULE or the
 * shipped default), with what each indicator measures, so a level on a board can be explained.
 */
import type { EscalationRule, OrgIndex } from '@wardpulse/shared';
import { ESCALATION_INDICATOR_LABELS } from '@wardpulse/shared';
import { Router } from 'express';
import type { AccessPolicy } from '../../auth/access.js';
import { requireAccess, SOMEWHERE } from '../authenticate.js';

export function escalationRuleRoute(deps: { rule: EscalationRule; org: () => OrgIndex; policy: AccessPolicy }): Router {
  const router = Router();
  router.get('/escalation-rule', (req, res) => {
    requireAccess(req, 'read', SOMEWHERE, deps.org(), deps.policy);
    res.json({ rule: deps.rule, indicators: ESCALATION_INDICATOR_LABELS });
  });
  return router;
}
