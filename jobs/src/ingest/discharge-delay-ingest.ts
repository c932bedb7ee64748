/**
 * Accepting wards' delayed-discharge lists (ward-fact-ingest.ts), checked against the rules in
 * shared/ (an opaque key, never an NHS number; no delay beginning after it was reported).
 */
import type { DischargeDelaysSnapshot, ErrorDetail, OrgIndex } from '@wardpulse/shared';
import { dischargeDelaysViolations } from '@wardpulse/shared';
import type { IngestResult } from './log-and-enqueue.js';
import { acceptWardFacts, wardFactViolations, type WardFactIngestDeps, type WardFactRules } from './ward-fact-ingest.js';

export type DischargeDelayIngestDeps = WardFactIngestDeps;

const RULES: WardFactRules<DischargeDelaysSnapshot> = {
  violations: dischargeDelaysViolations,
  observedAt: (snapshot) => snapshot.observedAt,
};

/** Problems that make the batch impossible (HTTP 422); empty when it can be accepted. */
export function dischargeDelayBatchViolations(
  org: OrgIndex,
  snapshots: readonly DischargeDelaysSnapshot[],
  now: number,
  paths: (index: number) => PropertyKey[],
): ErrorDetail[] {
  return wardFactViolations(org, snapshots, RULES, now, paths);
}

export function acceptDischargeDelays(
  deps: DischargeDelayIngestDeps,
  snapshots: readonly DischargeDelaysSnapshot[],
  source: string,
  paths: (index: number) => PropertyKey[],
): Promise<IngestResult> {
  return acceptWardFacts(deps, 'dischargeDelays', RULES, snapshots, source, paths);
}
