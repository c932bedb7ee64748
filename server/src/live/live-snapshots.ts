/** Builds the live snapshot of a scope from Redis state and the organisation directory. */
import type { LiveSnapshot, OrgIndex, Scope } from '@wardpulse/shared';
import { bedFigures, formatScope, liveTotals } from '@wardpulse/shared';
import type { LiveStateRepository } from '@wardpulse/jobs';

export interface ScopeSnapshot {
  /** Stream id of the last change the snapshot includes. */
  streamId: string;
  snapshot: LiveSnapshot;
}

export async function readScopeSnapshot(
  live: LiveStateRepository,
  org: OrgIndex,
  scope: Scope,
): Promise<ScopeSnapshot | undefined> {
  const wards = org.wardsIn(scope);
  if (!wards) return undefined;
  const read = await live.snapshot(wards.map((ward) => ward.id));
  const wardLives = wards.map((ward) => {
    const state = read.states.get(ward.id) ?? null;
    return { ward, state, figures: state ? bedFigures(state) : null };
  });
  return {
    streamId: read.streamId,
    snapshot: {
      scope: formatScope(scope),
      name: org.nameOf(scope) ?? formatScope(scope),
      wards: wardLives,
      totals: liveTotals(wardLives),
    },
  };
}
