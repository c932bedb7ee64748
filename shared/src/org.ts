/**
 * The organisation hierarchy WardPulse reports on:
 * region → provider collaborative → trust (ODS code) → site → ward (and Section 136 suite, and
 * alternative-to-admission service).
 * A trust belongs to one region and may belong to several collaboratives; a specialised
 * collaborative covers only some of its members' ward types (its service lines).
 */
import { z } from 'zod';

/** Ward types named in ../shared/domain.md (KH03 mental illness and learning disability sectors). */
export const WARD_TYPES = [
  'adult-acute',
  'older-adult-functional',
  'older-adult-organic',
  'picu',
  'camhs',
  'adult-secure-low',
  'adult-secure-medium',
  'eating-disorders',
  'perinatal',
  'rehabilitation',
  'learning-disability-autism',
] as const;
export type WardType = (typeof WARD_TYPES)[number];

export const WARD_TYPE_LABELS: Record<WardType, string> = {
  'adult-acute': 'Adult acute',
  'older-adult-functional': 'Older adult (functional)',
  'older-adult-organic': 'Older adult (organic)',
  picu: 'PICU',
  camhs: 'CAMHS inpatient',
  'adult-secure-low': 'Low secure',
  'adult-secure-medium': 'Medium secure',
  'eating-disorders': 'Eating disorders',
  perinatal: 'Perinatal (mother and baby)',
  rehabilitation: 'Rehabilitation',
  'learning-disability-autism': 'Learning disability & autism',
};

export const WARD_SEXES = ['male', 'female', 'mixed'] as const;
export type WardSex = (typeof WARD_SEXES)[number];

/** NHS trust ODS codes are three characters (e.g. RX4, R1L, TAD). */
export const odsCodeSchema = z.string().regex(/^[A-Z0-9]{3}$/, 'must be a three-character ODS code such as RX4');

/**
 * An ODS code as files carry it ("rx4", " RX4 ", "r x4") in its one written form: ODS codes are
 * upper-case letters and digits, so case and spaces never make another organisation. Imports apply
 * it before checking; the APIs refuse anything but the written form (odsCodeSchema).
 */
export function normaliseOdsCode(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/** Ward ids are chosen by the trust and unique system-wide (e.g. RX4-W12). */
export const wardIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may contain only letters, digits, ".", "_" and "-"');

/** Site ids are chosen by the trust, like ward ids (e.g. RX4-S5). */
export const siteIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'may contain only letters, digits, ".", "_" and "-"');

/**
 * NHS England's seven regions (domain.md, "Organisations"): above collaboratives, where regional
 * sitreps and Section 136 oversight are run. Their ODS codes are Y + two digits (ODS "NHS England
 * and Regions" catalogue); every trust belongs to one region.
 */
export const NHS_ENGLAND_REGIONS = [
  { code: 'Y56', name: 'London' },
  { code: 'Y58', name: 'South West' },
  { code: 'Y59', name: 'South East' },
  { code: 'Y60', name: 'Midlands' },
  { code: 'Y61', name: 'East of England' },
  { code: 'Y62', name: 'North West' },
  { code: 'Y63', name: 'North East and Yorkshire' },
] as const;

/** A region's ODS code: Y and two digits (e.g. Y63). */
export const regionCodeSchema = z.string().regex(/^Y[0-9]{2}$/, 'must be an NHS England region code such as Y63');

export const regionSchema = z.object({ code: z.string(), name: z.string() });
export type Region = z.infer<typeof regionSchema>;

/**
 * Two kinds of collaborative (domain.md): a place-based one covers all its members' services; a
 * specialised (NHS-led) provider collaborative covers one service line across its members, e.g.
 * adult low and medium secure (PROSPECT) or CYP inpatient (Thames Valley CYP).
 */
export const COLLABORATIVE_KINDS = ['place-based', 'specialised'] as const;
export type CollaborativeKind = (typeof COLLABORATIVE_KINDS)[number];

