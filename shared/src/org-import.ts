/**
 * The organisation import (docs/org-import.md): one file of regions, collaboratives (with their
 * members and service lines), trusts, sites, wards, Section 136 suites and alternatives to
 * admission (crisis services), in JSON or CSV.
 * This module holds what is pure: the file's schemas, reading a JSON file into located entries,
 * validating the entries as a whole against the current directory (every bad entry named, by JSON
 * path or CSV line and field) and the diff an apply would make. The CSV layout's rows are read by
 * jobs/src/import/org-csv.ts into the same located entries.
 *
 * An import adds and changes; it never deletes: what the directory holds and the file does not is
 * listed as "not in file" and kept (wards with history are not an import's to remove).
 */
import { z } from 'zod';
import { bedsSchema } from './admin-api.js';
import { formatPath, type ErrorDetail } from './errors.js';
import {
  COLLABORATIVE_KINDS,
  NHS_ENGLAND_REGIONS,
  normaliseOdsCode,
  odsCodeSchema,
  regionCodeSchema,
  S136_AGE_GROUPS,
  CRISIS_AGE_GROUPS,
  CRISIS_SERVICE_KINDS,
  crisisServiceIdSchema,
  s136SuiteIdSchema,
  WARD_SEXES,
  siteIdSchema,
  WARD_TYPES,
  wardIdSchema,
  type Collaborative,
  type OrgDirectory,
  type Region,
  type S136Suite,
  type CrisisService,
  type Site,
  type Trust,
  type Ward,
} from './org.js';
import { isStorableText } from './text.js';

/** Entries of one kind a file may hold (a whole NHS England region is a few thousand wards). */
export const MAX_ORG_IMPORT_ENTRIES = 20_000;

const nameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine(isStorableText, 'must not contain NUL characters or broken (lone surrogate) characters');
/** ODS codes as files carry them ("rx4", " RX4 "): normalised (normaliseOdsCode), then checked. */
const odsSchema = z.string().transform(normaliseOdsCode).pipe(odsCodeSchema);
const regionSchema = z.string().transform(normaliseOdsCode).pipe(regionCodeSchema);
const icbSchema = z
  .string()
  .transform(normaliseOdsCode)
  .pipe(z.string().regex(/^Q[A-Z0-9]{2}$/, 'must be an ICB ODS code such as QHM'));
const collaborativeIdSchema = wardIdSchema;

export const orgImportRegionSchema = z.strictObject({
  code: regionSchema.describe('One of the seven NHS England region codes (Y56–Y63)'),
  name: nameSchema,
});
export const orgImportMemberSchema = z.strictObject({
  trust: odsSchema,
  wardTypes: z
    .array(z.enum(WARD_TYPES))
    .min(1, 'must name at least one ward type')
    .max(WARD_TYPES.length)
    .optional()
    .describe('The ward types (service lines) a specialised collaborative covers at this member; none for a place-based one'),
});
export const orgImportCollaborativeSchema = z.strictObject({
  id: collaborativeIdSchema,
  name: nameSchema,
  kind: z.enum(COLLABORATIVE_KINDS),
  regionCode: regionSchema.optional(),
  members: z.array(orgImportMemberSchema).max(500).default([]).describe('Its whole membership: replaces what is stored'),
});
export const orgImportTrustSchema = z.strictObject({
  ods: odsSchema,
  name: nameSchema,
  icbOds: icbSchema.optional(),
  regionCode: regionSchema,
  population: z
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100_000_000, 'must be at most 100,000,000')
    .optional()
    .describe('Catchment population the trust serves (referrals per 100,000 divide by it)'),
  populationYear: z.int('must be a whole number').min(1900).max(2100).optional().describe('The year the estimate is for'),
  populationSource: nameSchema.optional().describe('Where the estimate comes from, e.g. ONS mid-2023 population estimates'),
});
export const orgImportSiteSchema = z.strictObject({ id: siteIdSchema, trust: odsSchema, name: nameSchema });
export const orgImportWardSchema = z.strictObject({
  id: wardIdSchema,
  trust: odsSchema,
  site: siteIdSchema,
  name: nameSchema,
  type: z.enum(WARD_TYPES),
  sex: z.enum(WARD_SEXES),
  commissionedBeds: bedsSchema,
});
export const orgImportS136SuiteSchema = z.strictObject({
  id: s136SuiteIdSchema,
  trust: odsSchema,
  site: siteIdSchema,
  name: nameSchema,
  ageGroup: z.enum(S136_AGE_GROUPS),
  commissioned: z.boolean('must be true or false'),
});
export const orgImportCrisisServiceSchema = z.strictObject({
  id: crisisServiceIdSchema,
  trust: odsSchema,
  site: siteIdSchema,
  name: nameSchema,
  kind: z.enum(CRISIS_SERVICE_KINDS),
  ageGroup: z.enum(CRISIS_AGE_GROUPS),
  commissionedCapacity: bedsSchema,
});

