/**
 * Lookups over an organisation directory: which wards and trusts a scope covers, which scopes a
 * change reaches. Built once per directory load; pure.
 *
 * One rule decides what a collaborative covers (collaborativeCoversWard / collaborativeCoversTrust in
 * org.ts): a place-based collaborative covers its members whole; a specialised one only its members'
 * wards of its service lines, and none of their trust-level returns. A region covers its trusts whole;
 * a site its wards.
 */
import type { Collaborative, CrisisService, OrgDirectory, Region, S136Suite, Site, Trust, Ward } from './org.js';
import { collaborativeCoversTrust, collaborativeCoversWard } from './org.js';
import { formatScope, parseScope, type Scope } from './scope.js';

/** What a scope shows: trust-level data of `trusts` (whole), and bed states of `wards`. */
export interface ScopeParts {
  /** Trusts the scope covers whole: their placements, waiting lists, video, trust figures, sitreps, s136 suites. */
  trusts: string[];
  /** Every ward the scope covers (those of `trusts` and any others). */
  wards: Ward[];
}

export class OrgIndex {
  readonly wardsById = new Map<string, Ward>();
  readonly trustsByOds = new Map<string, Trust>();
  readonly collaborativesById = new Map<string, Collaborative>();
  readonly regionsByCode = new Map<string, Region>();
  readonly sitesById = new Map<string, Site>();
  readonly s136SuitesById = new Map<string, S136Suite>();
  readonly crisisServicesById = new Map<string, CrisisService>();
  private readonly wardsByTrust = new Map<string, Ward[]>();
  private readonly wardsBySite = new Map<string, Ward[]>();
  private readonly trustsByRegion = new Map<string, string[]>();
  private readonly s136SuitesByTrust = new Map<string, S136Suite[]>();
  private readonly crisisServicesByTrust = new Map<string, CrisisService[]>();
  private readonly collaborativesByTrust = new Map<string, string[]>();

  constructor(readonly directory: OrgDirectory) {
    for (const region of directory.regions) {
      this.regionsByCode.set(region.code, region);
      this.trustsByRegion.set(region.code, []);
    }
    for (const trust of directory.trusts) {
      this.trustsByOds.set(trust.ods, trust);
      this.wardsByTrust.set(trust.ods, []);
      this.s136SuitesByTrust.set(trust.ods, []);
      this.crisisServicesByTrust.set(trust.ods, []);
      this.collaborativesByTrust.set(trust.ods, []);
      if (trust.regionCode) this.trustsByRegion.get(trust.regionCode)?.push(trust.ods);
    }
    for (const site of directory.sites) {
      this.sitesById.set(site.id, site);
      this.wardsBySite.set(site.id, []);
    }
    for (const suite of directory.s136Suites) {
      this.s136SuitesById.set(suite.id, suite);
      this.s136SuitesByTrust.get(suite.trustOds)?.push(suite);
    }
    for (const service of directory.crisisServices) {
      this.crisisServicesById.set(service.id, service);
      this.crisisServicesByTrust.get(service.trustOds)?.push(service);
    }
    for (const ward of directory.wards) {
      this.wardsById.set(ward.id, ward);
      // A reader's directory may list a ward without its trust (a grant over some wards only).
      const ofTrust = this.wardsByTrust.get(ward.trustOds) ?? [];
      if (ofTrust.length === 0) this.wardsByTrust.set(ward.trustOds, ofTrust);
      ofTrust.push(ward);
      this.wardsBySite.get(ward.siteId)?.push(ward);
    }
    for (const collaborative of directory.collaboratives) {
      this.collaborativesById.set(collaborative.id, collaborative);
      for (const ods of collaborative.trustOds) this.collaborativesByTrust.get(ods)?.push(collaborative.id);
    }
  }

  /** Whether the scope names something this directory has. */
  has(scope: Scope): boolean {
    switch (scope.kind) {
      case 'region':
        return this.regionsByCode.has(scope.id);
      case 'collaborative':
        return this.collaborativesById.has(scope.id);
      case 'trust':
        return this.trustsByOds.has(scope.id);
      case 'site':
        return this.sitesById.has(scope.id);
      case 'ward':
        return this.wardsById.has(scope.id);
    }
  }

  /** What a scope shows (trusts whole, and wards), or undefined when the scope names nothing known. */
  partsOf(scope: Scope): ScopeParts | undefined {
    if (!this.has(scope)) return undefined;
    switch (scope.kind) {
      case 'ward':
        return { trusts: [], wards: [this.wardsById.get(scope.id)!] };
      case 'site':
        return { trusts: [], wards: this.wardsBySite.get(scope.id) ?? [] };
      case 'trust':
        return { trusts: [scope.id], wards: this.wardsByTrust.get(scope.id) ?? [] };
      case 'region': {
        const trusts = this.trustsByRegion.get(scope.id) ?? [];
        return { trusts, wards: trusts.flatMap((ods) => this.wardsByTrust.get(ods) ?? []) };
      }
      case 'collaborative': {
        const collaborative = this.collaborativesById.get(scope.id)!;
        return {
          trusts: collaborative.trustOds.filter(
            (ods) => this.trustsByOds.has(ods) && collaborativeCoversTrust(collaborative, ods),
          ),
          wards: collaborative.trustOds.flatMap((ods) =>
            (this.wardsByTrust.get(ods) ?? []).filter((ward) => collaborativeCoversWard(collaborative, ward)),
          ),
        };
      }
    }
  }

