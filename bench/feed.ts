/**
 * The benchmarks' feed: bed states for trust RX4's wards, posted as a feed posts them, and a wall
 * clock comparable across the benchmark's processes.
 */
import { performance } from 'node:perf_hooks';

export const RX4_WARDS = Array.from({ length: 10 }, (_, i) => `RX4-W${String(i + 1).padStart(2, '0')}`);

/** Wall-clock ms with sub-millisecond precision, comparable across processes on one machine. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

/** A valid bed state observed now; `i` varies the figures so each one is a change. */
export function benchBedState(eventId: string, wardId: string, i: number): string {
  return JSON.stringify({
    eventId,
    wardId,
    observedAt: new Date().toISOString(),
    commissioned: 20,
    closed: 0,
    occupied: 5 + (i % 12),
    onLeave: i % 3,
    pendingAdmissions: 0,
    clinicallyReadyForDischarge: 0,
  });
}

/** POSTs one bed state; the response's status (202 when accepted). */
export async function postBedState(url: string, key: string, body: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/bed-states`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}