const listOf = <Schema extends z.ZodType>(schema: Schema) =>
  z.array(schema).max(MAX_ORG_IMPORT_ENTRIES, `must hold at most ${MAX_ORG_IMPORT_ENTRIES} entries`).optional();

/** The JSON form of an organisation file (every list optional). */
export const orgImportFileSchema = z
  .strictObject({
    regions: listOf(orgImportRegionSchema),
    collaboratives: listOf(orgImportCollaborativeSchema),
    trusts: listOf(orgImportTrustSchema),
    sites: listOf(orgImportSiteSchema),
    wards: listOf(orgImportWardSchema),
    s136Suites: listOf(orgImportS136SuiteSchema),
    crisisServices: listOf(orgImportCrisisServiceSchema),
  })
  .meta({ id: 'OrgImportFile' });
export type OrgImportFile = z.input<typeof orgImportFileSchema>;

type Parsed<Schema extends z.ZodType> = z.output<Schema>;

/** Where an entry is in its file: a JSON path, or the CSV line it starts on. */
export type OrgImportLocation = { kind: 'json'; path: readonly (string | number)[] } | { kind: 'csv'; line: number };

export interface Located<T> {
  at: OrgImportLocation;
  value: T;
}

/** A file read into entries, each well-formed on its own and with where it came from. */
export interface OrgImportEntries {
  regions: Located<Parsed<typeof orgImportRegionSchema>>[];
  collaboratives: (Located<Omit<Parsed<typeof orgImportCollaborativeSchema>, 'members'>> & {
    members: Located<Parsed<typeof orgImportMemberSchema>>[];
  })[];
  trusts: Located<Parsed<typeof orgImportTrustSchema>>[];
  sites: Located<Parsed<typeof orgImportSiteSchema>>[];
  wards: Located<Parsed<typeof orgImportWardSchema>>[];
  s136Suites: Located<Parsed<typeof orgImportS136SuiteSchema>>[];
  crisisServices: Located<Parsed<typeof orgImportCrisisServiceSchema>>[];
}

/** One thing wrong with a file: `path` names the entry and field (`wards[2].type`, `line 7: type`). */
export interface OrgImportProblem extends ErrorDetail {
  /** The CSV line (the header is line 1), for CSV files. */
  line?: number;
  field: string;
}

/** A problem with the field `field` of the entry at `at`. */
export function problemAt(at: OrgImportLocation, field: string, message: string, csvField = field): OrgImportProblem {
  if (at.kind === 'csv') return { path: `line ${at.line}: ${csvField}`, line: at.line, field: csvField, message };
  return { path: formatPath([...at.path, ...(field === '' ? [] : [field])]), field, message };
}

/** A problem with the file as a whole (not JSON, no header…). */
export function fileProblem(message: string): OrgImportProblem {
  return { path: '(file)', field: '(file)', message };
}

/** No entries of any kind: what each reader (JSON here, CSV in jobs) fills in. */
export function emptyOrgImportEntries(): OrgImportEntries {
  return { regions: [], collaboratives: [], trusts: [], sites: [], wards: [], s136Suites: [], crisisServices: [] };
}

/** Required-but-missing fields say so, not "expected string, received undefined". */
export const REQUIRED_FIELD = { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : undefined) };

