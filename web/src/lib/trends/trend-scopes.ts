/**
 * The scopes a trends view can compare, named from the organisation directory: NHS England regions,
 * provider collaboratives (a specialised one marked with its service lines), trusts, and the sites
 * and wards of one chosen trust.
 */
import { describeServiceLines, formatScope, parseScope, type Collaborative, type OrgDirectory } from '@wardpulse/shared';

export interface ScopeOption {
  value: string;
  label: string;
}

/** A scope in words: "North East and North Cumbria", "Tees, Esk and Wear Valleys NHS FT", "Ward 12 (RX4)". */
export function scopeLabel(scope: string, directory: OrgDirectory | null): string {
  const parsed = parseScope(scope);
  if (!parsed.ok || !directory) return scope;
  const { kind, id } = parsed.scope;
  if (kind === 'region') return directory.regions.find((region) => region.code === id)?.name ?? scope;
  if (kind === 'collaborative') return directory.collaboratives.find((c) => c.id === id)?.name ?? scope;
  if (kind === 'trust') return directory.trusts.find((trust) => trust.ods === id)?.name ?? scope;
  if (kind === 'site') {
    const site = directory.sites.find((candidate) => candidate.id === id);
    return site ? `${site.name} (${site.trustOds})` : scope;
  }
  const ward = directory.wards.find((w) => w.id === id);
  return ward ? `${ward.name} (${ward.trustOds})` : scope;
}

/** A collaborative's name, and for a specialised one its service lines: "PROSPECT (specialised: Low secure and Medium secure)". */
export function collaborativeLabel(collaborative: Collaborative): string {
  return collaborative.kind === 'specialised'
    ? `${collaborative.name} (specialised: ${describeServiceLines(collaborative)})`
    : collaborative.name;
}

/** The regions holding at least one trust the directory lists (the server lists only regions the reader may read). */
export function regionOptions(directory: OrgDirectory | null): ScopeOption[] {
  if (!directory) return [];
  const held = new Set(directory.trusts.map((trust) => trust.regionCode));
  return directory.regions
    .filter((region) => held.has(region.code))
    .map((region) => ({ value: formatScope({ kind: 'region', id: region.code }), label: region.name }));
}

export function collaborativeOptions(directory: OrgDirectory | null): ScopeOption[] {
  return (directory?.collaboratives ?? []).map((c) => ({
    value: formatScope({ kind: 'collaborative', id: c.id }),
    label: collaborativeLabel(c),
  }));
}

/** Regions, then collaboratives, then trusts: the boards a wall screen or an alerting form can name. */
export function boardScopeOptions(
  directory: OrgDirectory | null,
  kinds = { region: ' (region)', collaborative: '' },
): ScopeOption[] {
  return [
    ...regionOptions(directory).map((option) => ({ ...option, label: `${option.label}${kinds.region}` })),
    ...collaborativeOptions(directory).map((option) => ({ ...option, label: `${option.label}${kinds.collaborative}` })),
    ...trustOptions(directory),
  ];
}

/** The sites of one trust, by name. */
export function siteOptions(directory: OrgDirectory | null, trustOds: string): ScopeOption[] {
  return (directory?.sites ?? [])
    .filter((site) => site.trustOds === trustOds)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((site) => ({ value: formatScope({ kind: 'site', id: site.id }), label: site.name }));
}

export function trustOptions(directory: OrgDirectory | null): ScopeOption[] {
  return (directory?.trusts ?? []).map((trust) => ({ value: formatScope({ kind: 'trust', id: trust.ods }), label: trust.name }));
}

/** The wards of one trust, by site then name. */
export function wardOptions(directory: OrgDirectory | null, trustOds: string): ScopeOption[] {
  if (!directory) return [];
  const siteName = new Map(directory.sites.map((site) => [site.id, site.name]));
  return directory.wards
    .filter((ward) => ward.trustOds === trustOds)
    .map((ward) => ({ ward, site: siteName.get(ward.siteId) ?? '' }))
    .sort((a, b) => a.site.localeCompare(b.site) || a.ward.name.localeCompare(b.ward.name))
    .map(({ ward, site }) => ({
      value: formatScope({ kind: 'ward', id: ward.id }),
      label: site ? `${ward.name}, ${site}` : ward.name,
    }));
}

/** The scope a new view starts with: the first collaborative, else the first trust. */
export function defaultScope(directory: OrgDirectory | null): string | null {
  return collaborativeOptions(directory)[0]?.value ?? trustOptions(directory)[0]?.value ?? null;
}
