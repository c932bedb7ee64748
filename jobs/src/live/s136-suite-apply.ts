/**
 * Applying a Section 136 suite's state to live state: last-writer-wins on source time (the rule in
 * shared/), so duplicates, retries and out-of-order arrival end in the same state. A state that
 * wins goes to the change stream routed to the suite's trust (and so its collaboratives).
 */
import type { S136SuiteState } from '@wardpulse/shared';
import { isNewerS136SuiteState } from '@wardpulse/shared';
import type { LiveStateRepository, RecordApplyOutcome } from './live-state-repository.js';

export function applyS136SuiteState(
  live: LiveStateRepository,
  trustOds: string,
  state: S136SuiteState,
): Promise<RecordApplyOutcome<S136SuiteState>> {
  return live.applyRecord<S136SuiteState>(
    live.liveKeys.s136Suites(trustOds),
    state.suiteId,
    (current) => (isNewerS136SuiteState(state, current) ? state : null),
    {
      route: `trust:${trustOds}`,
      change: (record) => ({ kind: 's136Suite', trustOds, suiteId: record.suiteId, state: record }),
    },
  );
}

/** The latest states of a trust's suites, by suite id. */
export async function readS136SuiteStates(live: LiveStateRepository, trustOds: string): Promise<Map<string, S136SuiteState>> {
  const read = await live.snapshot([], [trustOds]);
  return new Map((read.trusts.get(trustOds)?.s136Suites ?? []).map((state) => [state.suiteId, state]));
}
