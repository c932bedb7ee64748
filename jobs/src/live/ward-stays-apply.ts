/**
 * Refreshing a ward's live stays after one of its stays is applied: the stay table is the truth,
 * so the ward is re-read from it (StayRepository.wardReading) and the reading replaces the live one
 * unless it is older or the same (mergeWardStays). The change goes to the stream routed to the
 * ward, and so to its trust's and collaboratives' boards.
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
