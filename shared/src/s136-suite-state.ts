/**
 * A Section 136 suite's state: what a source (a feed, a bed manager, the simulator) saw of one
 * health-based place of safety at one moment — available, occupied (since when, and when the
 * person's detention began) or closed (and why).
 *
 * Validation as for bed states: `s136SuiteStateSchema` is the shape (400 when it fails; each
 * status has its own fields, so an occupied suite without its arrival time names `since`), and
 * `s136SuiteStateViolations` finds well-formed states that cannot be true (422): times in the
 * future, a status that began after it was observed, a detention that began after the person
 * arrived. The latest state of a suite wins by source time (last-writer-wins).
 */
import { z } from 'zod';
import { CLOSED_REASONS, MAX_FUTURE_SKEW_MS, eventIdSchema } from './bed-state.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { isLaterFact } from './last-writer-wins.js';
import { s136SuiteIdSchema, s136SuiteSchema, type S136AgeGroup, type S136Suite } from './org.js';
import { detentionClock, S136_MAX_EXTENSION_HOURS, type DetentionClock } from './s136-detention.js';
import { sourceTimeViolations } from './text.js';

export const S136_SUITE_STATUSES = ['available', 'occupied', 'closed'] as const;
export type S136SuiteStatus = (typeof S136_SUITE_STATUSES)[number];

export const S136_SUITE_STATUS_LABELS: Record<S136SuiteStatus, string> = {
  available: 'Available',
  occupied: 'Occupied',
  closed: 'Closed',
};

/** A detention recorded as beginning longer than this before the observation is a typing error, not a detention. */
export const MAX_S136_DETENTION_AGE_MS = 7 * 86_400_000;

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' });

/** Each status's own fields, shared by a feed's observation and a person's update. */
const STATUS_FIELDS = {
  available: {
    status: z.literal('available'),
    since: instant.optional().describe('When the suite became available (default: observedAt)'),
  },
  occupied: {
    status: z.literal('occupied'),
    since: instant.describe('When the person arrived at this suite'),
    detentionStartedAt: instant
      .optional()
      .describe(
        'When the permitted period of detention began, if before arriving here: arrival at the first place of safety (e.g. A&E) — MHA 1983 s136(2A). Default: since',
      ),
    extensionHours: z
      .int('must be whole hours')
      .min(1, 'must be at least 1 hour')
      .max(S136_MAX_EXTENSION_HOURS, `must be at most ${S136_MAX_EXTENSION_HOURS} hours (MHA 1983 s136B)`)
      .optional()
      .describe('Further hours authorised by the examining doctor under s136B (at most 12)'),
  },
  closed: {
    status: z.literal('closed'),
    since: instant.optional().describe('When the suite closed (default: observedAt)'),
    closedReason: z.enum(CLOSED_REASONS),
  },
} as const;

const observationHead = {
  eventId: eventIdSchema,
  suiteId: s136SuiteIdSchema,
  observedAt: instant,
};

export const s136SuiteStateSchema = z.discriminatedUnion('status', [
  z.strictObject({ ...observationHead, ...STATUS_FIELDS.available }),
  z.strictObject({ ...observationHead, ...STATUS_FIELDS.occupied }),
  z.strictObject({ ...observationHead, ...STATUS_FIELDS.closed }),
]);
export type S136SuiteState = z.infer<typeof s136SuiteStateSchema>;

/**
 * A person's change of a suite (`PUT /api/v1/s136-suites/{id}/state`): the status and its fields;
 * observed now, event id made by the server. `since` defaults to now for every status.
 */
export const s136SuiteUpdateRequestSchema = z.discriminatedUnion('status', [
  z.strictObject(STATUS_FIELDS.available),
  z.strictObject({ ...STATUS_FIELDS.occupied, since: STATUS_FIELDS.occupied.since.optional() }),
  z.strictObject(STATUS_FIELDS.closed),
]);
export type S136SuiteUpdateRequest = z.infer<typeof s136SuiteUpdateRequestSchema>;

export const s136SuiteUpdateResponseSchema = z.object({
  eventId: z.string(),
  state: s136SuiteStateSchema.describe('The state as logged; boards show it once a worker has applied it (within a second)'),
});
export type S136SuiteUpdateResponse = z.infer<typeof s136SuiteUpdateResponseSchema>;

/** The observation a person's update becomes. */
export function s136SuiteStateFromUpdate(
  update: S136SuiteUpdateRequest,
  suiteId: string,
  eventId: string,
  now: number,
): S136SuiteState {
  const observedAt = new Date(now).toISOString();
  const since = update.since ?? observedAt;
  return { ...update, since, eventId, suiteId, observedAt } as S136SuiteState;
}

/** When the suite entered its status. */
export function s136StatusSince(state: S136SuiteState): string {
  return state.since ?? state.observedAt;
}

