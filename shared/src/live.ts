/**
 * Live state as readers see it: the snapshot of a scope and the deltas that follow it.
 * These shapes are part of Socket.IO contract v1 and of `GET /api/v1/live`.
 */
import type { BedCounts, BedFigures, BedTotals } from './bed-occupancy.js';
import { bedFigures, sumBedCounts } from './bed-occupancy.js';
import type { ClosedReason } from './bed-state.js';
import type { Ward } from './org.js';

/** The latest applied observation of one ward. */
export interface WardBedState extends BedCounts {
  closedReason: ClosedReason | null;
  /** Source time of the observation (ISO 8601). Last-writer-wins compares this. */
  observedAt: string;
  eventId: string;
}

export interface WardLive {
  ward: Ward;
  /** Null until the ward's first observation arrives. */
  state: WardBedState | null;
  figures: BedFigures | null;
}

export interface LiveSnapshot {
  scope: string;
  /** Display name of the scope: the collaborative, trust or ward name. */
  name: string;
  wards: WardLive[];
  totals: BedTotals;
}

/** One change carried by a delta. Versioned by kind name when its shape changes. */
export type LiveChange = { kind: 'wardState'; wardId: string; state: WardBedState; figures: BedFigures };

export interface LiveDelta {
  scope: string;
  /** Opaque, increasing per scope; hand it back as `since` to resume. */
  seq: string;
  changes: LiveChange[];
}

export function wardStateChange(wardId: string, state: WardBedState): LiveChange {
  return { kind: 'wardState', wardId, state, figures: bedFigures(state) };
}

export function liveTotals(wards: readonly WardLive[]): BedTotals {
  return sumBedCounts(wards.flatMap((ward) => (ward.state ? [ward.state] : [])));
}

/** Applies a delta's changes to a snapshot in place; returns the ids of wards that changed. */
export function applyLiveChanges(snapshot: LiveSnapshot, changes: readonly LiveChange[]): string[] {
  const changed: string[] = [];
  for (const change of changes) {
    const ward = snapshot.wards.find((candidate) => candidate.ward.id === change.wardId);
    if (!ward) continue;
    ward.state = change.state;
    ward.figures = change.figures;
    changed.push(change.wardId);
  }
  if (changed.length > 0) snapshot.totals = liveTotals(snapshot.wards);
  return changed;
}
