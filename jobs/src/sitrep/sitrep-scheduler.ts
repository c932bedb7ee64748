/**
 * Assembles every trust's sitrep returns when they fall due (London times, shared/sitrep.ts).
 * Run by a repeatable job on the maintenance queue: each run assembles the slots due since the
 * schedule's cursor (kept in the database, so a restart resumes where it stopped) and moves the
 * cursor on. After downtime the missed slots are caught up, as far back as `maxCatchUpMs`.
 * Several workers may run at once: a return's id names its trust, kind and slot, and inserting
 * one that exists does nothing, so each slot is assembled once.
 */
import {
  assembleSitrep,
  hasSitrepWards,
  previousSitrepSlot,
  sitrepId,
  sitrepSlotsDue,
  SITREP_LATE_AFTER_MS,
  type EscalationRule,
  type FreshnessLimits,
  type OrgIndex,
  type SitrepSchedule,
  type SitrepSlot,
} from '@wardpulse/shared';
import type { Logger } from 'pino';
import type { LiveStateRepository } from '../live/live-state-repository.js';
import { readScopeSnapshot } from '../live/live-snapshots.js';
import type { SitrepSources } from './sitrep-inputs.js';
import type { SitrepStore } from './sitrep-store.js';

export const SITREP_SCHEDULER_ID = 'sitrep-schedule';
const CURSOR = 'returns';

/** Slots missed by more than this after downtime are not assembled any more (they are logged). */
export const DEFAULT_SITREP_CATCH_UP_MS = 24 * 3_600_000;

export interface SitrepSchedulerDeps {
  store: SitrepStore;
  live: LiveStateRepository;
  org: () => OrgIndex;
  sources: () => SitrepSources;
  schedule: SitrepSchedule;
  escalationRule: () => EscalationRule;
  /** The not-reporting limits: a ward silent past its limit at the due time is counted as not reporting. */
  freshness: () => FreshnessLimits;
  /** Called after a trust's return was stored (its alert rules are re-assessed). */
  assembled?: (trustOds: string) => Promise<void>;
  maxCatchUpMs?: number;
  logger: Logger;
}

export class SitrepScheduler {
  constructor(private readonly deps: SitrepSchedulerDeps) {}

  /** Assembles the returns due since the last run; returns how many were stored. */
  async runDue(now = Date.now()): Promise<number> {
    const cursor = await this.deps.store.cursor(CURSOR);
    const maxCatchUp = this.deps.maxCatchUpMs ?? DEFAULT_SITREP_CATCH_UP_MS;
    // A first run assembles a slot that fell due within the late window (a fresh install at 14:05 has a 14:00 return).
    const after = Math.max(cursor?.getTime() ?? now - SITREP_LATE_AFTER_MS, now - maxCatchUp);
    if (cursor && cursor.getTime() < after) {
      const skipped = sitrepSlotsDue(this.deps.schedule, cursor.getTime(), after).length;
      if (skipped > 0)
        this.deps.logger.warn({ skipped, since: cursor.toISOString() }, 'sitrep slots missed too long ago to assemble');
    }
    let stored = 0;
    for (const slot of sitrepSlotsDue(this.deps.schedule, after, now)) stored += await this.assembleSlot(slot, now);
    await this.deps.store.advanceCursor(CURSOR, new Date(now));
    return stored;
  }

  /** Every trust's return for one slot (trusts with no ward of the kind have none). */
  async assembleSlot(slot: SitrepSlot, now = Date.now()): Promise<number> {
    let stored = 0;
    for (const trust of this.deps.org().directory.trusts) {
      if (await this.assembleReturn(trust.ods, slot, now)) stored++;
    }
    if (stored > 0)
      this.deps.logger.info({ slot: `${slot.kind}/${slot.date}T${slot.time}`, returns: stored }, 'sitrep returns assembled');
    return stored;
  }

  /** One trust's return for a slot from what is live now; false when it exists already or does not apply. */
  async assembleReturn(trustOds: string, slot: SitrepSlot, now = Date.now()): Promise<boolean> {
    const org = this.deps.org();
    const freshness = this.deps.freshness();
    const read = await readScopeSnapshot(this.deps.live, org, { kind: 'trust', id: trustOds }, now, freshness);
    if (
      !read ||
      !hasSitrepWards(
        slot.kind,
        read.snapshot.wards.map((ward) => ward.ward),
      )
    )
      return false;
    const sources = this.deps.sources();
    const at = Math.min(slot.dueAt, now);
    // Completed discharges count since the previous return of the kind (a day before when the schedule has one time).
    const since = previousSitrepSlot(this.deps.schedule, slot.kind, slot.dueAt)?.dueAt ?? slot.dueAt - 86_400_000;
    const [trustFigures, suites, stayDischarges] = await Promise.all([
      sources.trustFigures(trustOds),
      sources.suites(trustOds, at),
      sources.stayDischarges(trustOds, since, at),
    ]);
    const assembled = assembleSitrep({
      kind: slot.kind,
      // Placements active at the due time; wards as they are now (their past states are not kept live).
      at,
      wards: read.snapshot.wards,
      placements: read.snapshot.trusts.find((trust) => trust.ods === trustOds)?.placements ?? [],
      trustFigures,
      stayDischarges,
      suites: suites[slot.kind],
      escalationRule: this.deps.escalationRule(),
      freshness,
    });
    const inserted = await this.deps.store.insert({
      id: sitrepId(trustOds, slot.kind, slot.date, slot.time),
      trustOds,
      kind: slot.kind,
      date: slot.date,
      time: slot.time,
      dueAt: new Date(slot.dueAt),
      assembledAt: new Date(now),
      assembled,
    });
    if (inserted) await this.deps.assembled?.(trustOds);
    return inserted;
  }
}
