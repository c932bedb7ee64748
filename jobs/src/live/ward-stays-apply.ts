/**
 * Refreshing a ward's live stays after one of its stays is applied: the stay table is the truth,
 * so the ward is re-read from it (StayRepository.wardReading) and the reading replaces the live one
 * unless it is older or the same (mergeWardStays). The change goes to the stream routed to the
 * ward, and so to its trust's and collaboratives' boards. Whoever changes stays refreshes every ward
 * a change can touch: an API stay its ward and the ward it left (StayRepository.apply), an HL7
 * movement or remapping the wards its visits left or entered (Hl7Census).
 */
import type { WardStaysRecord } from '@wardpulse/shared';
import { mergeWardStays } from '@wardpulse/shared';
import type { StayRepository } from '../storage/stay-repository.js';
import type { LiveStateRepository, RecordApplyOutcome } from './live-state-repository.js';

export async function refreshWardStays(
  live: LiveStateRepository,
  stays: StayRepository,
  wardId: string,
  now: number,
): Promise<RecordApplyOutcome<WardStaysRecord>> {
  const reading = await stays.wardReading(wardId, now);
  return live.applyRecord<WardStaysRecord>(live.liveKeys.wardStays, wardId, (current) => mergeWardStays(current, reading), {
    route: `ward:${wardId}`,
    change: (record) => ({ kind: 'wardStays', wardId, record }),
  });
}

/** Refreshes each of these wards' live stays (one reading each, in order). */
export async function refreshWardsStays(
  live: LiveStateRepository,
  stays: StayRepository,
  wardIds: Iterable<string>,
  now: number,
): Promise<void> {
  for (const wardId of new Set(wardIds)) await refreshWardStays(live, stays, wardId, now);
}
