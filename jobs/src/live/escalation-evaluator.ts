/**
 * Keeps each trust's and collaborative's escalation level (OPEL) current. After a change that
 * feeds the rule (a bed state, a placement, a ward passing its not-reporting limit), the trust and its
 * collaboratives are assessed from live state by the rule in shared/ over the wards reporting now; a
 * level that differs from the stored one is stored and sent as a live change of its own.
 *
 * Several workers may assess one scope at once. Each stored state remembers the stream position
 * its inputs were read at (`basedOn`), and a compare-and-set only lets a later reading replace an
 * earlier one: a slow worker holding old inputs cannot overwrite a newer level.
 */
import type { EscalationRule, EscalationState, FreshnessLimits, OrgIndex } from '@wardpulse/shared';
import { assessScopeEscalation, parseScope, placementFigures, sumPlacementFigures } from '@wardpulse/shared';
import { compareStreamIds, type LiveStateRepository } from './live-state-repository.js';

export interface StoredEscalation extends EscalationState {
  /** Stream id of the last change the inputs included. */
  basedOn: string;
}

export interface EscalationEvaluatorDeps {
  live: LiveStateRepository;
  org: () => OrgIndex;
  rule: () => EscalationRule;
  /** The not-reporting limits: a ward silent past its limit feeds nothing and counts against the share reporting. */
  freshness: () => FreshnessLimits;
  now?: () => number;
}

export class EscalationEvaluator {
  constructor(private readonly deps: EscalationEvaluatorDeps) {}

  /** Assesses a trust, every collaborative it belongs to, and its region. */
  async evaluateForTrust(ods: string): Promise<void> {
    const scopes = this.deps.org().scopesDependingOn(ods);
    for (const scope of scopes) await this.evaluate(scope);
  }

  /** Assesses one scope; returns the stored state (or null when the scope has no data yet). */
  async evaluate(scopeText: string): Promise<StoredEscalation | null> {
    const parsed = parseScope(scopeText);
    // Trusts, collaboratives and regions have a level; a ward or site does not.
    if (!parsed.ok || parsed.scope.kind === 'ward' || parsed.scope.kind === 'site') return null;
    const org = this.deps.org();
    const wards = org.wardsIn(parsed.scope) ?? [];
    const trusts = org.trustsIn(parsed.scope) ?? [];
    const now = (this.deps.now ?? Date.now)();
    const read = await this.deps.live.snapshot(
      wards.map((ward) => ward.id),
      trusts,
    );
    const placements = sumPlacementFigures(trusts.map((ods) => placementFigures(read.trusts.get(ods)?.placements ?? [], now)));
    // Too few wards reporting: no level rather than one read off a handful of wards.
    const assessment = assessScopeEscalation(
      wards.map((ward) => ({ ward, state: read.states.get(ward.id) ?? null })),
      placements,
      now,
      this.deps.freshness(),
      this.deps.rule(),
    );
    const at = new Date(now).toISOString();

    const result = await this.deps.live.applyRecord<StoredEscalation>(
      this.deps.live.liveKeys.escalation,
      scopeText,
      (current) => {
        if (current && compareStreamIds(current.basedOn, read.streamId) >= 0) return null; // a newer reading is stored
        if (!current && assessment.level === null) return null;
        const changed = (current?.level ?? null) !== assessment.level;
        return {
          scope: scopeText,
          level: assessment.level,
          previousLevel: changed ? (current?.level ?? null) : (current?.previousLevel ?? null),
          indicators: assessment.indicators,
          changedAt: changed ? at : (current?.changedAt ?? at),
          assessedAt: at,
          basedOn: read.streamId,
        };
      },
      {
        route: scopeText,
        change: (next, previous) => {
          if ((previous?.level ?? null) === next.level && previous !== null) return null;
          const { basedOn: _basedOn, ...escalation } = next;
          return { kind: 'escalation', escalation };
        },
      },
    );
    return result.outcome === 'applied' ? result.record : null;
  }
}
