/**
 * Drives an open wall board through many real updates and reads its memory (issue #7, "weeks without
 * growth"): bed states posted in batches to POST /api/v1/bed-states across the board's wards, so every
 * update is a real delta through the real server (event log, worker, change stream, fan-out, socket),
 * and the page's JS heap after garbage collection read through the DevTools protocol. Shared by
 * bench/soak.ts and tests/e2e/wall-soak.e2e.ts, so it imports nothing from vitest.
 */
import { bedFigures, type BedCounts } from '@wardpulse/shared';
import type { CDPSession, Page } from 'playwright-core';

/** What the page holds, after garbage collection. */
export interface BoardMemory {
  /** V8's used JS heap (Runtime.getHeapUsage), in bytes. */
  heapUsedBytes: number;
  /** Live DOM nodes and JS event listeners (Performance.getMetrics): these grow when components leak. */
  domNodes: number;
  jsEventListeners: number;
}

export const MB = 2 ** 20;

/**
 * Collects garbage until the heap stops shrinking (one collection can leave garbage that a finaliser or
 * a weak reference released), then reads the heap and the DOM counters.
 */
export async function boardMemoryAfterGc(cdp: CDPSession): Promise<BoardMemory> {
  // A moment for the last deltas' effects and messages to settle, so a burst in flight is not counted.
  await new Promise((settle) => setTimeout(settle, 1000));
  await cdp.send('Performance.enable');
  let previous = Number.POSITIVE_INFINITY;
  let used = 0;
  for (let round = 0; round < 5; round += 1) {
    await cdp.send('HeapProfiler.collectGarbage');
    used = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    if (used >= previous - 64 * 1024) break;
    previous = used;
  }
  const metrics = new Map((await cdp.send('Performance.getMetrics')).metrics.map((metric) => [metric.name, metric.value]));
  return { heapUsedBytes: used, domNodes: metrics.get('Nodes') ?? 0, jsEventListeners: metrics.get('JSEventListeners') ?? 0 };
}

type BedStateBody = BedCounts & { eventId: string; wardId: string; observedAt: string; closedReason?: string };

export interface FeedOptions {
  /** Events per POST (the API takes up to 1,000). */
  batchSize?: number;
  /** POSTs in flight at once. */
  concurrency?: number;
}

/**
 * A feed of bed states for a board's wards, round-robin, each a little different from the last so every
 * one is a change the board must apply. Observation times only increase, so last-writer-wins keeps the
 * last one posted for each ward — what `expectedTiles` says the board must show.
 */
export class BedStateFeed {
  readonly #url: string;
  readonly #key: string;
  readonly #wardIds: readonly string[];
  readonly #runId = Math.random().toString(36).slice(2, 10);
  readonly #lastByWard = new Map<string, BedStateBody>();
  #sequence = 0;
  #lastObservedMs = 0;

  constructor(url: string, key: string, wardIds: readonly string[]) {
    if (wardIds.length === 0) throw new Error('a feed needs wards');
    this.#url = url;
    this.#key = key;
    this.#wardIds = wardIds;
  }

  /** Updates posted so far. */
  get posted(): number {
    return this.#sequence;
  }

  #next(final: boolean): BedStateBody {
    const index = this.#sequence++;
    const wardId = this.#wardIds[index % this.#wardIds.length]!;
    this.#lastObservedMs = Math.max(Date.now(), this.#lastObservedMs + 1);
    // The final round closes a bed, which no other update does: its figures differ from every earlier
    // round's, so a board that missed it cannot show them by chance.
    const state: BedStateBody = {
      eventId: `soak-${this.#runId}-${index}`,
      wardId,
      observedAt: new Date(this.#lastObservedMs).toISOString(),
      commissioned: 20,
      closed: final ? 1 : 0,
      ...(final ? { closedReason: 'staffing' } : {}),
      occupied: final ? 4 + (index % 11) : 5 + (index % 13),
      onLeave: index % 3,
      pendingAdmissions: index % 4,
      clinicallyReadyForDischarge: index % 2,
    };
    this.#lastByWard.set(wardId, state);
    return state;
  }

  /**
   * Posts `count` updates in batches, several requests in flight; with `finalRound`, the last update of
   * every ward is a distinctive one. Resolves when every request was accepted (202).
   */
  async post(count: number, options: FeedOptions & { finalRound?: boolean } = {}): Promise<void> {
    const batchSize = options.batchSize ?? 500;
    const finalFrom = options.finalRound ? count - this.#wardIds.length : Number.POSITIVE_INFINITY;
    let made = 0;
    const sender = async () => {
      while (made < count) {
        const events: BedStateBody[] = [];
        while (events.length < batchSize && made < count) events.push(this.#next(made++ >= finalFrom));
        const response = await fetch(`${this.#url}/api/v1/bed-states`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.#key}` },
          body: JSON.stringify({ events }),
        });
        const text = await response.text();
        if (response.status !== 202) throw new Error(`bed-states answered ${response.status}: ${text.slice(0, 300)}`);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 2 }, sender));
  }

  /** What each ward's tile must show once the board has every update posted so far. */
  expectedTiles(): { wardId: string; vacant: string }[] {
    return [...this.#lastByWard.values()].map((state) => ({ wardId: state.wardId, vacant: String(bedFigures(state).vacant) }));
  }

  /** The last update posted to each ward, for checks against the server's own snapshot. */
  lastEventIds(): Map<string, string> {
    return new Map([...this.#lastByWard].map(([wardId, state]) => [wardId, state.eventId]));
  }
}

/** The wards with their vacant-bed figure that the page does not (yet) show as expected. */
export async function tilesNotShowing(page: Page, expected: { wardId: string; vacant: string }[]): Promise<string[]> {
  return page.evaluate((tiles) => {
    const wrong: string[] = [];
    for (const tile of tiles) {
      const shown = document.querySelector(`[data-ward-id="${tile.wardId}"] [data-testid="vacant"]`)?.textContent?.trim();
      if (shown !== tile.vacant) wrong.push(`${tile.wardId}: shows ${shown ?? 'nothing'}, expected ${tile.vacant}`);
    }
    return wrong;
  }, expected);
}

/** Waits until every tile shows the expected figure; throws with those that do not after `timeoutMs`. */
export async function waitForTiles(page: Page, expected: { wardId: string; vacant: string }[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const wrong = await tilesNotShowing(page, expected);
    if (wrong.length === 0) return;
    if (Date.now() > deadline) throw new Error(`the board does not show the last updates: ${wrong.slice(0, 5).join('; ')}`);
    await new Promise((wait) => setTimeout(wait, 250));
  }
}

/** The ward ids of a scope, from the live API. */
export async function wardIdsOf(url: string, key: string, scope: string): Promise<string[]> {
  const response = await fetch(`${url}/api/v1/live?scope=${encodeURIComponent(scope)}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  if (!response.ok) throw new Error(`live answered ${response.status}`);
  const body = (await response.json()) as { snapshot: { wards: { ward: { id: string } }[] } };
  return body.snapshot.wards.map((ward) => ward.ward.id);
}
