/**
 * Accepting facts about one ward each (a ward's delayed-discharge list, a stay), whatever the door
 * (HTTP API, a bed manager's form, a CSV import): each is checked to name a known ward and against
 * its kind's rules in shared/, then the batch is logged durably under the wards' trusts and
 * enqueued. Nothing of a rejected batch is logged.
 */
import type { ErrorDetail, OrgIndex } from '@wardpulse/shared';
import { formatPath } from '@wardpulse/shared';
import type { EventKind, EventPayloads } from '../storage/event-log.js';
import { acceptEvents, type IngestResult, type LogAndEnqueueDeps } from './log-and-enqueue.js';

export interface WardFactIngestDeps extends LogAndEnqueueDeps {
  org: () => OrgIndex;
  now?: () => number;
}

/** A kind of ward fact: its rules, and the source time it is logged under. */
export interface WardFactRules<Fact> {
  violations: (fact: Fact, nowMs: number, prefix: readonly PropertyKey[]) => ErrorDetail[];
  observedAt: (fact: Fact) => string;
}

type WardFact<Kind extends EventKind> = EventPayloads[Kind] & { eventId: string; wardId: string };

/** Problems that make the batch impossible (HTTP 422); empty when it can be accepted. */
export function wardFactViolations<Fact extends { wardId: string }>(
  org: OrgIndex,
  facts: readonly Fact[],
  rules: Pick<WardFactRules<Fact>, 'violations'>,
  nowMs: number,
  paths: (index: number) => PropertyKey[],
): ErrorDetail[] {
  return facts.flatMap((fact, index) =>
    org.wardsById.has(fact.wardId)
      ? rules.violations(fact, nowMs, paths(index))
      : [{ path: formatPath([...paths(index), 'wardId']), message: `unknown ward "${fact.wardId}"` }],
  );
}

export async function acceptWardFacts<Kind extends EventKind>(
  deps: WardFactIngestDeps,
  kind: Kind,
  rules: WardFactRules<WardFact<Kind>>,
  facts: readonly WardFact<Kind>[],
  source: string,
  paths: (index: number) => PropertyKey[],
): Promise<IngestResult> {
  const org = deps.org();
  const details = wardFactViolations(org, facts, rules, (deps.now ?? Date.now)(), paths);
  if (details.length > 0) return { ok: false, details };
  return acceptEvents(
    deps,
    kind,
    facts.map((fact) => ({
      eventId: fact.eventId,
      trustOds: org.wardsById.get(fact.wardId)!.trustOds,
      wardId: fact.wardId,
      observedAt: rules.observedAt(fact),
      payload: fact,
    })),
    source,
    paths,
  );
}
