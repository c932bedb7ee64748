/**
 * The organisation import, end to end but for who may and the audit (the HTTP route and the CLI
 * do those): read the file (JSON or CSV), validate it as a whole against the directory in the
 * database, diff, and — unless a dry run, and only when every entry is good — apply the added and
 * changed entities in one transaction. Nothing is deleted; a second apply of a file changes nothing.
 */
import {
  diffOrgImport,
  fileProblem,
  orgImportChanges,
  readOrgImportJson,
  sortProblems,
  validateOrgImport,
  type OrgImportDiff,
  type OrgImportProblem,
} from '@wardpulse/shared';
import type { OrgRepository } from '../storage/org-repository.js';
import { readOrgImportCsv } from './org-csv.js';

export const ORG_IMPORT_FORMATS = ['json', 'csv'] as const;
export type OrgImportFormat = (typeof ORG_IMPORT_FORMATS)[number];

/** A file's text or (JSON already parsed, e.g. by the HTTP body parser) its value. */
export type OrgImportInput = { format: OrgImportFormat; text: string } | { format: 'json'; value: unknown };

export type OrgImportOutcome =
  { ok: false; problems: OrgImportProblem[] } | { ok: true; dryRun: boolean; applied: boolean; diff: OrgImportDiff };

/** JSON when the name ends .json or the text starts with `{`; CSV otherwise. */
export function orgImportFormatOf(fileName: string, text: string): OrgImportFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return text.trimStart().startsWith('{') ? 'json' : 'csv';
}

async function readEntries(input: OrgImportInput) {
  if ('value' in input) return readOrgImportJson(input.value);
  if (input.format === 'csv') return readOrgImportCsv(input.text);
  let value: unknown;
  try {
    value = JSON.parse(input.text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { entries: null, problems: [fileProblem(`is not valid JSON: ${(error as Error).message}`)] };
  }
  return readOrgImportJson(value);
}

export async function importOrganisation(
  repository: OrgRepository,
  input: OrgImportInput,
  options: { dryRun: boolean },
): Promise<OrgImportOutcome> {
  const read = await readEntries(input);
  if (read.entries === null) return { ok: false, problems: read.problems };
  const current = await repository.loadDirectory();
  const validated = validateOrgImport(read.entries, current);
  // Entries that did not parse are named by the reader; the rest are still checked as a whole.
  const problems = [...read.problems, ...(validated.ok ? [] : validated.problems)];
  if (problems.length > 0 || !validated.ok)
    return { ok: false, problems: input.format === 'csv' ? sortProblems(problems) : problems };
  const diff = diffOrgImport(current, validated.file);
  const applied = !options.dryRun && diff.totals.added + diff.totals.changed > 0;
  if (applied) await repository.applyOrgImport(orgImportChanges(validated.file, diff));
  return { ok: true, dryRun: options.dryRun, applied, diff };
}

/** What the audit log keeps of an import: counts, never the file. */
export function orgImportAuditDetail(
  outcome: Extract<OrgImportOutcome, { ok: true }>,
  fileName: string,
): Record<string, unknown> {
  return { fileName, dryRun: outcome.dryRun, totals: outcome.diff.totals, counts: outcome.diff.counts };
}
