/**
 * The demo organisation: the eleven trusts and collaboratives of ../shared/domain.md, each with
 * a generated but realistic set of mental health wards (10–30 wards of 10–25 beds, types and
 * sexes as in the domain notes). Deterministic: every install gets the same wards and ids.
 * Site names are illustrative, not an inventory of the trusts' real estate.
 */
import type { Collaborative, CrisisService, OrgDirectory, S136Suite, Site, Ward, WardSex, WardType } from '@wardpulse/shared';
import { NHS_ENGLAND_REGIONS } from '@wardpulse/shared';
import { pick, pickWeighted, randomInt, seededRandom, type Random } from './random.js';

interface DemoTrust {
  ods: string;
  name: string;
  wardCount: number;
  sites: string[];
  /** Extra weight for specialist services the trust is known for (e.g. secure care). */
  specialisms?: Partial<Record<WardType, number>>;
}

/** The integrated care board each demo trust mainly serves (for ICB benchmark lines). */
/**
 * Catchment populations of the demo trusts for referrals per 100,000: illustrative, rounded to the
 * nearest 10,000 from ONS mid-2022 estimates of the local authorities each trust mainly serves.
 */
const DEMO_TRUST_POPULATIONS: Record<string, number> = {
  RW4: 1_400_000,
  RV5: 1_300_000,
  RPG: 880_000,
  RQY: 1_100_000,
  RX3: 2_000_000,
  RX4: 1_700_000,
  RXY: 1_900_000,
  R1L: 1_800_000,
  RWX: 920_000,
  TAD: 550_000,
  RW5: 1_800_000,
};
export const DEMO_POPULATION_YEAR = 2022;
export const DEMO_POPULATION_SOURCE = 'Illustrative: ONS mid-2022 estimates of the areas served, rounded';

const DEMO_TRUST_ICBS: Record<string, string> = {
  RW4: 'QYG',
  RV5: 'QKK',
  RPG: 'QKK',
  RQY: 'QWE',
  RX3: 'QHM',
  RX4: 'QHM',
  RXY: 'QKS',
  R1L: 'QH8',
  RWX: 'QU9',
  TAD: 'QWO',
  RW5: 'QE1',
};

const DEMO_TRUSTS: DemoTrust[] = [
  {
    ods: 'RW4',
    name: 'Mersey Care NHS Foundation Trust',
    wardCount: 24,
    sites: ['Mossley Hill Hospital', 'Broadoak Unit', 'Hesketh Centre', 'Scott Clinic'],
    specialisms: { 'adult-secure-low': 6, 'adult-secure-medium': 6 },
  },
  {
    ods: 'RV5',
    name: 'South London and Maudsley NHS Foundation Trust',
    wardCount: 30,
    sites: ['Bethlem Royal Hospital', 'Maudsley Hospital', 'Lambeth Hospital', 'Ladywell Unit'],
    specialisms: { 'eating-disorders': 3, perinatal: 2, camhs: 3 },
  },
  {
    ods: 'RPG',
    name: 'Oxleas NHS Foundation Trust',
    wardCount: 14,
    sites: ['Oxleas House', 'Green Parks House', 'Memorial Hospital'],
  },
  {
    ods: 'RQY',
    name: "South West London and St George's Mental Health NHS Trust",
    wardCount: 16,
    sites: ['Springfield University Hospital', 'Tolworth Hospital', "Queen Mary's Hospital"],
  },
  {
    ods: 'RX3',
    name: 'Tees, Esk and Wear Valleys NHS Foundation Trust',
    wardCount: 26,
    sites: ['Roseberry Park', 'West Park Hospital', 'Lanchester Road Hospital', 'Foss Park Hospital'],
    specialisms: { 'learning-disability-autism': 3 },
  },
  {
    ods: 'RX4',
    name: 'Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust',
    wardCount: 28,
    sites: ['St Nicholas Hospital', 'Hopewood Park', 'Northgate Hospital', 'Carleton Clinic', 'Ferndene'],
    specialisms: { camhs: 3, 'adult-secure-medium': 2 },
  },
  {
    ods: 'RXY',
    name: 'Kent and Medway NHS and Social Care Partnership Trust',
    wardCount: 18,
    sites: ['Priority House', 'Little Brook Hospital', "St Martin's Hospital", 'Trevor Gibbens Unit'],
  },
  {
    ods: 'R1L',
    name: 'Essex Partnership University NHS Foundation Trust',
    wardCount: 22,
    sites: ['The Linden Centre', 'Basildon Mental Health Unit', 'Rochford Hospital', 'The Lakes'],
  },
  {
    ods: 'RWX',
    name: 'Berkshire Healthcare NHS Foundation Trust',
    wardCount: 10,
    sites: ['Prospect Park Hospital'],
    // Its CYP inpatient beds are what the Thames Valley CYP collaborative covers.
    specialisms: { camhs: 4 },
  },
  {
    ods: 'TAD',
    name: 'Bradford District Care NHS Foundation Trust',
    wardCount: 12,
    sites: ['Lynfield Mount Hospital', 'Airedale Centre for Mental Health'],
  },
  {
    ods: 'RW5',
    name: 'Lancashire & South Cumbria NHS Foundation Trust',
    wardCount: 20,
    sites: ['The Harbour', 'Hillview', 'Avondale Unit', 'Guild Lodge'],
    specialisms: { 'adult-secure-low': 3 },
  },
];

