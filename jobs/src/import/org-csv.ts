/**
 * The CSV layout of the organisation import (docs/org-import.md): one header row, then one row per
 * record, its kind in the `record` column (region, collaborative, member, trust, site, ward,
 * s136-suite, crisis-service) and its fields in the columns that kind uses; the others stay blank. Region and
 * trust rows carry their code in `id`; a member row adds a trust (and, for a specialised
 * collaborative, its ward types, `;`-separated) to a collaborative row of the same file.
 * Rows are read with the importers' CSV reader (csv-records.ts), so a broken row costs that row.
 */
import {
  emptyOrgImportEntries,
  fileProblem,
  MAX_ORG_IMPORT_ENTRIES,
  orgImportCollaborativeSchema,
  orgImportCrisisServiceSchema,
  orgImportMemberSchema,
  orgImportRegionSchema,
  orgImportS136SuiteSchema,
  orgImportSiteSchema,
  orgImportTrustSchema,
  orgImportWardSchema,
  problemAt,
  REQUIRED_FIELD,
  sortProblems,
  type OrgImportEntries,
  type OrgImportLocation,
  type OrgImportProblem,
} from '@wardpulse/shared';
import type { z } from 'zod';
import { csvRecords } from './csv-records.js';

export const ORG_CSV_RECORDS = [
  'region',
  'collaborative',
  'member',
  'trust',
  'site',
  'ward',
  's136-suite',
  'crisis-service',
] as const;
export type OrgCsvRecord = (typeof ORG_CSV_RECORDS)[number];

/** The columns each kind of row uses (besides `record`). */
export const ORG_CSV_COLUMNS: Record<OrgCsvRecord, readonly string[]> = {
  region: ['id', 'name'],
  collaborative: ['id', 'name', 'kind', 'regionCode'],
  member: ['collaborative', 'trust', 'wardTypes'],
  trust: ['id', 'name', 'icbOds', 'regionCode', 'population', 'populationYear', 'populationSource'],
  site: ['id', 'name', 'trust'],
  ward: ['id', 'name', 'trust', 'site', 'type', 'sex', 'commissionedBeds'],
  's136-suite': ['id', 'name', 'trust', 'site', 'ageGroup', 'commissioned'],
  'crisis-service': ['id', 'name', 'trust', 'site', 'kind', 'ageGroup', 'commissionedCapacity'],
};

/** Every column the layout knows, in the order the example file uses. */
export const ORG_CSV_HEADER = ['record', ...new Set(Object.values(ORG_CSV_COLUMNS).flat())] as const satisfies readonly string[];

/** The entry's field a column fills, where the names differ. */
const FIELD_OF: Partial<Record<OrgCsvRecord, Record<string, string>>> = { region: { id: 'code' }, trust: { id: 'ods' } };

const BOOLEAN_CELLS: Record<string, boolean> = {
  true: true,
  yes: true,
  y: true,
  '1': true,
  false: false,
  no: false,
  n: false,
  '0': false,
};

/** A cell as the schemas take it: numbers for beds and places, booleans for commissioned, lists for ward types. */
function cellValue(column: string, text: string): unknown {
  if (
    column === 'commissionedBeds' ||
    column === 'commissionedCapacity' ||
    column === 'population' ||
    column === 'populationYear'
  )
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  if (column === 'commissioned') return BOOLEAN_CELLS[text.toLowerCase()] ?? text;
  if (column === 'wardTypes')
    return text
      .split(/[;|]/)
      .map((part) => part.trim())
      .filter(Boolean);
  return text;
}