/** Reads a parsed JSON file into located entries; each bad entry is named and left out. */
export function readOrgImportJson(value: unknown): { entries: OrgImportEntries; problems: OrgImportProblem[] } {
  const entries = emptyOrgImportEntries();
  const problems: OrgImportProblem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return {
      entries,
      problems: [
        fileProblem('must be a JSON object of lists (regions, collaboratives, trusts, sites, wards, s136Suites, crisisServices)'),
      ],
    };
  const lists: Partial<Record<keyof OrgImportEntries, unknown[]>> = {};
  for (const [key, list] of Object.entries(value)) {
    if (!Object.hasOwn(entries, key)) problems.push({ path: key, field: key, message: 'is not a recognised list' });
    else if (!Array.isArray(list)) problems.push({ path: key, field: key, message: 'must be a list' });
    else if (list.length > MAX_ORG_IMPORT_ENTRIES)
      problems.push({ path: key, field: key, message: `must hold at most ${MAX_ORG_IMPORT_ENTRIES} entries` });
    else lists[key as keyof OrgImportEntries] = list;
  }
  const each = <Schema extends z.ZodType, Out>(
    key: keyof OrgImportEntries,
    schema: Schema,
    keep: (value: z.output<Schema>, path: (string | number)[]) => Out,
  ): Out[] =>
    (lists[key] ?? []).flatMap((item, index) => {
      const path = [key, index];
      const parsed = schema.safeParse(item, REQUIRED_FIELD);
      if (parsed.success) return [keep(parsed.data, path)];
      for (const issue of parsed.error.issues) {
        const fields = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
        for (const extra of fields) {
          const issuePath = [...issue.path, ...(extra === undefined ? [] : [extra])] as (string | number)[];
          const field = issuePath.filter((part) => typeof part === 'string').at(-1) ?? '';
          problems.push({
            path: formatPath([...path, ...issuePath]),
            field: String(field),
            message: extra === undefined ? issue.message : 'is not a recognised field',
          });
        }
      }
      return [];
    });
  entries.regions = each('regions', orgImportRegionSchema, (value, path) => ({ at: { kind: 'json', path }, value }));
  entries.collaboratives = each('collaboratives', orgImportCollaborativeSchema, ({ members, ...value }, path) => ({
    at: { kind: 'json', path },
    value,
    members: members.map((member, index) => ({ at: { kind: 'json', path: [...path, 'members', index] }, value: member })),
  }));
  entries.trusts = each('trusts', orgImportTrustSchema, (value, path) => ({ at: { kind: 'json', path }, value }));
  entries.sites = each('sites', orgImportSiteSchema, (value, path) => ({ at: { kind: 'json', path }, value }));
  entries.wards = each('wards', orgImportWardSchema, (value, path) => ({ at: { kind: 'json', path }, value }));
  entries.s136Suites = each('s136Suites', orgImportS136SuiteSchema, (value, path) => ({ at: { kind: 'json', path }, value }));
  entries.crisisServices = each('crisisServices', orgImportCrisisServiceSchema, (value, path) => ({
    at: { kind: 'json', path },
    value,
  }));
  return { entries, problems };
}

/** The CSV column a field of an entry is read from, where the names differ (region and trust codes are `id`). */
const CSV_FIELD: Record<string, string> = { code: 'id', ods: 'id' };

/**
 * Checks the entries as a whole against the current directory: ids unique in the file, every
 * reference resolves (in the file or the directory), known region codes, service lines that fit
 * the collaborative's kind, and no ward, suite or site moved to another trust. The file's
 * organisation (as a partial directory) when all is well; every problem otherwise.
 */