export const collaborativeSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(COLLABORATIVE_KINDS),
  regionCode: z.string().optional().describe('The NHS England region the collaborative reports to'),
  trustOds: z.array(z.string()).describe('ODS codes of member trusts'),
  serviceLines: z
    .record(z.string(), z.array(z.enum(WARD_TYPES)))
    .describe(
      'Per member (ODS code), the ward types the collaborative covers; a member not listed is covered whole. ' +
        'A specialised collaborative lists every member; a place-based one lists none.',
    ),
});
export type Collaborative = z.infer<typeof collaborativeSchema>;

/** Whether a collaborative covers this ward: its trust is a member and, where lines are set, its type is one of them. */
export function collaborativeCoversWard(collaborative: Collaborative, ward: Pick<Ward, 'trustOds' | 'type'>): boolean {
  if (!collaborative.trustOds.includes(ward.trustOds)) return false;
  const lines = collaborative.serviceLines[ward.trustOds];
  return lines === undefined || lines.includes(ward.type);
}

/** Whether a collaborative covers its member's whole trust (trust-level returns: placements, waiting lists, video). */
export function collaborativeCoversTrust(collaborative: Collaborative, ods: string): boolean {
  return collaborative.trustOds.includes(ods) && collaborative.serviceLines[ods] === undefined;
}

/** The ward types a collaborative's service lines name, over all members, in WARD_TYPES order; empty when it covers its members whole. */
export function serviceLinesOf(collaborative: Pick<Collaborative, 'serviceLines'>): WardType[] {
  const named = new Set(Object.values(collaborative.serviceLines).flat());
  return WARD_TYPES.filter((type) => named.has(type));
}