/** The NHS England region of each demo trust (by where the trust is). */
const DEMO_TRUST_REGIONS: Record<string, string> = {
  RW4: 'Y62',
  RV5: 'Y56',
  RPG: 'Y56',
  RQY: 'Y56',
  RX3: 'Y63',
  RX4: 'Y63',
  RXY: 'Y59',
  R1L: 'Y61',
  RWX: 'Y59',
  TAD: 'Y63',
  RW5: 'Y62',
};

const placeBased = (id: string, name: string, regionCode: string, trustOds: string[]): Collaborative => ({
  id,
  name,
  kind: 'place-based',
  regionCode,
  trustOds,
  serviceLines: {},
});

/** A specialised collaborative covers the same service line at every member. */
const specialised = (id: string, name: string, regionCode: string, trustOds: string[], lines: WardType[]): Collaborative => ({
  id,
  name,
  kind: 'specialised',
  regionCode,
  trustOds,
  serviceLines: Object.fromEntries(trustOds.map((ods) => [ods, lines])),
});

const DEMO_COLLABORATIVES: Collaborative[] = [
  placeBased('cheshire-merseyside', 'Cheshire & Merseyside', 'Y62', ['RW4']),
  specialised('prospect', 'PROSPECT adult secure', 'Y62', ['RW4'], ['adult-secure-low', 'adult-secure-medium']),
  placeBased('south-london', 'South London Mental Health & Community Partnership', 'Y56', ['RV5', 'RPG', 'RQY']),
  placeBased('nenc', 'North East and North Cumbria', 'Y63', ['RX3', 'RX4']),
  placeBased('kent-medway', 'Kent & Medway MHLDA', 'Y59', ['RXY']),
  specialised('thames-valley-cyp', 'Thames Valley CYP', 'Y59', ['RWX'], ['camhs']),
  placeBased('west-yorkshire', 'West Yorkshire MHLDA', 'Y63', ['TAD']),
  placeBased('lancashire-south-cumbria', 'Lancashire and South Cumbria', 'Y62', ['RW5']),
];

/** Typical shares of a mental health trust's inpatient wards. */
const WARD_TYPE_WEIGHTS: Record<WardType, number> = {
  'adult-acute': 14,
  'older-adult-functional': 3,
  'older-adult-organic': 3,
  picu: 2,
  camhs: 1,
  'adult-secure-low': 1,
  'adult-secure-medium': 1,
  'eating-disorders': 1,
  perinatal: 0.5,
  rehabilitation: 3,
  'learning-disability-autism': 1,
};

/** Bed ranges per ward type: PICUs and specialist wards are small, acute wards larger. */
const BEDS_BY_TYPE: Record<WardType, readonly [number, number]> = {
  'adult-acute': [16, 25],
  'older-adult-functional': [14, 20],
  'older-adult-organic': [12, 18],
  picu: [10, 12],
  camhs: [10, 14],
  'adult-secure-low': [12, 16],
  'adult-secure-medium': [12, 16],
  'eating-disorders': [10, 15],
  perinatal: [10, 12],
  rehabilitation: [12, 20],
  'learning-disability-autism': [10, 12],
};

const WARD_NAMES = [
  'Alder',
  'Ash',
  'Aspen',
  'Beech',
  'Birch',
  'Bluebell',
  'Bramble',
  'Cedar',
  'Cherry',
  'Chestnut',
  'Clover',
  'Cypress',
  'Elder',
  'Elm',
  'Fern',
  'Foxglove',
  'Hawthorn',
  'Hazel',
  'Heather',
  'Holly',
  'Juniper',
  'Larch',
  'Laurel',
  'Lavender',
  'Lime',
  'Linden',
  'Maple',
  'Meadow',
  'Oak',
  'Orchid',
  'Pine',
  'Poplar',
  'Primrose',
  'Rowan',
  'Sage',
  'Sorrel',
  'Spruce',
  'Sycamore',
  'Thistle',
  'Willow',
  'Wren',
  'Yew',
];

function wardSex(random: Random, type: WardType): WardSex {
  switch (type) {
    case 'perinatal':
    case 'eating-disorders':
      return random() < 0.8 ? 'female' : 'mixed';
    case 'picu':
    case 'adult-secure-low':
    case 'adult-secure-medium':
      return random() < 0.7 ? 'male' : 'female';
    case 'camhs':
    case 'older-adult-organic':
    case 'learning-disability-autism':
      return 'mixed';
    default:
      return pickWeighted(random, [
        ['male', 4],
        ['female', 4],
        ['mixed', 2],
      ]);
  }
}

