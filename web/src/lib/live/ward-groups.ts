/**
 * How a board groups its ward tiles: by site on a trust board (bed managers think in buildings),
 * by trust on a collaborative board (the question there is which provider has a bed).
 */
import type { OrgDirectory, ScopeKind, WardLive } from '@wardpulse/shared';

export interface WardGroup {
  /** Site id or trust ODS code. */
  id: string;
  name: string;
  wards: WardLive[];
}

export type GroupingKind = 'site' | 'trust';

export function groupingFor(scopeKind: ScopeKind): GroupingKind {
  return scopeKind === 'collaborative' ? 'trust' : 'site';
}

/** Names of sites and trusts from the organisation directory, by id. */
export function groupNames(directory: OrgDirectory | null): Map<string, string> {
  const names = new Map<string, string>();
  for (const site of directory?.sites ?? []) names.set(site.id, site.name);
  for (const trust of directory?.trusts ?? []) names.set(trust.ods, trust.name);
  return names;
}

/**
 * Groups wards in the order the snapshot lists them (groups appear where their first ward does), so
 * tiles keep their places for weeks and people learn where to look. A group without a known name is
 * labelled with its id rather than hidden.
 */
export function groupWards(wards: readonly WardLive[], grouping: GroupingKind, names: ReadonlyMap<string, string>): WardGroup[] {
  const groups = new Map<string, WardGroup>();
  for (const wardLive of wards) {
    const id = grouping === 'site' ? wardLive.ward.siteId : wardLive.ward.trustOds;
    let group = groups.get(id);
    if (!group) {
      group = { id, name: names.get(id) ?? id, wards: [] };
      groups.set(id, group);
    }
    group.wards.push(wardLive);
  }
  return [...groups.values()];
}
