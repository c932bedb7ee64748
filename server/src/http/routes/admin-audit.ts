/** GET /api/v1/admin/audit — the audit log, newest first, filterable (admins over everything). */
import type { OrgIndex } from '@wardpulse/shared';
import { auditQuerySchema } from '@wardpulse/shared';
import { Router } from 'express';
import type { AccessPolicy } from '../../auth/access.js';
import { AUDIT_ACTIONS, type AuditAction, type AuditLog } from '../../auth/audit.js';
import { requireAccess } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';

export function adminAuditRoute(deps: { audit: AuditLog; org: () => OrgIndex; policy: AccessPolicy }): Router {
  const router = Router();
  router.get('/admin/audit', async (req, res) => {
    requireAccess(req, 'view-audit', { kind: 'everything' }, deps.org(), deps.policy);
    const query = parseRequest(auditQuerySchema, req.query, 'audit query');
    if (query.action && !AUDIT_ACTIONS.includes(query.action as AuditAction)) {
      throw new HttpError(400, 'malformed', 'unknown action', [
        { path: 'action', message: `must be one of ${AUDIT_ACTIONS.join(', ')}` },
      ]);
    }
    res
      .set('Cache-Control', 'no-store')
      .json(await deps.audit.list({ ...query, action: query.action as AuditAction | undefined }));
  });
  return router;
}
