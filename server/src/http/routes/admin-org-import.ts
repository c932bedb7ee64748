/**
 * The organisation import over HTTP (docs/org-import.md): `POST /api/v1/admin/org/import` with the
 * file as the body — JSON (application/json) or the CSV layout (text/csv) — and `?dryRun=true`
 * for the diff alone. `manage-org` over everything: a file may add trusts and change
 * collaboratives, which changes what grants cover. The whole file is validated first; any problem
 * is a 422 naming every bad entry (JSON path or CSV line, and field), and nothing is applied.
 * An apply is one transaction, audited as `org-imported` (who, counts), and the organisation
 * directory is reloaded at once, as admin-org changes do (other replicas within 30 s).
 */
import { importOrganisation, orgImportAuditDetail, type OrgImportInput } from '@wardpulse/jobs';
import { orgImportDiffSchema } from '@wardpulse/shared';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { actorOf, type Principal } from '../../auth/access.js';
import { requireAccess } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { fileNameOf } from './admin-import.js';
import type { AdminOrgDeps } from './admin-org.js';

/** What the import needs is what the organisation admin routes need. */
export type AdminOrgImportDeps = AdminOrgDeps;

/** Largest CSV accepted (a whole region is a few hundred KiB); JSON bodies have the API's body limit. */
export const MAX_ORG_CSV_BYTES = 10 * 1024 * 1024;

export const orgImportQuerySchema = z.object({
  dryRun: z.enum(['true', 'false']).optional().describe('true: validate and show the diff, change nothing'),
  name: z.string().optional().describe('The file name to record in the audit log'),
});

export const orgImportResultSchema = z
  .object({
    dryRun: z.boolean(),
    applied: z.boolean().describe('Whether anything was written (false on a dry run or when nothing changes)'),
    diff: orgImportDiffSchema,
  })
  .meta({ id: 'OrgImportResult' });

export function adminOrgImportRoute(deps: AdminOrgImportDeps): Router {
  const router = Router();
  const requireOrgAdminOfEverything = (req: Request): Principal =>
    requireAccess(req, 'manage-org', { kind: 'everything' }, deps.org(), deps.policy);
  const readCsv = express.text({
    type: ['text/csv', 'text/plain', 'application/vnd.ms-excel'],
    limit: MAX_ORG_CSV_BYTES,
    defaultCharset: 'utf-8',
  });

  router.post(
    '/admin/org/import',
    // Who may is checked before the body is read (the API's JSON parser has read a JSON one, within its limit).
    (req, _res, next) => {
      requireOrgAdminOfEverything(req);
      next();
    },
    readCsv,
    async (req, res) => {
      const principal = requireOrgAdminOfEverything(req);
      const dryRunText = req.query.dryRun;
      if (dryRunText !== undefined && dryRunText !== 'true' && dryRunText !== 'false')
        throw new HttpError(400, 'malformed', 'dryRun is true or false', [{ path: 'dryRun', message: 'must be true or false' }]);
      const dryRun = dryRunText === 'true';
      const fileName = fileNameOf(req.query.name, 'organisation');
      let input: OrgImportInput;
      if (req.is('application/json')) input = { format: 'json', value: req.body };
      else if (typeof req.body === 'string') {
        if (req.body.trim() === '')
          throw new HttpError(400, 'malformed', 'the file is empty', [{ path: '(body)', message: 'is empty' }]);
        input = { format: 'csv', text: req.body };
      } else {
        throw new HttpError(415, 'malformed', 'send the file as the request body', [
          { path: 'Content-Type', message: 'must be application/json or text/csv' },
        ]);
      }
      const outcome = await importOrganisation(deps.repository, input, { dryRun });
      if (!outcome.ok) {
        const count = outcome.problems.length;
        throw new HttpError(
          422,
          'invalid',
          `the organisation file has ${count} problem${count === 1 ? '' : 's'}; nothing was applied`,
          outcome.problems.map(({ path, message }) => ({ path, message })),
        );
      }
      if (outcome.applied) {
        await deps.audit.record({
          actor: actorOf(principal),
          action: 'org-imported',
          target: `org-import:${fileName}`,
          detail: orgImportAuditDetail(outcome, fileName),
          ip: req.ip ?? null,
        });
        await deps.reloadOrg();
      }
      res.json({ dryRun: outcome.dryRun, applied: outcome.applied, diff: outcome.diff });
    },
  );
  return router;
}