/** Reasons this state cannot be true. Empty when it can. */
export function s136SuiteStateViolations(
  state: S136SuiteState,
  nowMs: number,
  prefix: readonly PropertyKey[] = [],
): ErrorDetail[] {
  const at = (field: string) => formatPath([...prefix, field]);
  const violations: ErrorDetail[] = [];
  const observedMs = Date.parse(state.observedAt);
  if (observedMs > nowMs + MAX_FUTURE_SKEW_MS) {
    violations.push({ path: at('observedAt'), message: 'is more than 5 minutes in the future' });
  }
  violations.push(...sourceTimeViolations(state.observedAt, [...prefix, 'observedAt']));
  if (state.since !== undefined && Date.parse(state.since) > observedMs) {
    violations.push({ path: at('since'), message: `is after observedAt: a status cannot begin after it was seen` });
  }
  if (state.status === 'occupied') {
    const arrivedMs = Date.parse(state.since);
    if (state.detentionStartedAt !== undefined) {
      const startedMs = Date.parse(state.detentionStartedAt);
      if (startedMs > arrivedMs) {
        violations.push({
          path: at('detentionStartedAt'),
          message: 'is after since: the detention begins on arrival at the first place of safety, not later',
        });
      }
    }
    if (observedMs - detentionStartMs(state) > MAX_S136_DETENTION_AGE_MS) {
      const field = state.detentionStartedAt !== undefined ? 'detentionStartedAt' : 'since';
      violations.push({ path: at(field), message: 'is more than 7 days before observedAt: check the date' });
    }
  }
  return violations;
}

function detentionStartMs(state: Extract<S136SuiteState, { status: 'occupied' }>): number {
  return Date.parse(state.detentionStartedAt ?? state.since);
}

/** Whether `candidate` replaces the suite's current state (last-writer-wins on source time). */
export function isNewerS136SuiteState(candidate: S136SuiteState, current: S136SuiteState | null): boolean {
  return isLaterFact(
    { at: candidate.observedAt, eventId: candidate.eventId },
    current ? { at: current.observedAt, eventId: current.eventId } : null,
  );
}

/** The detention clock of an occupied suite; null for any other status. */
export function s136SuiteDetention(state: S136SuiteState | null, now: number): DetentionClock | null {
  if (state?.status !== 'occupied') return null;
  return detentionClock({ startedAt: detentionStartMs(state), extensionHours: state.extensionHours ?? 0 }, now);
}

/** A suite as readers see it: the suite and its latest state (null until one is reported). */
export const s136SuiteLiveSchema = z.object({
  suite: s136SuiteSchema,
  state: s136SuiteStateSchema.nullable().describe("Null until the suite's first state arrives"),
});
export type S136SuiteLive = z.infer<typeof s136SuiteLiveSchema>;

/** An empty suite is one a person can be brought to now: commissioned and available. */
export function isEmptyS136Suite(suite: S136SuiteLive): boolean {
  return suite.suite.commissioned && suite.state?.status === 'available';
}

export interface S136Figures {
  /** Commissioned suites: the Section 136 core base. */
  coreBase: number;
  /** Commissioned suites available now. */
  empty: number;
  occupied: number;
  closed: number;
  /** Commissioned suites with no state reported yet: counted in the core base, never as empty. */
  unreported: number;
  /** Occupied suites whose detention has passed its permitted period (docs/measures.md). */
  breached: number;
  /** Occupied suites within S136_DUE_SOON_MS of the limit. */
  dueSoon: number;
}

/** Figures over commissioned suites (optionally one age group) at `now`. */
export function s136Figures(suites: readonly S136SuiteLive[], now: number, ageGroup?: S136AgeGroup): S136Figures {
  const figures: S136Figures = { coreBase: 0, empty: 0, occupied: 0, closed: 0, unreported: 0, breached: 0, dueSoon: 0 };
  for (const live of suites) {
    if (!live.suite.commissioned || (ageGroup && live.suite.ageGroup !== ageGroup)) continue;
    figures.coreBase++;
    const status = live.state?.status;
    if (status === undefined) figures.unreported++;
    else if (status === 'available') figures.empty++;
    else if (status === 'closed') figures.closed++;
    else {
      figures.occupied++;
      const stage = s136SuiteDetention(live.state, now)?.stage;
      if (stage === 'breached') figures.breached++;
      else if (stage === 'due-soon') figures.dueSoon++;
    }
  }
  return figures;
}

/**
 * Minutes the scope has had no empty suite (of the age group): 0 when one is empty now; else since
 * the latest moment a reported commissioned suite stopped being available. Null when no commissioned
 * suite has reported (no data).
 */
export function minutesWithoutEmptyS136Suite(
  suites: readonly S136SuiteLive[],
  now: number,
  ageGroup?: S136AgeGroup,
): number | null {
  let latestChange = Number.NEGATIVE_INFINITY;
  let reported = 0;
  for (const live of suites) {
    if (!live.suite.commissioned || (ageGroup && live.suite.ageGroup !== ageGroup) || !live.state) continue;
    reported++;
    if (live.state.status === 'available') return 0;
    latestChange = Math.max(latestChange, Date.parse(s136StatusSince(live.state)));
  }
  if (reported === 0) return null;
  return Math.max(0, (now - latestChange) / 60_000);
}

/** Suites paired with their states (a state for a suite no longer in the organisation is dropped). */
export function s136SuitesLive(suites: readonly S136Suite[], states: ReadonlyMap<string, S136SuiteState>): S136SuiteLive[] {
  return suites.map((suite) => ({ suite, state: states.get(suite.id) ?? null }));
}