/** "Low secure and Medium secure": a specialised collaborative's service lines in words. */
export function describeServiceLines(collaborative: Pick<Collaborative, 'serviceLines'>): string {
  const labels = serviceLinesOf(collaborative).map((type) => WARD_TYPE_LABELS[type]);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/**
 * What a specialised collaborative's board covers, said on the board: "Covers Low secure and Medium
 * secure wards of 1 trust; trust-wide figures are on each trust's board". Undefined for a
 * collaborative that covers its members whole.
 */
export function specialisedCoverageNote(collaborative: Pick<Collaborative, 'serviceLines' | 'trustOds'>): string | undefined {
  const partial = collaborative.trustOds.filter((ods) => collaborative.serviceLines[ods] !== undefined).length;
  if (partial === 0) return undefined;
  const trusts = `${partial} ${partial === 1 ? 'trust' : 'trusts'}`;
  return `Covers ${describeServiceLines(collaborative)} wards of ${trusts}; trust-wide figures are on each trust's board`;
}

export const trustSchema = z.object({
  ods: z.string(),
  name: z.string(),
  icbOds: z.string().optional().describe('ODS code of the integrated care board the trust mainly serves (ICB benchmarks)'),
  regionCode: z.string().optional().describe('The NHS England region the trust belongs to'),
  population: z
    .int()
    .positive()
    .optional()
    .describe("Catchment population the trust serves (referrals per 100,000 divide by it; a collaborative's adds its members')"),
  populationYear: z.int().optional().describe('The year the population estimate is for, e.g. 2023'),
  populationSource: z.string().optional().describe('Where the population estimate comes from, e.g. ONS mid-year estimates'),
});
export type Trust = z.infer<typeof trustSchema>;

export const siteSchema = z.object({ id: z.string(), trustOds: z.string(), name: z.string() });
export type Site = z.infer<typeof siteSchema>;

export const wardSchema = z.object({
  id: z.string().describe('Stable id chosen by the trust, unique system-wide, e.g. RX4-W12'),
  trustOds: z.string(),
  siteId: z.string(),
  name: z.string(),
  type: z.enum(WARD_TYPES),
  sex: z.enum(WARD_SEXES),
  commissionedBeds: z.int().nonnegative(),
});
export type Ward = z.infer<typeof wardSchema>;

/**
 * Section 136 health-based places of safety (domain.md): the suites where police bring a person
 * detained under s136 MHA 1983 for assessment. Each belongs to a site; a suite is for adults or
 * for children and young people (CYP); only commissioned suites count in the core base.
 */
export const S136_AGE_GROUPS = ['adult', 'cyp'] as const;
export type S136AgeGroup = (typeof S136_AGE_GROUPS)[number];

export const S136_AGE_GROUP_LABELS: Record<S136AgeGroup, string> = {
  adult: 'Adult',
  cyp: 'Children and young people',
};

/** Suite ids are chosen by the trust and unique system-wide, like ward ids (e.g. RX4-136-1). */
export const s136SuiteIdSchema = wardIdSchema;

export const s136SuiteSchema = z.object({
  id: z.string().describe('Stable id chosen by the trust, unique system-wide, e.g. RX4-136-1'),
  trustOds: z.string(),
  siteId: z.string(),
  name: z.string(),
  ageGroup: z.enum(S136_AGE_GROUPS),
  commissioned: z.boolean().describe('Counted in the Section 136 core base; an uncommissioned suite is shown but never counted'),
});
export type S136Suite = z.infer<typeof s136SuiteSchema>;

/**
 * Alternatives to admission (docs/measures.md, "Alternatives to admission"): the crisis services
 * that keep people out of hospital, shown beside the beds. Three kinds: a crisis house (residential,
 * overnight places), a crisis or acute day service (day places), a crisis resolution and home
 * treatment team (a caseload of people treated at home). Each belongs to a site of its trust.
 */
export const CRISIS_SERVICE_KINDS = ['crisis-house', 'crisis-day-service', 'home-treatment-team'] as const;
export type CrisisServiceKind = (typeof CRISIS_SERVICE_KINDS)[number];

export const CRISIS_SERVICE_KIND_LABELS: Record<CrisisServiceKind, string> = {
  'crisis-house': 'Crisis house',
  'crisis-day-service': 'Crisis day service',
  'home-treatment-team': 'Home treatment team',
};

/** What a service's capacity counts: places (a house, a day service) or a caseload (a team). */
export const CRISIS_CAPACITY_UNITS: Record<CrisisServiceKind, { one: string; many: string }> = {
  'crisis-house': { one: 'place', many: 'places' },
  'crisis-day-service': { one: 'place', many: 'places' },
  'home-treatment-team': { one: 'caseload slot', many: 'caseload slots' },
};

/** Crisis services are commissioned for adults, older adults or children and young people (CYP). */
export const CRISIS_AGE_GROUPS = ['adult', 'older-adult', 'cyp'] as const;
export type CrisisAgeGroup = (typeof CRISIS_AGE_GROUPS)[number];

export const CRISIS_AGE_GROUP_LABELS: Record<CrisisAgeGroup, string> = {
  adult: 'Adult',
  'older-adult': 'Older adult',
  cyp: 'Children and young people',
};

/** Service ids are chosen by the trust and unique system-wide, like ward ids (e.g. RX4-CH-1). */
export const crisisServiceIdSchema = wardIdSchema;

export const crisisServiceSchema = z.object({
  id: z.string().describe('Stable id chosen by the trust, unique system-wide, e.g. RX4-CH-1'),
  trustOds: z.string(),
  siteId: z.string(),
  name: z.string(),
  kind: z.enum(CRISIS_SERVICE_KINDS),
  ageGroup: z.enum(CRISIS_AGE_GROUPS),
  commissionedCapacity: z
    .int()
    .nonnegative()
    .describe('Commissioned places (crisis house, day service) or caseload capacity (home treatment team)'),
});
export type CrisisService = z.infer<typeof crisisServiceSchema>;

/** What `GET /api/v1/org` returns. */
export const orgDirectorySchema = z.object({
  regions: z.array(regionSchema).describe('NHS England regions'),
  collaboratives: z.array(collaborativeSchema),
  trusts: z.array(trustSchema),
  sites: z.array(siteSchema),
  wards: z.array(wardSchema),
  s136Suites: z.array(s136SuiteSchema).describe('Section 136 health-based places of safety, per site'),
  crisisServices: z
    .array(crisisServiceSchema)
    .describe('Alternatives to admission (crisis houses, crisis day services, home treatment teams), per site'),
});
export type OrgDirectory = z.infer<typeof orgDirectorySchema>;
