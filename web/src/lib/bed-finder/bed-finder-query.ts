/**
 * The bed finder's state lives in its URL (`/bed-finder?scope=collaborative:nenc&type=adult-acute&sex=female`)
 * so a link reproduces the search. This module parses and writes that query, names the choices, and
 * says which live scopes a search needs. Matching itself is the shared bed finder (bed-finder.ts).
 */
import { collaborativeOptions, regionOptions } from '../trends/trend-scopes.js';
import {
  formatScope,
  isGrantableScope,
  parseScope,
  PATIENT_SEXES,
  WARD_TYPES,
  WARD_TYPE_LABELS,
  type BedFinderQuery,
  type OrgDirectory,
  type PatientSex,
  type WardType,
} from '@wardpulse/shared';

/** Where to look: every trust the viewer may see, one region, one collaborative, or one trust. */
export type BedFinderArea = { kind: 'all' } | { kind: 'region' | 'collaborative' | 'trust'; id: string };

export interface BedFinderSearch {
  area: BedFinderArea;
  wardType: WardType | null;
  patientSex: PatientSex | null;
}

export const ALL_TRUSTS = 'all';

export const DEFAULT_SEARCH: BedFinderSearch = { area: { kind: 'all' }, wardType: null, patientSex: null };

export const PATIENT_SEX_LABELS: Record<PatientSex, string> = { male: 'Male', female: 'Female' };

/** The `scope` parameter's value for an area: "all", "collaborative:nenc", "trust:RX4". */
export function areaValue(area: BedFinderArea): string {
  return area.kind === 'all' ? ALL_TRUSTS : formatScope(area);
}

/** Reads an area value; anything unreadable (or a ward scope) is "all trusts". */
export function parseArea(value: string | null): BedFinderArea {
  if (value === null || value === ALL_TRUSTS) return { kind: 'all' };
  // ODS codes are upper case; accept a hand-typed "trust:rx4" as the trust boards do.
  const text = value.startsWith('trust:') ? `trust:${value.slice('trust:'.length).toUpperCase()}` : value;
  const parsed = parseScope(text);
  if (!parsed.ok || !isGrantableScope(parsed.scope)) return { kind: 'all' };
  return parsed.scope;
}

function isWardType(value: string | null): value is WardType {
  return value !== null && (WARD_TYPES as readonly string[]).includes(value);
}

function isPatientSex(value: string | null): value is PatientSex {
  return value !== null && (PATIENT_SEXES as readonly string[]).includes(value);
}

/** The search a URL asks for. Unknown values fall back to "any", so an old link still opens. */
export function parseSearch(params: URLSearchParams): BedFinderSearch {
  const type = params.get('type');
  const sex = params.get('sex');
  return {
    area: parseArea(params.get('scope')),
    wardType: isWardType(type) ? type : null,
    patientSex: isPatientSex(sex) ? sex : null,
  };
}

/** The query string for a search, in a fixed order, leaving out what is "any". */
export function serialiseSearch(search: BedFinderSearch): string {
  const params = new URLSearchParams();
  params.set('scope', areaValue(search.area));
  if (search.wardType) params.set('type', search.wardType);
  if (search.patientSex) params.set('sex', search.patientSex);
  return params.toString();
}

/** The search as the shared bed finder takes it. */
export function finderQuery(search: BedFinderSearch): BedFinderQuery {
  return {
    ...(search.wardType ? { wardType: search.wardType } : {}),
    ...(search.patientSex ? { patientSex: search.patientSex } : {}),
  };
}

/**
 * The live scopes to subscribe to. "All trusts" subscribes to every trust in the directory (each a
 * scope the viewer may read, as the directory lists only those), and to each collaborative holding
 * wards whose trust is not listed (a specialised collaborative's reader sees its wards, not their
 * trusts); the finder merges them by ward.
 */
export function scopesFor(area: BedFinderArea, directory: OrgDirectory | null): string[] {
  if (area.kind !== 'all') return [formatScope(area)];
  const trusts = new Set((directory?.trusts ?? []).map((trust) => trust.ods));
  const unlisted = new Set((directory?.wards ?? []).map((ward) => ward.trustOds).filter((ods) => !trusts.has(ods)));
  return [
    ...[...trusts].map((ods) => formatScope({ kind: 'trust', id: ods })),
    ...(directory?.collaboratives ?? [])
      .filter((collaborative) => collaborative.trustOds.some((ods) => unlisted.has(ods)))
      .map((collaborative) => formatScope({ kind: 'collaborative', id: collaborative.id })),
  ];
}

/** The area in words, for the caption and the "no bed" message. */
export function areaName(area: BedFinderArea, directory: OrgDirectory | null): string {
  if (area.kind === 'all') return 'all trusts';
  if (area.kind === 'region') return directory?.regions.find((region) => region.code === area.id)?.name ?? area.id;
  if (area.kind === 'collaborative') return directory?.collaboratives.find((c) => c.id === area.id)?.name ?? area.id;
  return directory?.trusts.find((trust) => trust.ods === area.id)?.name ?? area.id;
}

/** A label inside a sentence: "Adult acute" → "adult acute", but acronyms stay ("PICU", "CAMHS inpatient"). */
export function inSentence(label: string): string {
  const second = label.charAt(1);
  return second !== '' && second === second.toUpperCase() && second !== second.toLowerCase() ? label : label.toLowerCase();
}

/** "adult acute bed for a female patient", "bed of any type for a patient of either sex". */
export function describeNeed(search: BedFinderSearch): string {
  const type = search.wardType ? `${inSentence(WARD_TYPE_LABELS[search.wardType])} bed` : 'bed of any type';
  const sex = search.patientSex ? `a ${search.patientSex} patient` : 'a patient of either sex';
  return `${type} for ${sex}`;
}

export interface AreaOption {
  value: string;
  label: string;
}

export interface AreaOptionGroup {
  label: string;
  options: AreaOption[];
}

/** The area choices: all trusts, then each region, each collaborative, each trust. */
export function areaOptions(directory: OrgDirectory | null): AreaOptionGroup[] {
  const groups: AreaOptionGroup[] = [{ label: 'Everywhere', options: [{ value: ALL_TRUSTS, label: 'All trusts' }] }];
  const regions = regionOptions(directory);
  if (regions.length > 0) groups.push({ label: 'NHS England regions', options: regions });
  if (directory && directory.collaboratives.length > 0) {
    groups.push({ label: 'Provider collaboratives', options: collaborativeOptions(directory) });
  }
  if (directory && directory.trusts.length > 0) {
    groups.push({
      label: 'Trusts',
      options: directory.trusts.map((trust) => ({ value: formatScope({ kind: 'trust', id: trust.ods }), label: trust.name })),
    });
  }
  return groups;
}
