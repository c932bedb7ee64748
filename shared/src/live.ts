/**
 * Live state as readers see it: the snapshot of a scope and the deltas that follow it.
 * These shapes are part of Socket.IO contract v1 and of `GET /api/v1/live`.
 */
import { z } from 'zod';
import type { BedFigures, BedTotals } from './bed-occupancy.js';
import { bedFigures, sumBedCounts } from './bed-occupancy.js';
import { CLOSED_REASONS } from './bed-state.js';
import { wardSchema } from './org.js';

const count = z.int().nonnegative();
const fraction = z.number().nullable().describe('A fraction (0.93 = 93%); null when no bed is open');

export const bedFiguresSchema = z.object({
  open: count,
  vacant: count,
  occupancyExcludingLeave: fraction,
  occupancyIncludingLeave: fraction,
}) satisfies z.ZodType<BedFigures>;

/** The latest applied observation of one ward. */
export const wardBedStateSchema = z.object({
  commissioned: count,
  closed: count,
  closedReason: z.enum(CLOSED_REASONS).nullable(),
  occupied: count,
  onLeave: count,
  pendingAdmissions: count,
  clinicallyReadyForDischarge: count,
  observedAt: z.string().describe('Source time of the observation (ISO 8601); last-writer-wins compares it'),
  eventId: z.string(),
});
export type WardBedState = z.infer<typeof wardBedStateSchema>;

export const wardLiveSchema = z.object({
  ward: wardSchema,
  state: wardBedStateSchema.nullable().describe("Null until the ward's first observation arrives"),
  figures: bedFiguresSchema.nullable(),
});
export type WardLive = z.infer<typeof wardLiveSchema>;

export const bedTotalsSchema = z.object({
  ...bedFiguresSchema.shape,
  commissioned: count,
  closed: count,
  occupied: count,
  onLeave: count,
  pendingAdmissions: count,
  clinicallyReadyForDischarge: count,
  wardsReporting: count,
}) satisfies z.ZodType<BedTotals>;

export const liveSnapshotSchema = z.object({
  scope: z.string(),
  name: z.string().describe('Display name of the scope: the collaborative, trust or ward name'),
  wards: z.array(wardLiveSchema),
  totals: bedTotalsSchema,
});
export type LiveSnapshot = z.infer<typeof liveSnapshotSchema>;

/** One change carried by a delta. Versioned by kind name when its shape changes. */
export const liveChangeSchema = z.object({
  kind: z.literal('wardState'),
  wardId: z.string(),
  state: wardBedStateSchema,
  figures: bedFiguresSchema,
});
export type LiveChange = z.infer<typeof liveChangeSchema>;

export const liveDeltaSchema = z.object({
  scope: z.string(),
  seq: z.string().describe('Opaque, increasing per scope; hand it back as `since` to resume'),
  changes: z.array(liveChangeSchema),
});
export type LiveDelta = z.infer<typeof liveDeltaSchema>;

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
    if (!changed.includes(change.wardId)) changed.push(change.wardId);
  }
  if (changed.length > 0) snapshot.totals = liveTotals(snapshot.wards);
  return changed;
}
