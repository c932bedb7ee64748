/** The organisation directory as trusts → sites → wards, with commissioned beds added up at each level. */
import type { OrgDirectory, Site, Trust, Ward } from '@wardpulse/shared';
import type { FieldResolver } from '../forms/form-errors.js';

export interface SiteBranch {
  site: Site;
  wards: Ward[];
  commissionedBeds: number;
}

export interface TrustBranch {
  trust: Trust;
  sites: SiteBranch[];
  commissionedBeds: number;
  wardCount: number;
}

export function orgTree(directory: OrgDirectory): TrustBranch[] {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en-GB');
  return [...directory.trusts].sort(byName).map((trust) => {
    const sites = directory.sites
      .filter((site) => site.trustOds === trust.ods)
      .sort(byName)
      .map((site) => {
        const wards = directory.wards.filter((ward) => ward.siteId === site.id).sort(byName);
        return { site, wards, commissionedBeds: wards.reduce((sum, ward) => sum + ward.commissionedBeds, 0) };
      });
    return {
      trust,
      sites,
      commissionedBeds: sites.reduce((sum, site) => sum + site.commissionedBeds, 0),
      wardCount: sites.reduce((sum, site) => sum + site.wards.length, 0),
    };
  });
}

/**
 * A whole number of beds from a form field, or the text itself when it is not one, so the server
 * names the problem ("must be a whole number") rather than the form guessing.
 */
export function bedsFromInput(value: string | number | null): number | string {
  if (typeof value === 'number') return value;
  const text = (value ?? '').trim();
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** A ward form's working copy: text as typed, so a half-typed number is kept, not lost. */
export interface WardDraft {
  name: string;
  siteId: string;
  type: string;
  sex: string;
  commissionedBeds: string;
}

export function wardDraft(ward?: Ward): WardDraft {
  return ward
    ? { name: ward.name, siteId: ward.siteId, type: ward.type, sex: ward.sex, commissionedBeds: String(ward.commissionedBeds) }
    : { name: '', siteId: '', type: '', sex: '', commissionedBeds: '' };
}

/** The ward fields of a create or update request. */
export function wardBody(draft: WardDraft) {
  return {
    name: draft.name,
    siteId: draft.siteId,
    type: draft.type,
    sex: draft.sex,
    commissionedBeds: bedsFromInput(draft.commissionedBeds),
  };
}

/** Maps the API's ward paths to the inputs of ward-fields.svelte with this id prefix. */
export function wardFieldResolver(idPrefix: string): FieldResolver {
  const table: Record<string, { id: string; label: string }> = {
    id: { id: `${idPrefix}-id`, label: 'Ward id' },
    trustOds: { id: `${idPrefix}-trust`, label: 'Trust' },
    name: { id: `${idPrefix}-name`, label: 'Ward name' },
    siteId: { id: `${idPrefix}-site`, label: 'Site' },
    type: { id: `${idPrefix}-type`, label: 'Ward type' },
    sex: { id: `${idPrefix}-sex`, label: 'Patients' },
    commissionedBeds: { id: `${idPrefix}-beds`, label: 'Commissioned beds' },
  };
  return (path) => table[path];
}
