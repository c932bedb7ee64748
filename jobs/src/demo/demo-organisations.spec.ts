import { orgDirectorySchema, WARD_SEXES, WARD_TYPES, type OrgDirectory } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { demoOrganisation } from './demo-organisations.js';

/** The trusts of domain.md's organisation table. */
const DOMAIN_ODS = ['RW4', 'RV5', 'RPG', 'RQY', 'RX3', 'RX4', 'RXY', 'R1L', 'RWX', 'TAD', 'RW5'];

const org: OrgDirectory = demoOrganisation();
const wardsOf = (ods: string) => org.wards.filter((ward) => ward.trustOds === ods);
const collaborativesOf = (ods: string) => org.collaboratives.filter((c) => c.trustOds.includes(ods)).map((c) => c.id);

describe('demoOrganisation', () => {
  it('matches the published directory shape', () => {
    expect(orgDirectorySchema.safeParse(org).success).toBe(true);
  });

  it('has the eleven trusts of domain.md, once each', () => {
    expect(org.trusts).toHaveLength(11);
    expect(org.trusts.map((trust) => trust.ods).sort()).toEqual([...DOMAIN_ODS].sort());
    for (const trust of org.trusts) expect(trust.name).not.toBe('');
  });

  it.each(DOMAIN_ODS)('gives %s 10–30 wards of 10–25 beds', (ods) => {
    const wards = wardsOf(ods);
    expect(wards.length).toBeGreaterThanOrEqual(10);
    expect(wards.length).toBeLessThanOrEqual(30);
    for (const ward of wards) {
      expect(Number.isInteger(ward.commissionedBeds)).toBe(true);
      expect(ward.commissionedBeds, ward.id).toBeGreaterThanOrEqual(10);
      expect(ward.commissionedBeds, ward.id).toBeLessThanOrEqual(25);
    }
  });

  it('gives every ward a unique id that starts with its trust’s ODS code', () => {
    const ids = org.wards.map((ward) => ward.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const ward of org.wards) expect(ward.id.startsWith(`${ward.trustOds}-`), ward.id).toBe(true);
  });

  it('gives every ward a distinct name within its trust', () => {
    for (const { ods } of org.trusts) {
      const names = wardsOf(ods).map((ward) => ward.name);
      expect(new Set(names).size, ods).toBe(names.length);
    }
  });

  it('puts every ward on a site of its own trust', () => {
    const siteIds = org.sites.map((site) => site.id);
    expect(new Set(siteIds).size).toBe(siteIds.length);
    const sites = new Map(org.sites.map((site) => [site.id, site]));
    for (const ward of org.wards) {
      const site = sites.get(ward.siteId);
      expect(site, `${ward.id} site ${ward.siteId}`).toBeDefined();
      expect(site?.trustOds, ward.id).toBe(ward.trustOds);
    }
    const trustOds = new Set(org.trusts.map((trust) => trust.ods));
    for (const site of org.sites) expect(trustOds.has(site.trustOds), site.id).toBe(true);
  });

  it('uses only the ward types and sexes of domain.md', () => {
    for (const ward of org.wards) {
      expect(WARD_TYPES).toContain(ward.type);
      expect(WARD_SEXES).toContain(ward.sex);
    }
  });

  it('lists only existing trusts as collaborative members, with unique collaborative ids', () => {
    const trustOds = new Set(org.trusts.map((trust) => trust.ods));
    for (const collaborative of org.collaboratives) {
      expect(collaborative.trustOds.length, collaborative.id).toBeGreaterThan(0);
      for (const ods of collaborative.trustOds) expect(trustOds.has(ods), `${collaborative.id} → ${ods}`).toBe(true);
    }
    const ids = org.collaboratives.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('follows the published memberships of domain.md', () => {
    // Mersey Care: Cheshire & Merseyside, and it leads PROSPECT adult secure.
    expect(collaborativesOf('RW4')).toHaveLength(2);
    // South London partnership: RV5, RPG and RQY together; NENC: RX3 and RX4 together.
    const [southLondon] = collaborativesOf('RV5');
    expect(southLondon).toBeDefined();
    expect(collaborativesOf('RPG')).toContain(southLondon);
    expect(collaborativesOf('RQY')).toContain(southLondon);
    const [nenc] = collaborativesOf('RX3');
    expect(nenc).toBeDefined();
    expect(collaborativesOf('RX4')).toContain(nenc);
    expect(nenc).not.toBe(southLondon);
    // Essex Partnership is in none; every other trust is in at least one.
    expect(collaborativesOf('R1L')).toEqual([]);
    for (const ods of DOMAIN_ODS.filter((code) => code !== 'R1L')) expect(collaborativesOf(ods).length, ods).toBeGreaterThan(0);
  });

  it('is deterministic: every install gets the same wards and ids', () => {
    expect(demoOrganisation()).toEqual(demoOrganisation());
  });

  it('gives every site an adult Section 136 suite of its trust, and CAMHS trusts a CYP suite', () => {
    for (const site of org.sites) {
      const suites = org.s136Suites.filter((suite) => suite.siteId === site.id);
      expect(
        suites.filter((suite) => suite.ageGroup === 'adult'),
        site.id,
      ).toHaveLength(1);
      for (const suite of suites) expect(suite.trustOds).toBe(site.trustOds);
    }
    expect(
      org.s136Suites
        .filter((suite) => suite.ageGroup === 'cyp')
        .map((suite) => suite.trustOds)
        .sort(),
    ).toEqual(['RV5', 'RWX', 'RX4']);
    const ids = org.s136Suites.map((suite) => suite.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(org.s136Suites.every((suite) => suite.commissioned)).toBe(true);
  });
});
