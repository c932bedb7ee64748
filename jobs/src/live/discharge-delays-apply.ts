/**
 * Applying a ward's delayed-discharge list to live state: merged by the rule in shared/
 * (mergeDischargeDelays: last-writer-wins on source time for the list, and per night for the bed-day
 * census), so duplicates, retries and out-of-order arrival end in the same record. A change goes to
 * the stream routed to the ward (and so its trust and collaboratives).
 */
import type { DischargeDelaysRecord, DischargeDelaysSnapshot } from '@wardpulse/shared';
import { mergeDischargeDelays } from '@wardpulse/shared';
import type { LiveStateRepository, RecordApplyOutcome } from './live-state-repository.js';

export function applyDischargeDelays(
  live: LiveStateRepository,
  snapshot: DischargeDelaysSnapshot,
): Promise<RecordApplyOutcome<DischargeDelaysRecord>> {
  return live.applyRecord<DischargeDelaysRecord>(
    live.liveKeys.dischargeDelays,
    snapshot.wardId,
    (current) => mergeDischargeDelays(current, snapshot),
    {
      route: `ward:${snapshot.wardId}`,
      change: (record) => ({ kind: 'dischargeDelays', wardId: snapshot.wardId, record }),
    },
  );
}

/** A ward's live delays as stored; null until it reports a list. */
export async function readDischargeDelays(live: LiveStateRepository, wardId: string): Promise<DischargeDelaysRecord | null> {
  const read = await live.snapshot([wardId]);
  return read.dischargeDelays[0] ?? null;
}
