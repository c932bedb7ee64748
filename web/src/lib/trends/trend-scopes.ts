/**
 * The scopes a trends view can compare, named from the organisation directory: provider
 * collaboratives, trusts, and the wards of one chosen trust.
 */
import { formatScope, parseScope, type OrgDirectory } from '@wardpulse/shared';

export interface ScopeOption {
  value: string;
  label: string;
}

/** A scope in words: "North East and North Cumbria", "Tees, Esk and Wear Valleys NHS FT", "Ward 12 (RX4)". */
export function scopeLabel(scope: string, directory: OrgDirectory | null): string {
  const parsed = parseScope(scope);
  if (!parsed.ok || !directory) return scope;
  const { kind, id } = parsed.scope;
  if (kind === 'collaborative') return directory.collaboratives.find((c) => c.id === id)?.name ?? scope;
  if (kind === 'trust') return directory.trusts.find((trust) => trust.ods === id)?.name ?? scope;
  const ward = directory.wards.find((w) => w.id === id);
  return ward ? `${ward.name} (${ward.trustOds})` : scope;
}

export function collaborativeOptions(directory: OrgDirectory | null): ScopeOption[] {
  return (directory?.collaboratives ?? []).map((c) => ({
    value: formatScope({ kind: 'collaborative', id: c.id }),
    label: c.name,
  }));
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
