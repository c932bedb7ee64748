/**
 * A trust's Section 136 figures from live state, for anything that reports them (the sitrep
 * return's "Section 136 core base / empty / breaches"): the same definitions as the boards
 * (shared/s136-suite-state.ts, docs/measures.md).
 */
import type { OrgIndex, S136AgeGroup } from '@wardpulse/shared';
import { s136Figures, s136SuitesLive } from '@wardpulse/shared';
import type { LiveStateRepository } from './live-state-repository.js';
import { readS136SuiteStates } from './s136-suite-apply.js';

export interface S136SuiteCounts {
  /** Commissioned suites. */
  coreBase: number;
  /** Commissioned suites available now. */
  empty: number;
  /** Occupied suites past the permitted period of detention now. */
  breached: number;
}

export interface S136SuiteCountsDeps {
  live: LiveStateRepository;
  org: () => OrgIndex;
}

/** The trust's commissioned, empty and breached suites now (optionally one age group); zeros for an unknown trust. */
export async function s136SuiteCounts(
  deps: S136SuiteCountsDeps,
  trustOds: string,
  options: { now?: number; ageGroup?: S136AgeGroup } = {},
): Promise<S136SuiteCounts> {
  const suites = deps.org().s136SuitesIn({ kind: 'trust', id: trustOds }) ?? [];
  if (suites.length === 0) return { coreBase: 0, empty: 0, breached: 0 };
  const states = await readS136SuiteStates(deps.live, trustOds);
  const figures = s136Figures(s136SuitesLive(suites, states), options.now ?? Date.now(), options.ageGroup);
  return { coreBase: figures.coreBase, empty: figures.empty, breached: figures.breached };
}