/** Reads an organisation CSV into located entries; every bad row is named (line and column) and left out. */
export async function readOrgImportCsv(text: string): Promise<{ entries: OrgImportEntries; problems: OrgImportProblem[] }> {
  const entries = emptyOrgImportEntries();
  const problems: OrgImportProblem[] = [];
  const members: { collaborative: string; at: OrgImportLocation; value: z.output<typeof orgImportMemberSchema> }[] = [];
  let header: string[] | null = null;
  let rows = 0;
  /** Ids of every collaborative row, well-formed or not: a member of a bad one is not named twice. */
  const collaborativeRows = new Set<string>();

  for await (const record of csvRecords([text])) {
    const at: OrgImportLocation = { kind: 'csv', line: record.line };
    if ('problem' in record) {
      problems.push(problemAt(at, '(row)', record.problem));
      if (header === null) return { entries, problems };
      continue;
    }
    if (header === null) {
      header = record.fields.map((field) => field.trim());
      const seen = new Set<string>();
      for (const column of header) {
        if (!(ORG_CSV_HEADER as readonly string[]).includes(column))
          problems.push(problemAt(at, column || '(blank)', `is not a column of the layout (${ORG_CSV_HEADER.join(', ')})`));
        else if (seen.has(column)) problems.push(problemAt(at, column, 'appears twice in the header'));
        seen.add(column);
      }
      if (!seen.has('record')) problems.push(problemAt(at, 'record', 'the header must have a record column'));
      if (problems.length > 0) return { entries, problems };
      continue;
    }
    if (++rows > 6 * MAX_ORG_IMPORT_ENTRIES) {
      problems.push(problemAt(at, '(row)', `a file holds at most ${6 * MAX_ORG_IMPORT_ENTRIES} rows`));
      break;
    }
    if (record.fields.length > header.length) {
      problems.push(problemAt(at, '(row)', `has ${record.fields.length} cells; the header has ${header.length}`));
      continue;
    }
    const cells = new Map<string, string>();
    header.forEach((column, index) => {
      const cell = (record.fields[index] ?? '').trim();
      if (cell !== '') cells.set(column, cell);
    });
    const kind = cells.get('record') ?? '';
    if (!(ORG_CSV_RECORDS as readonly string[]).includes(kind)) {
      problems.push(
        problemAt(at, 'record', kind === '' ? 'is required' : `"${kind}" is not one of ${ORG_CSV_RECORDS.join(', ')}`),
      );
      continue;
    }
    const recordKind = kind as OrgCsvRecord;
    const used = ORG_CSV_COLUMNS[recordKind];
    const fieldOf = FIELD_OF[recordKind] ?? {};
    const columnOf = Object.fromEntries(Object.entries(fieldOf).map(([column, field]) => [field, column]));
    let bad = false;
    const value: Record<string, unknown> = {};
    for (const [column, cell] of cells) {
      if (column === 'record') continue;
      if (!used.includes(column)) {
        problems.push(problemAt(at, column, `is not used by a ${recordKind} row: leave it blank`));
        bad = true;
      } else if (!(recordKind === 'member' && column === 'collaborative'))
        value[fieldOf[column] ?? column] = cellValue(column, cell);
    }
    const parse = <Schema extends z.ZodType>(schema: Schema): z.output<Schema> | undefined => {
      const parsed = schema.safeParse(value, REQUIRED_FIELD);
      if (parsed.success) return bad ? undefined : parsed.data;
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '(row)');
        problems.push(problemAt(at, field, issue.message, columnOf[field] ?? field));
      }
      return undefined;
    };
    const keep = <T>(list: { at: OrgImportLocation; value: T }[], parsed: T | undefined) => {
      if (parsed !== undefined) list.push({ at, value: parsed });
    };
    switch (recordKind) {
      case 'region':
        keep(entries.regions, parse(orgImportRegionSchema));
        break;
      case 'collaborative': {
        collaborativeRows.add(cells.get('id') ?? '');
        const parsed = parse(orgImportCollaborativeSchema.omit({ members: true }));
        if (parsed !== undefined) entries.collaboratives.push({ at, value: parsed, members: [] });
        break;
      }
      case 'member': {
        const collaborative = cells.get('collaborative');
        if (collaborative === undefined) problems.push(problemAt(at, 'collaborative', 'is required'));
        const parsed = parse(orgImportMemberSchema);
        if (parsed !== undefined && collaborative !== undefined) members.push({ collaborative, at, value: parsed });
        break;
      }
      case 'trust':
        keep(entries.trusts, parse(orgImportTrustSchema));
        break;
      case 'site':
        keep(entries.sites, parse(orgImportSiteSchema));
        break;
      case 'ward':
        keep(entries.wards, parse(orgImportWardSchema));
        break;
      case 's136-suite':
        keep(entries.s136Suites, parse(orgImportS136SuiteSchema));
        break;
      case 'crisis-service':
        keep(entries.crisisServices, parse(orgImportCrisisServiceSchema));
        break;
    }
  }
  if (header === null) return { entries, problems: [fileProblem('is empty: it needs a header row and rows')] };

  // Members join the collaborative row of their file, wherever it is (the first, if listed twice).
  for (const member of members) {
    const collaborative = entries.collaboratives.find((candidate) => candidate.value.id === member.collaborative);
    if (collaborative) collaborative.members.push({ at: member.at, value: member.value });
    else if (!collaborativeRows.has(member.collaborative))
      problems.push(
        problemAt(
          member.at,
          'collaborative',
          `no collaborative row "${member.collaborative}" in the file: a member row joins one`,
        ),
      );
  }
  return { entries, problems: sortProblems(problems) };
}
