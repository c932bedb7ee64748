/**
 * Importing a file through the admin pages (`manage-org` over everything): the file is the
 * request body (text/csv, up to 50 MiB), its kind a query parameter; the answer is the import's
 * report, rejected rows with their lines and reasons included. Audited as `data-imported`.
 * The CLI (`npm run import -- FILE…`) does the same from a terminal.
 */
import type { Database } from '@wardpulse/jobs';
import {
  IMPORT_KINDS,
  importAuditDetail,
  importFile,
  isImportKind,
  MAX_REJECTED_LISTED,
  textSource,
  type ImportReport,
} from '@wardpulse/jobs';
import type { OrgIndex } from '@wardpulse/shared';
import { isStorableText } from '@wardpulse/shared';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { actorOf, authorise, type AccessPolicy, type Principal } from '../../auth/access.js';
import type { AuditLog } from '../../auth/audit.js';
import { principalOf } from '../authenticate.js';
import { HttpError } from '../errors.js';

export interface AdminImportDeps {
  db: Database;
  audit: AuditLog;
  org: () => OrgIndex;
  policy: AccessPolicy;
}

/** Largest file accepted (a year of a national MHSDS publication is a few MiB). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export const importReportSchema = z
  .object({
    runId: z.number().int(),
    fileName: z.string(),
    kind: z.enum(IMPORT_KINDS),
    sha256: z.string(),
    rowsRead: z.number().int().describe('Data rows read: imported + updated + unchanged + rejected'),
    imported: z.number().int().describe('Rows new to WardPulse'),
    updated: z.number().int().describe('Published rows whose value changed since an earlier import'),
    unchanged: z.number().int().describe('Rows already held exactly so (re-importing a file changes nothing)'),
    rejected: z.number().int(),
    rejectedRows: z
      .array(z.object({ line: z.number().int().describe('Line of the file (the header is line 1)'), reason: z.string() }))
      .describe(`The first ${MAX_REJECTED_LISTED} rejected rows`),
    problem: z.string().nullable().describe('Why nothing of the file could be read; null otherwise'),
    durationMs: z.number(),
  })
  .meta({ id: 'ImportReport' }) satisfies z.ZodType<ImportReport>;

export const importQuerySchema = z.object({
  kind: z
    .enum(IMPORT_KINDS)
    .describe('mhsds: an MHSDS published-measures file; the others: own-measure history (docs/import.md)'),
  name: z.string().optional().describe('The file name to record (default upload.csv)'),
});

function requireOrgAdminOfEverything(req: Request, deps: AdminImportDeps): Principal {
  const principal = principalOf(req);
  if (principal.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', 'sign in first');
  const decision = authorise(principal, 'manage-org', { kind: 'everything' }, deps.org(), deps.policy);
  if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.reason);
  return principal;
}

/** The file's own name, without any path, as a label (never used as a path). */
export function fileNameOf(name: unknown, fallback = 'upload.csv'): string {
  if (typeof name !== 'string' || name.trim() === '') return fallback;
  const base = name.split(/[\\/]/).pop()!.trim();
  if (base === '' || base.length > 200 || !isStorableText(base) || [...base].some((char) => char.charCodeAt(0) < 0x20)) {
    throw new HttpError(400, 'malformed', 'bad file name', [
      { path: 'name', message: 'must be a file name of at most 200 characters' },
    ]);
  }
  return base;
}

export function adminImportRoute(deps: AdminImportDeps): Router {
  const router = Router();
  const readCsv = express.text({
    type: ['text/csv', 'text/plain', 'application/vnd.ms-excel'],
    limit: MAX_IMPORT_BYTES,
    defaultCharset: 'utf-8',
  });

  router.post(
    '/admin/import',
    // Who may is checked before the (large) body is read.
    (req, _res, next) => {
      requireOrgAdminOfEverything(req, deps);
      next();
    },
    readCsv,
    async (req, res) => {
      const principal = requireOrgAdminOfEverything(req, deps);
      const kind = String(req.query.kind ?? '');
      if (!isImportKind(kind)) {
        throw new HttpError(400, 'malformed', 'unknown kind of file', [
          { path: 'kind', message: `must be one of ${IMPORT_KINDS.join(', ')}` },
        ]);
      }
      const fileName = fileNameOf(req.query.name);
      if (typeof req.body !== 'string') {
        throw new HttpError(415, 'malformed', 'send the file as the request body', [
          { path: 'Content-Type', message: 'must be text/csv' },
        ]);
      }
      if (req.body.trim() === '')
        throw new HttpError(400, 'malformed', 'the file is empty', [{ path: '(body)', message: 'is empty' }]);
      const report = await importFile(deps.db, { kind, source: textSource(fileName, req.body), org: deps.org() });
      await deps.audit.record({
        actor: actorOf(principal),
        action: 'data-imported',
        target: `import-run:${report.runId}`,
        detail: importAuditDetail(report),
        ip: req.ip ?? null,
      });
      if (report.problem) {
        throw new HttpError(422, 'invalid', report.problem, [{ path: '(body)', message: report.problem }]);
      }
      res.json(report);
    },
  );
  return router;
}