export function validateOrgImport(
  entries: OrgImportEntries,
  current: OrgDirectory,
): { ok: true; file: OrgDirectory } | { ok: false; problems: OrgImportProblem[] } {
  const problems: OrgImportProblem[] = [];
  const problem = (at: OrgImportLocation, field: string, message: string) =>
    problems.push(problemAt(at, field, message, CSV_FIELD[field] ?? field));
  const where = (at: OrgImportLocation) => (at.kind === 'csv' ? `line ${at.line}` : formatPath(at.path));

  /** The first entry of each key; later ones are named as duplicates. */
  function unique<T extends { at: OrgImportLocation }>(
    list: readonly T[],
    keyOf: (entry: T) => string,
    field: string,
    what: string,
  ) {
    const first = new Map<string, T>();
    for (const entry of list) {
      const key = keyOf(entry);
      const earlier = first.get(key);
      if (earlier) problem(entry.at, field, `${what} "${key}" is also at ${where(earlier.at)}`);
      else first.set(key, entry);
    }
    return first;
  }

  const knownRegions = new Set<string>([
    ...NHS_ENGLAND_REGIONS.map((region) => region.code),
    ...current.regions.map((r) => r.code),
  ]);
  const regionKnown = (at: OrgImportLocation, code: string | undefined) => {
    if (code !== undefined && !knownRegions.has(code))
      problem(at, 'regionCode', `unknown region "${code}": must be one of ${[...knownRegions].sort().join(', ')}`);
  };

  unique(entries.regions, (entry) => entry.value.code, 'code', 'region');
  for (const entry of entries.regions) {
    if (!knownRegions.has(entry.value.code))
      problem(entry.at, 'code', `"${entry.value.code}" is not an NHS England region: regions are the seven Y56–Y63`);
  }

  const fileTrusts = unique(entries.trusts, (entry) => entry.value.ods, 'ods', 'trust');
  for (const entry of entries.trusts) regionKnown(entry.at, entry.value.regionCode);
  const trustKnown = (ods: string) => fileTrusts.has(ods) || current.trusts.some((trust) => trust.ods === ods);

  unique(entries.collaboratives, (entry) => entry.value.id, 'id', 'collaborative');
  for (const collaborative of entries.collaboratives) {
    regionKnown(collaborative.at, collaborative.value.regionCode);
    unique(collaborative.members, (member) => member.value.trust, 'trust', 'member');
    for (const member of collaborative.members) {
      if (!trustKnown(member.value.trust)) problem(member.at, 'trust', `unknown trust "${member.value.trust}"`);
      if (collaborative.value.kind === 'specialised' && member.value.wardTypes === undefined)
        problem(member.at, 'wardTypes', 'a specialised collaborative names the ward types it covers at every member');
      if (collaborative.value.kind === 'place-based' && member.value.wardTypes !== undefined)
        problem(member.at, 'wardTypes', "a place-based collaborative covers its members' every ward: name no ward types");
    }
  }

  const fileSites = unique(entries.sites, (entry) => entry.value.id, 'id', 'site');
  const currentSites = new Map(current.sites.map((site) => [site.id, site]));
  for (const entry of entries.sites) {
    if (!trustKnown(entry.value.trust)) problem(entry.at, 'trust', `unknown trust "${entry.value.trust}"`);
    const stored = currentSites.get(entry.value.id);
    if (stored && stored.trustOds !== entry.value.trust)
      problem(entry.at, 'trust', `site "${entry.value.id}" belongs to ${stored.trustOds}; a site's trust never changes`);
  }
  const siteTrust = (id: string) => fileSites.get(id)?.value.trust ?? currentSites.get(id)?.trustOds;

  const placed = (
    list: readonly Located<{ id: string; trust: string; site: string }>[],
    stored: readonly { id: string; trustOds: string }[],
    what: string,
  ) => {
    unique(list, (entry) => entry.value.id, 'id', what);
    const storedTrust = new Map(stored.map((item) => [item.id, item.trustOds]));
    for (const entry of list) {
      const { id, trust, site } = entry.value;
      if (!trustKnown(trust)) problem(entry.at, 'trust', `unknown trust "${trust}"`);
      const before = storedTrust.get(id);
      if (before !== undefined && before !== trust)
        problem(entry.at, 'trust', `${what} "${id}" belongs to ${before}; its trust never changes (its history refers to it)`);
      const ofSite = siteTrust(site);
      if (ofSite === undefined) problem(entry.at, 'site', `unknown site "${site}"`);
      else if (ofSite !== trust) problem(entry.at, 'site', `site "${site}" belongs to ${ofSite}, not ${trust}`);
    }
  };
  placed(entries.wards, current.wards, 'ward');
  placed(entries.s136Suites, current.s136Suites, 'Section 136 suite');
  placed(entries.crisisServices, current.crisisServices, 'crisis service');

  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return {
    ok: true,
    file: {
      regions: entries.regions.map(({ value }) => value),
      collaboratives: entries.collaboratives.map(({ value, members }) => ({
        id: value.id,
        name: value.name,
        kind: value.kind,
        ...(value.regionCode ? { regionCode: value.regionCode } : {}),
        trustOds: members.map((member) => member.value.trust),
        serviceLines: Object.fromEntries(
          members.flatMap((member) => (member.value.wardTypes ? [[member.value.trust, member.value.wardTypes]] : [])),
        ),
      })),
      trusts: entries.trusts.map(({ value }) => ({
        ods: value.ods,
        name: value.name,
        ...(value.icbOds ? { icbOds: value.icbOds } : {}),
        regionCode: value.regionCode,
        ...populationOf(value),
      })),
      sites: entries.sites.map(({ value }) => ({ id: value.id, trustOds: value.trust, name: value.name })),
      wards: entries.wards.map(({ value }) => ({
        id: value.id,
        trustOds: value.trust,
        siteId: value.site,
        name: value.name,
        type: value.type,
        sex: value.sex,
        commissionedBeds: value.commissionedBeds,
      })),
      s136Suites: entries.s136Suites.map(({ value }) => ({
        id: value.id,
        trustOds: value.trust,
        siteId: value.site,
        name: value.name,
        ageGroup: value.ageGroup,
        commissioned: value.commissioned,
      })),
      crisisServices: entries.crisisServices.map(({ value }) => ({
        id: value.id,
        trustOds: value.trust,
        siteId: value.site,
        name: value.name,
        kind: value.kind,
        ageGroup: value.ageGroup,
        commissionedCapacity: value.commissionedCapacity,
      })),
    },
  };
}

