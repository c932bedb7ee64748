/**
 * What a live board remembers about alerts between deltas, outside Svelte's reactivity: the alerts it
 * saw resolve (so a late, older copy cannot reopen one; bounded for weeks of running) and which were
 * open at its last look (so it can tell which began firing since; the first snapshot sets the
 * baseline and announces nothing).
 */
import type { AlertSummary, LiveChange } from '@wardpulse/shared';
import { newlyFiring, rememberResolved, RESOLVED_MEMORY } from './alert-changes.js';

export class AlertWatch {
  readonly #resolved = new Map<string, string>();
  readonly #limit: number;
  #openIds: Set<string> | null = null;

  constructor(limit = RESOLVED_MEMORY) {
    this.#limit = limit;
  }

  /** Alert id → `updatedAt` of its resolution, for the client guard (newer-changes.ts). */
  get resolved(): ReadonlyMap<string, string> {
    return this.#resolved;
  }

  /** Notes the resolutions among changes the board accepted; true when any change was an alert. */
  accepted(changes: readonly LiveChange[]): boolean {
    let any = false;
    for (const change of changes) {
      if (change.kind !== 'alert') continue;
      any = true;
      if (change.alert.status === 'resolved')
        rememberResolved(this.#resolved, change.alert.id, change.alert.updatedAt, this.#limit);
    }
    return any;
  }

  /** The alerts that began firing since the last look (none at the first). */
  look<T extends Pick<AlertSummary, 'id' | 'status'>>(open: readonly T[]): T[] {
    const previous = this.#openIds;
    // Only the ids open now are kept: a resolved alert never reopens (a new episode has a new id).
    this.#openIds = new Set(open.map((alert) => alert.id));
    return previous === null ? [] : newlyFiring(previous, open);
  }
}
