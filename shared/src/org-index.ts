/**
 * Lookups over an organisation directory: which wards a scope covers, which scopes a ward's
 * change reaches. Built once per directory load; pure.
 */
import type { Collaborative, OrgDirectory, S136Suite, Trust, Ward } from './org.js';
import { formatScope, type Scope } from './scope.js';

export class OrgIndex {
  readonly wardsById = new Map<string, Ward>();
  readonly trustsByOds = new Map<string, Trust>();
  readonly collaborativesById = new Map<string, Collaborative>();
  readonly s136SuitesById = new Map<string, S136Suite>();
  private readonly wardsByTrust = new Map<string, Ward[]>();
  private readonly s136SuitesByTrust = new Map<string, S136Suite[]>();
  private readonly collaborativesByTrust = new Map<string, string[]>();

  constructor(readonly directory: OrgDirectory) {
    for (const trust of directory.trusts) {
      this.trustsByOds.set(trust.ods, trust);
      this.wardsByTrust.set(trust.ods, []);
      this.s136SuitesByTrust.set(trust.ods, []);
      this.collaborativesByTrust.set(trust.ods, []);
    }
    for (const suite of directory.s136Suites) {
      this.s136SuitesById.set(suite.id, suite);
      this.s136SuitesByTrust.get(suite.trustOds)?.push(suite);
    }
    for (const ward of directory.wards) {
      this.wardsById.set(ward.id, ward);
      this.wardsByTrust.get(ward.trustOds)?.push(ward);
    }
    for (const collaborative of directory.collaboratives) {
      this.collaborativesById.set(collaborative.id, collaborative);
      for (const ods of collaborative.trustOds) this.collaborativesByTrust.get(ods)?.push(collaborative.id);
    }
  }

  /** The wards a scope covers, or undefined when the scope names nothing known. */
  wardsIn(scope: Scope): Ward[] | undefined {
    switch (scope.kind) {
      case 'ward': {
        const ward = this.wardsById.get(scope.id);
        return ward ? [ward] : undefined;
      }
      case 'trust':
        return this.wardsByTrust.get(scope.id);
      case 'collaborative': {
        const collaborative = this.collaborativesById.get(scope.id);
        return collaborative?.trustOds.flatMap((ods) => this.wardsByTrust.get(ods) ?? []);
      }
    }
  }

  /**
   * The Section 136 suites a scope covers: its trusts' suites (a ward scope has none). Undefined
   * when the scope names nothing known.
   */
  s136SuitesIn(scope: Scope): S136Suite[] | undefined {
    if (scope.kind === 'ward') return this.wardsById.has(scope.id) ? [] : undefined;
    return this.trustsIn(scope)?.flatMap((ods) => this.s136SuitesByTrust.get(ods) ?? []);
  }

  /** The trusts whose data a scope shows (what an access grant is checked against). */
  trustsIn(scope: Scope): string[] | undefined {
    switch (scope.kind) {
      case 'ward': {
        const ward = this.wardsById.get(scope.id);
        return ward ? [ward.trustOds] : undefined;
      }
      case 'trust':
        return this.trustsByOds.has(scope.id) ? [scope.id] : undefined;
      case 'collaborative':
        return this.collaborativesById.get(scope.id)?.trustOds;
    }
  }

  nameOf(scope: Scope): string | undefined {
    switch (scope.kind) {
      case 'ward':
        return this.wardsById.get(scope.id)?.name;
      case 'trust':
        return this.trustsByOds.get(scope.id)?.name;
      case 'collaborative':
        return this.collaborativesById.get(scope.id)?.name;
    }
  }

  /** Every scope whose readers must hear of a change to this ward. */
  scopesReachedBy(wardId: string): string[] {
    const ward = this.wardsById.get(wardId);
    if (!ward) return [];
    return [
      formatScope({ kind: 'ward', id: ward.id }),
      formatScope({ kind: 'trust', id: ward.trustOds }),
      ...(this.collaborativesByTrust.get(ward.trustOds) ?? []).map((id) => formatScope({ kind: 'collaborative', id })),
    ];
  }

  /** Collaboratives a trust belongs to. */
  collaborativesOf(ods: string): string[] {
    return this.collaborativesByTrust.get(ods) ?? [];
  }

  /**
   * Every scope whose readers must hear of a change about `route`: a ward's change reaches the
   * ward, its trust and the trust's collaboratives; a trust-level change (placements, waiting
   * lists, video, the trust's escalation level) its trust and collaboratives; a collaborative's
   * escalation level only that collaborative.
   */
  scopesReachedByRoute(route: string): string[] {
    const colon = route.indexOf(':');
    const kind = route.slice(0, colon);
    const id = route.slice(colon + 1);
    if (kind === 'ward') return this.scopesReachedBy(id);
    if (kind === 'trust') {
      if (!this.trustsByOds.has(id)) return [];
      return [
        route,
        ...this.collaborativesOf(id).map((collaborative) => formatScope({ kind: 'collaborative', id: collaborative })),
      ];
    }
    if (kind === 'collaborative') return this.collaborativesById.has(id) ? [route] : [];
    return [];
  }
}