/** CSV problems in line order (then as found); JSON ones as found. */
export function sortProblems(problems: OrgImportProblem[]): OrgImportProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.index - b.index)
    .map(({ problem }) => problem);
}

export const ORG_ENTITY_KINDS = ['region', 'collaborative', 'trust', 'site', 'ward', 's136-suite', 'crisis-service'] as const;
export type OrgEntityKind = (typeof ORG_ENTITY_KINDS)[number];

export const orgFieldChangeSchema = z.object({ field: z.string(), before: z.string(), after: z.string() });
export type OrgFieldChange = z.infer<typeof orgFieldChangeSchema>;

export const orgEntityDiffSchema = z.object({
  kind: z.enum(ORG_ENTITY_KINDS),
  id: z.string().describe('Region code, collaborative id, trust ODS code, site, ward or suite id'),
  name: z.string(),
  status: z.enum(['added', 'changed', 'not-in-file']),
  changes: z.array(orgFieldChangeSchema).describe('For a changed entity: each field, before → after (empty shown as "")'),
});
export type OrgEntityDiff = z.infer<typeof orgEntityDiffSchema>;

const countsSchema = z.object({
  added: z.int(),
  changed: z.int(),
  unchanged: z.int(),
  notInFile: z.int().describe('Held but not in the file: kept, never deleted'),
});
export type OrgDiffCounts = z.infer<typeof countsSchema>;

export const orgImportDiffSchema = z
  .object({
    totals: countsSchema,
    counts: z.record(z.enum(ORG_ENTITY_KINDS), countsSchema),
    entities: z.array(orgEntityDiffSchema).describe('Added, changed and not-in-file entities (unchanged ones are only counted)'),
  })
  .meta({ id: 'OrgImportDiff' });
export type OrgImportDiff = z.infer<typeof orgImportDiffSchema>;

/** A trust's population fields, only those given (a trust without an estimate has none). */
export function populationOf(
  trust: Pick<Trust, 'population' | 'populationYear' | 'populationSource'>,
): Pick<Trust, 'population' | 'populationYear' | 'populationSource'> {
  return {
    ...(trust.population !== undefined ? { population: trust.population } : {}),
    ...(trust.populationYear !== undefined ? { populationYear: trust.populationYear } : {}),
    ...(trust.populationSource !== undefined ? { populationSource: trust.populationSource } : {}),
  };
}

/** The fields an import compares, per kind, as text (so before → after reads plainly). */
const FIELDS = {
  region: (region: Region) => ({ name: region.name }),
  collaborative: (collaborative: Collaborative) => ({
    name: collaborative.name,
    kind: collaborative.kind,
    regionCode: collaborative.regionCode ?? '',
    members: [...collaborative.trustOds]
      .sort()
      .map((ods) => {
        const lines = collaborative.serviceLines[ods];
        return lines ? `${ods} (${[...lines].sort().join(', ')})` : ods;
      })
      .join('; '),
  }),
  trust: (trust: Trust) => ({
    name: trust.name,
    icbOds: trust.icbOds ?? '',
    regionCode: trust.regionCode ?? '',
    population: trust.population === undefined ? '' : String(trust.population),
    populationYear: trust.populationYear === undefined ? '' : String(trust.populationYear),
    populationSource: trust.populationSource ?? '',
  }),
  site: (site: Site) => ({ name: site.name, trust: site.trustOds }),
  ward: (ward: Ward) => ({
    name: ward.name,
    site: ward.siteId,
    type: ward.type,
    sex: ward.sex,
    commissionedBeds: String(ward.commissionedBeds),
  }),
  's136-suite': (suite: S136Suite) => ({
    name: suite.name,
    site: suite.siteId,
    ageGroup: suite.ageGroup,
    commissioned: String(suite.commissioned),
  }),
  'crisis-service': (service: CrisisService) => ({
    name: service.name,
    site: service.siteId,
    kind: service.kind,
    ageGroup: service.ageGroup,
    commissionedCapacity: String(service.commissionedCapacity),
  }),
} satisfies Record<OrgEntityKind, (entity: never) => Record<string, string>>;