function demoWards(trust: DemoTrust, sites: Site[]): Ward[] {
  const random = seededRandom(trust.ods);
  const weights = Object.entries(WARD_TYPE_WEIGHTS).map(
    ([type, weight]) => [type as WardType, weight + (trust.specialisms?.[type as WardType] ?? 0)] as const,
  );
  // Every trust has acute wards and a PICU; the rest follow the typical mix.
  const types: WardType[] = ['adult-acute', 'adult-acute', 'picu'];
  while (types.length < trust.wardCount) types.push(pickWeighted(random, weights));
  const names = [...WARD_NAMES];
  return types.map((type, index) => {
    const name = names.splice(Math.floor(random() * names.length), 1)[0]!;
    const [minBeds, maxBeds] = BEDS_BY_TYPE[type];
    return {
      id: `${trust.ods}-W${String(index + 1).padStart(2, '0')}`,
      trustOds: trust.ods,
      siteId: pick(random, sites).id,
      name: `${name} Ward`,
      type,
      sex: wardSex(random, type),
      commissionedBeds: randomInt(random, minBeds, maxBeds),
    };
  });
}

/**
 * Section 136 suites: an adult suite at every site, and a children and young people's suite at the
 * first site of trusts with CAMHS inpatient services (illustrative, like the sites).
 */
function demoS136Suites(trust: DemoTrust, sites: Site[]): S136Suite[] {
  const suites: S136Suite[] = sites.map((site, index) => ({
    id: `${trust.ods}-136-${index + 1}`,
    trustOds: trust.ods,
    siteId: site.id,
    name: `${site.name} place of safety`,
    ageGroup: 'adult',
    commissioned: true,
  }));
  if (trust.specialisms?.camhs && sites[0]) {
    suites.push({
      id: `${trust.ods}-136-${sites.length + 1}`,
      trustOds: trust.ods,
      siteId: sites[0].id,
      name: `${sites[0].name} CYP place of safety`,
      ageGroup: 'cyp',
      commissioned: true,
    });
  }
  return suites;
}

/**
 * Alternatives to admission (illustrative, like the sites): every trust has a crisis house of 6
 * places at its first site and an adult home treatment team with a caseload of 25 (the Mental Health
 * Policy Implementation Guide's 20–30, docs/measures.md); a trust with a second site has a crisis day
 * service of 12 places there, and a CAMHS trust a CYP home treatment team of 12.
 */
function demoCrisisServices(trust: DemoTrust, sites: Site[]): CrisisService[] {
  const [first, second] = sites;
  if (!first) return [];
  const service = (n: number, site: Site, rest: Pick<CrisisService, 'name' | 'kind' | 'ageGroup' | 'commissionedCapacity'>) => ({
    id: `${trust.ods}-CR-${n}`,
    trustOds: trust.ods,
    siteId: site.id,
    ...rest,
  });
  const services: CrisisService[] = [
    service(1, first, { name: `${first.name} crisis house`, kind: 'crisis-house', ageGroup: 'adult', commissionedCapacity: 6 }),
    service(2, first, {
      name: `${trust.name.replace(/ NHS.*$/, '')} home treatment team`,
      kind: 'home-treatment-team',
      ageGroup: 'adult',
      commissionedCapacity: 25,
    }),
  ];
  if (second) {
    services.push(
      service(3, second, {
        name: `${second.name} crisis day service`,
        kind: 'crisis-day-service',
        ageGroup: 'adult',
        commissionedCapacity: 12,
      }),
    );
  }
  if (trust.specialisms?.camhs) {
    services.push(
      service(4, first, {
        name: `${trust.name.replace(/ NHS.*$/, '')} CYP home treatment team`,
        kind: 'home-treatment-team',
        ageGroup: 'cyp',
        commissionedCapacity: 12,
      }),
    );
  }
  return services;
}

export function demoOrganisation(): OrgDirectory {
  const sites: Site[] = [];
  const wards: Ward[] = [];
  const s136Suites: S136Suite[] = [];
  const crisisServices: CrisisService[] = [];
  for (const trust of DEMO_TRUSTS) {
    const trustSites = trust.sites.map((name, index) => ({ id: `${trust.ods}-S${index + 1}`, trustOds: trust.ods, name }));
    sites.push(...trustSites);
    wards.push(...demoWards(trust, trustSites));
    s136Suites.push(...demoS136Suites(trust, trustSites));
    crisisServices.push(...demoCrisisServices(trust, trustSites));
  }
  return {
    regions: NHS_ENGLAND_REGIONS.map(({ code, name }) => ({ code, name })),
    collaboratives: DEMO_COLLABORATIVES,
    trusts: DEMO_TRUSTS.map(({ ods, name }) => ({
      ods,
      name,
      icbOds: DEMO_TRUST_ICBS[ods]!,
      regionCode: DEMO_TRUST_REGIONS[ods]!,
      population: DEMO_TRUST_POPULATIONS[ods]!,
      populationYear: DEMO_POPULATION_YEAR,
      populationSource: DEMO_POPULATION_SOURCE,
    })),
    sites,
    wards,
    s136Suites,
    crisisServices,
  };
}
