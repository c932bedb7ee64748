/**
 * Accepting anonymous stays (ward-fact-ingest.ts), checked against shared/src/stays.ts (an opaque
 * key, never an NHS number; a discharge after its admission), logged under their `recordedAt`.
 */
import type { StayRecord } from '@wardpulse/shared';
import { stayViolations } from '@wardpulse/shared';
import type { IngestResult } from './log-and-enqueue.js';
import { acceptWardFacts, type WardFactIngestDeps, type WardFactRules } from './ward-fact-ingest.js';

const RULES: WardFactRules<StayRecord> = { violations: stayViolations, observedAt: (stay) => stay.recordedAt };

export function acceptStays(
  deps: WardFactIngestDeps,
  stays: readonly StayRecord[],
  source: string,
  paths: (index: number) => PropertyKey[],
): Promise<IngestResult> {
  return acceptWardFacts(deps, 'stay', RULES, stays, source, paths);
}