const idOf = {
  region: (region: Region) => region.code,
  collaborative: (collaborative: Collaborative) => collaborative.id,
  trust: (trust: Trust) => trust.ods,
  site: (site: Site) => site.id,
  ward: (ward: Ward) => ward.id,
  's136-suite': (suite: S136Suite) => suite.id,
  'crisis-service': (service: CrisisService) => service.id,
};

const LISTS = {
  region: 'regions',
  collaborative: 'collaboratives',
  trust: 'trusts',
  site: 'sites',
  ward: 'wards',
  's136-suite': 's136Suites',
  'crisis-service': 'crisisServices',
} as const satisfies Record<OrgEntityKind, keyof OrgDirectory>;

/**
 * What applying `file` to `current` would do: each entity added, changed (field: before → after)
 * or unchanged, and what the directory holds that the file does not ("not in file": kept). The
 * seven regions are fixed, so a region absent from the file is never listed.
 */
export function diffOrgImport(current: OrgDirectory, file: OrgDirectory): OrgImportDiff {
  const entities: OrgEntityDiff[] = [];
  const counts = {} as Record<OrgEntityKind, OrgDiffCounts>;
  for (const kind of ORG_ENTITY_KINDS) {
    const fields = FIELDS[kind] as (entity: unknown) => Record<string, string>;
    const id = idOf[kind] as (entity: unknown) => string;
    const held = new Map((current[LISTS[kind]] as unknown[]).map((entity) => [id(entity), entity]));
    const inFile = new Set<string>();
    const count: OrgDiffCounts = { added: 0, changed: 0, unchanged: 0, notInFile: 0 };
    for (const entity of file[LISTS[kind]] as unknown[]) {
      const key = id(entity);
      inFile.add(key);
      const after = fields(entity);
      const stored = held.get(key);
      if (stored === undefined) {
        count.added++;
        entities.push({ kind, id: key, name: after.name!, status: 'added', changes: [] });
        continue;
      }
      const before = fields(stored);
      const changes = Object.keys(after).flatMap((field) =>
        before[field] === after[field] ? [] : [{ field, before: before[field]!, after: after[field]! }],
      );
      if (changes.length === 0) count.unchanged++;
      else {
        count.changed++;
        entities.push({ kind, id: key, name: after.name!, status: 'changed', changes });
      }
    }
    if (kind !== 'region') {
      for (const [key, stored] of held) {
        if (inFile.has(key)) continue;
        count.notInFile++;
        entities.push({ kind, id: key, name: fields(stored).name!, status: 'not-in-file', changes: [] });
      }
    }
    counts[kind] = count;
  }
  const totals = Object.values(counts).reduce(
    (sum, count) => ({
      added: sum.added + count.added,
      changed: sum.changed + count.changed,
      unchanged: sum.unchanged + count.unchanged,
      notInFile: sum.notInFile + count.notInFile,
    }),
    { added: 0, changed: 0, unchanged: 0, notInFile: 0 },
  );
  return { totals, counts, entities };
}

/** The part of the file an apply writes: its added and changed entities only (so a second apply writes nothing). */
export function orgImportChanges(file: OrgDirectory, diff: OrgImportDiff): OrgDirectory {
  const touched = new Set(diff.entities.filter((entity) => entity.status !== 'not-in-file').map((e) => `${e.kind}:${e.id}`));
  const keep = <T>(kind: OrgEntityKind, list: readonly T[]) =>
    list.filter((entity) => touched.has(`${kind}:${(idOf[kind] as (entity: T) => string)(entity)}`));
  return {
    regions: keep('region', file.regions),
    collaboratives: keep('collaborative', file.collaboratives),
    trusts: keep('trust', file.trusts),
    sites: keep('site', file.sites),
    wards: keep('ward', file.wards),
    s136Suites: keep('s136-suite', file.s136Suites),
    crisisServices: keep('crisis-service', file.crisisServices),
  };
}
