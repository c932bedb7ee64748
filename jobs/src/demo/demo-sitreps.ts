/**
 * Demo sitrep returns (issue #14 item 6): a fresh demo install shows the return workflow alive
 * rather than an empty list until the next due time. Every slot that fell due in the last day is
 * assembled from the live (simulated) figures, as the scheduler would have done, and signed by a
 * named demo person about ten minutes after it fell due; the latest slot of each kind is left
 * unsigned for the trusts the demo bed manager covers (so they have one to review and sign) and for
 * every other trust in turn, so the overview shows who has and has not submitted. Figures WardPulse
 * did not hold at an earlier due time (the simulator has only just started: no suite or trust report
 * then) are entered by the demo person before signing, as the duty bed manager would, with the
 * reason recorded, so the demo shows edits too. Runs once: an install that already holds a return
 * is left alone.
 */
import {
  SITREP_FIELDS,
  sitrepId,
  sitrepSlotsDue,
  type OrgIndex,
  type SitrepKind,
  type SitrepSchedule,
  type SitrepSlot,
} from '@wardpulse/shared';
import type { LiveStateRepository } from '../live/live-state-repository.js';
import type { SitrepScheduler } from '../sitrep/sitrep-scheduler.js';
import type { SitrepStore } from '../sitrep/sitrep-store.js';

const DAY_MS = 24 * 3_600_000;
/** How long after its due time a demo return was signed. */
const SIGNED_AFTER_MS = 10 * 60_000;

export interface DemoSitrepDeps {
  store: SitrepStore;
  scheduler: SitrepScheduler;
  org: () => OrgIndex;
  schedule: SitrepSchedule;
  /** Trusts whose latest returns stay unsigned for the demo bed manager to sign. */
  leaveUnsignedFor: readonly string[];
  /** Who signs a trust's demo returns (a name, as the sign-off form takes it). */
  signerOf: (trustOds: string) => string;
}

export interface DemoSitrepResult {
  assembled: number;
  signed: number;
}

/** The latest slot of each kind among `slots`. */
function latestOfEachKind(slots: readonly SitrepSlot[]): Map<SitrepKind, SitrepSlot> {
  const latest = new Map<SitrepKind, SitrepSlot>();
  for (const slot of slots) if ((latest.get(slot.kind)?.dueAt ?? -Infinity) < slot.dueAt) latest.set(slot.kind, slot);
  return latest;
}

const idOf = (ods: string, slot: SitrepSlot) => sitrepId(ods, slot.kind, slot.date, slot.time);

export async function seedDemoSitreps(deps: DemoSitrepDeps, now = Date.now()): Promise<DemoSitrepResult> {
  if ((await deps.store.list({ limit: 1 }, now)).length > 0) return { assembled: 0, signed: 0 };
  const slots = sitrepSlotsDue(deps.schedule, now - DAY_MS, now);
  const latest = latestOfEachKind(slots);
  const trusts = deps.org().directory.trusts.map((trust) => trust.ods);
  let assembled = 0;
  let signed = 0;
  for (const slot of slots) {
    for (const ods of trusts) if (await deps.scheduler.assembleReturn(ods, slot, now)) assembled++;
  }
  for (const [index, ods] of trusts.entries()) {
    for (const slot of slots) {
      const newest = latest.get(slot.kind)!;
      if (newest === slot && (deps.leaveUnsignedFor.includes(ods) || index % 2 === 1)) continue;
      if (await signAsTheDutyPerson(deps, idOf(ods, slot), idOf(ods, newest), deps.signerOf(ods), slot, now)) signed++;
    }
  }
  return { assembled, signed };
}

/** Signs one return by name, first entering what WardPulse did not hold then (the newest return's figure, else 0). */
async function signAsTheDutyPerson(
  deps: DemoSitrepDeps,
  id: string,
  newestId: string,
  name: string,
  slot: SitrepSlot,
  now: number,
) {
  const row = await deps.store.get(id);
  if (!row) return false;
  const at = new Date(Math.min(now, slot.dueAt + SIGNED_AFTER_MS));
  const blanks = SITREP_FIELDS.filter((field) => row.figures[field] === null);
  if (blanks.length > 0) {
    const newest = id === newestId ? row : await deps.store.get(newestId);
    const changes = blanks.map((field) => ({ field, after: newest?.figures[field] ?? 0 }));
    const reason = 'Not held by WardPulse at the time: entered from the ward and suite logs (demo)';
    await deps.store.edit(id, changes, { reason, actor: 'demo', actorName: name, at });
  }
  return (await deps.store.sign(id, { name, actor: 'demo', at })).ok;
}

/** Waits (up to `timeoutMs`) for the simulator to have reported most wards, so demo returns are not empty. */
export async function waitForDemoWards(live: LiveStateRepository, org: () => OrgIndex, timeoutMs = 60_000): Promise<boolean> {
  const wardIds = org().directory.wards.map((ward) => ward.id);
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if ((await live.readWardStates(wardIds)).size >= wardIds.length * 0.8) return true;
    await new Promise((wait) => setTimeout(wait, 500));
  }
  return false;
}
