/**
 * Coalescing: the changes read from the stream in one go become one delta per scope, holding every
 * change that reaches the scope in stream order, with the last one's seq. Under load the reader
 * falls behind and reads bigger batches, so a burst costs one emit per scope instead of one per
 * change: what a server sends grows with the number of reads, not with the event rate. A quiet
 * feed still gets a delta per change, since each read then holds one.
 *
 * A delta's seq is the stream id of its last change: a client that resumes from it has seen every
 * earlier change of the scope (the contract's gap-free resume is unchanged).
 */
import type { ChangeEntry } from '@wardpulse/jobs';
import type { LiveDelta } from '@wardpulse/shared';

export interface CoalesceOptions {
  /** The scopes a change reaches (OrgIndex.scopesReachedByRoute). */
  scopesOf: (entry: ChangeEntry) => readonly string[];
  /** The contract's seq for a stream id. */
  seq: (streamId: string) => string;
  /** Only scopes that someone here is subscribed to are worth building. */
  wanted?: (scope: string) => boolean;
}

/** One delta per scope for `entries` (oldest first); scopes no entry reaches have none. */
export function coalesceDeltas(entries: readonly ChangeEntry[], options: CoalesceOptions): Map<string, LiveDelta> {
  const wanted = options.wanted ?? (() => true);
  const deltas = new Map<string, LiveDelta>();
  const lastIds = new Map<string, string>();
  for (const entry of entries) {
    for (const scope of options.scopesOf(entry)) {
      if (!wanted(scope)) continue;
      let delta = deltas.get(scope);
      if (!delta) deltas.set(scope, (delta = { scope, seq: '', changes: [] }));
      delta.changes.push(entry.change);
      lastIds.set(scope, entry.id);
    }
  }
  for (const [scope, delta] of deltas) delta.seq = options.seq(lastIds.get(scope)!);
  return deltas;
}
