/**
 * The quick ward update (#14 item 1): a bed manager keys the figures a ward's staff know —
 * everything but commissioned beds, which come from the organisation. The update becomes an
 * ordinary bed-state observation (observed now, source `manual`, the person named), so it meets
 * the same validation, event log, worker and fan-out as a feed's.
 */
import { z } from 'zod';
import { bedStateSchema, bedStateSourceSchema, type BedStateObservation, type BedStateSource } from './bed-state.js';
import type { ErrorDetail } from './errors.js';
import type { WardBedState } from './live.js';
import type { Ward } from './org.js';

const editable = bedStateSchema.shape;

export const wardUpdateRequestSchema = z.strictObject({
  occupied: editable.occupied,
  onLeave: editable.onLeave,
  closed: editable.closed,
  closedReason: editable.closedReason.describe('Required when any bed is closed'),
  pendingAdmissions: editable.pendingAdmissions,
  clinicallyReadyForDischarge: editable.clinicallyReadyForDischarge,
});
export type WardUpdateRequest = z.infer<typeof wardUpdateRequestSchema>;

/** The figures a person edits, in the order the form shows them. */
export const WARD_UPDATE_FIELDS = [
  'occupied',
  'onLeave',
  'closed',
  'pendingAdmissions',
  'clinicallyReadyForDischarge',
] as const satisfies readonly (keyof WardUpdateRequest)[];
export type WardUpdateField = (typeof WARD_UPDATE_FIELDS)[number];

export const wardUpdateResponseSchema = z.object({
  eventId: z.string(),
  observation: bedStateSchema
    .extend({ source: bedStateSourceSchema })
    .describe('The observation as logged; boards show it once a worker has applied it (within a second)'),
});
export type WardUpdateResponse = z.infer<typeof wardUpdateResponseSchema>;

/**
 * What a person's update must satisfy beyond a feed's rules: a closed bed needs its reason (a
 * feed may not know it; a person does, and the sitrep splits closures by reason).
 */
export function wardUpdateViolations(update: WardUpdateRequest): ErrorDetail[] {
  if (update.closed > 0 && !update.closedReason) return [{ path: 'closedReason', message: 'is required when beds are closed' }];
  return [];
}

/** The observation a person's update becomes. A reason with no closed bed is dropped (nothing is closed). */
export function observationFromWardUpdate(
  update: WardUpdateRequest,
  ward: Pick<Ward, 'id' | 'commissionedBeds'>,
  person: string,
  eventId: string,
  now: number,
): BedStateObservation & { source: BedStateSource } {
  const { closedReason, ...counts } = update;
  return {
    eventId,
    wardId: ward.id,
    observedAt: new Date(now).toISOString(),
    commissioned: ward.commissionedBeds,
    ...counts,
    ...(update.closed > 0 && closedReason ? { closedReason } : {}),
    source: { kind: 'manual', name: person },
  };
}

/** "Confirm unchanged": the ward's current figures as a fresh update. */
export function wardUpdateFromState(state: WardBedState): WardUpdateRequest {
  return {
    occupied: state.occupied,
    onLeave: state.onLeave,
    closed: state.closed,
    ...(state.closedReason ? { closedReason: state.closedReason } : {}),
    pendingAdmissions: state.pendingAdmissions,
    clinicallyReadyForDischarge: state.clinicallyReadyForDischarge,
  };
}
