/**
 * Last-writer-wins, the one ordering rule of facts (architecture.md principle 1): the later source
 * time wins, ties broken by the larger event id, so every worker reaches the same state whatever
 * the arrival order. The Lua script that applies bed states in Redis follows the same rule.
 */
export interface Stamped {
  /** Source time, ISO 8601. */
  at: string;
  eventId: string;
}

/** Whether `candidate` replaces `current` (none yet: it does). */
export function isLaterFact(candidate: Stamped, current: Stamped | null): boolean {
  if (!current) return true;
  const a = Date.parse(candidate.at);
  const b = Date.parse(current.at);
  return a !== b ? a > b : candidate.eventId > current.eventId;
}

/** A fact stamped by its `observedAt` (most reports are). */
export interface Observed {
  observedAt: string;
  eventId: string;
}

/** Whether `candidate` replaces `current` by observedAt, ties by event id (none yet: it does). */
export function isLaterObservation(candidate: Observed, current: Observed | null): boolean {
  return isLaterFact(
    { at: candidate.observedAt, eventId: candidate.eventId },
    current && { at: current.observedAt, eventId: current.eventId },
  );
}