  /** The wards a scope covers, or undefined when the scope names nothing known. */
  wardsIn(scope: Scope): Ward[] | undefined {
    return this.partsOf(scope)?.wards;
  }

  /**
   * The trusts a scope covers whole, whose trust-level data it shows (placements, waiting lists,
   * video, trust figures, sitreps, Section 136 suites): none for a ward, a site or a specialised
   * collaborative. Undefined when the scope names nothing known.
   */
  trustsIn(scope: Scope): string[] | undefined {
    return this.partsOf(scope)?.trusts;
  }

  /**
   * The Section 136 suites a scope covers: those of the trusts it covers whole (suites are a
   * trust's return). Undefined when the scope names nothing known.
   */
  s136SuitesIn(scope: Scope): S136Suite[] | undefined {
    return this.trustsIn(scope)?.flatMap((ods) => this.s136SuitesByTrust.get(ods) ?? []);
  }

  /**
   * The alternatives to admission a scope covers: those of the trusts it covers whole (like suites,
   * a trust's services, not a ward's). Undefined when the scope names nothing known.
   */
  crisisServicesIn(scope: Scope): CrisisService[] | undefined {
    return this.trustsIn(scope)?.flatMap((ods) => this.crisisServicesByTrust.get(ods) ?? []);
  }

  /** The trusts of a region (all of them, whole). */
  trustsOfRegion(code: string): string[] {
    return this.trustsByRegion.get(code) ?? [];
  }

  nameOf(scope: Scope): string | undefined {
    switch (scope.kind) {
      case 'region':
        return this.regionsByCode.get(scope.id)?.name;
      case 'collaborative':
        return this.collaborativesById.get(scope.id)?.name;
      case 'trust':
        return this.trustsByOds.get(scope.id)?.name;
      case 'site':
        return this.sitesById.get(scope.id)?.name;
      case 'ward':
        return this.wardsById.get(scope.id)?.name;
    }
  }

  /**
   * Every scope whose readers must hear of a change to this ward: the ward, its site, its trust,
   * the collaboratives that cover this ward (a specialised one only for its service lines) and the
   * trust's region.
   */
  scopesReachedBy(wardId: string): string[] {
    const ward = this.wardsById.get(wardId);
    if (!ward) return [];
    const collaboratives = this.collaborativesOf(ward.trustOds).filter((id) =>
      collaborativeCoversWard(this.collaborativesById.get(id)!, ward),
    );
    return [
      formatScope({ kind: 'ward', id: ward.id }),
      ...(this.sitesById.has(ward.siteId) ? [formatScope({ kind: 'site', id: ward.siteId })] : []),
      ...this.scopesOverTrust(ward.trustOds, collaboratives),
    ];
  }

  /** Collaboratives a trust is a member of (for any of its wards). */
  collaborativesOf(ods: string): string[] {
    return this.collaborativesByTrust.get(ods) ?? [];
  }

  /** Collaboratives that cover a trust whole (its trust-level returns): not a specialised one. */
  collaborativesCoveringTrust(ods: string): string[] {
    return this.collaborativesOf(ods).filter((id) => collaborativeCoversTrust(this.collaborativesById.get(id)!, ods));
  }

  /**
   * The wide scopes whose figures a trust's facts may change (its wards' or its own): the trust,
   * every collaborative it is a member of, and its region. What escalation and alert rules re-assess.
   */
  scopesDependingOn(ods: string): string[] {
    if (!this.trustsByOds.has(ods)) return [];
    return this.scopesOverTrust(ods, this.collaborativesOf(ods));
  }

  /** The region a trust belongs to, when known. */
  regionOf(ods: string): string | undefined {
    const code = this.trustsByOds.get(ods)?.regionCode;
    return code && this.regionsByCode.has(code) ? code : undefined;
  }

  /** The trust, these collaboratives and the trust's region, as scope texts. */
  private scopesOverTrust(ods: string, collaboratives: readonly string[]): string[] {
    const region = this.regionOf(ods);
    return [
      formatScope({ kind: 'trust', id: ods }),
      ...collaboratives.map((id) => formatScope({ kind: 'collaborative', id })),
      ...(region ? [formatScope({ kind: 'region', id: region })] : []),
    ];
  }

  /**
   * Every scope whose readers must hear of a change about `route`: a ward's change as
   * scopesReachedBy; a trust-level change (placements, waiting lists, video, trust figures, the
   * trust's escalation level) its trust, the collaboratives covering the whole trust (not a
   * specialised one) and its region; a region's, collaborative's or site's own change (its
   * escalation level, its alerts) only that scope.
   */
  scopesReachedByRoute(route: string): string[] {
    const parsed = parseScope(route);
    if (!parsed.ok || !this.has(parsed.scope)) return [];
    const { kind, id } = parsed.scope;
    if (kind === 'ward') return this.scopesReachedBy(id);
    if (kind === 'trust') return this.scopesOverTrust(id, this.collaborativesCoveringTrust(id));
    return [route];
  }
}
