/**
 * Job handlers, registered in one place. The handler map is typed by job name, so a missing or
 * extra handler fails to compile; `assertHandlers` also fails start-up loudly if one is missing.
 */
import { toWardBedState } from '@wardpulse/shared';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { sweepOutbox } from '../ingest/outbox-sweep.js';
import type { JobQueues } from '../job-queues.js';
import type { HistoryRollups, RetentionSettings } from '../history/history-rollups.js';
import type { EscalationEvaluator } from '../live/escalation-evaluator.js';
import type { FreshnessWatch } from '../live/freshness-watch.js';
import type { LiveStateRepository } from '../live/live-state-repository.js';
import {
  applyPlacementEvent,
  applyReferralDay,
  applyTrustFigures,
  applyVideoDay,
  applyWaitingList,
} from '../live/measure-apply.js';
import { applyS136SuiteState } from '../live/s136-suite-apply.js';
import { applyDischargeDelays } from '../live/discharge-delays-apply.js';
import { applyCrisisCapacity } from '../live/crisis-capacity-apply.js';
import { trustReassessmentJobs, JobName, type JobOutcome, type JobPayloads } from '../queues.js';
import type { Alerting } from '../alerts/alerting.js';
import type { NotificationDelivery } from '../alerts/notification-delivery.js';
import type { Simulator } from '../simulator/simulator.js';
import type { EventLog } from '../storage/event-log.js';
import type { Hl7Census } from '../hl7/hl7-census.js';
import type { StayRepository } from '../storage/stay-repository.js';
import { refreshWardsStays } from '../live/ward-stays-apply.js';
import type { SitrepScheduler } from '../sitrep/sitrep-scheduler.js';

const HOUR = 3_600_000;
/**
 * How often the roll-up job rolls up every trust's recent periods, not only the trusts with new
 * facts: trends catch up with what time alone changes (a ward passing its not-reporting limit)
 * within this long, and at the start of each hour.
 */
export const HISTORY_EVERY_TRUST_MS = 5 * 60_000;
/** How often the current weeks, months and quarters are made again from the days (the trends' longer grains lag by up to this). */
export const HISTORY_LONG_GRAINS_MS = 60_000;

export type JobHandler<Name extends JobName> = (job: Job<JobPayloads[Name]>) => Promise<JobOutcome>;
export type JobHandlers = { [Name in JobName]: JobHandler<Name> };

export interface HandlerDeps {
  live: LiveStateRepository;
  eventLog: EventLog;
  queues: JobQueues;
  simulator: Simulator;
  escalation: EscalationEvaluator;
  /** Finds wards passing their not-reporting limit with no new fact. */
  freshness: FreshnessWatch;
  history: HistoryRollups;
  retention: RetentionSettings;
  /** The trust a ward belongs to (for re-assessing its escalation level and alert rules). */
  trustOfWard: (wardId: string) => string | undefined;
  /** The trust a Section 136 suite belongs to (its live state is kept per trust). */
  trustOfS136Suite: (suiteId: string) => string | undefined;
  /** The trust an alternative to admission belongs to (its live reports are kept per trust). */
  trustOfCrisisService: (serviceId: string) => string | undefined;
  alerting: Alerting;
  delivery: NotificationDelivery;
  /** Ward censuses from HL7 movements. */
  hl7: Hl7Census;
  /** The latest fact about each anonymous stay (length of stay, admissions, discharges). */
  stays: StayRepository;
  /** Assembles sitrep returns as they fall due. */
  sitreps: SitrepScheduler;
  /** Events logged this long ago and not applied are enqueued again by the outbox sweep. */
  outboxAgeMs?: number;
  logger: Logger;
}

export function createHandlers(deps: HandlerDeps): JobHandlers {
  // After facts are applied: the trust's escalation level and alert rules (and its collaboratives') are re-assessed soon.
  const reassessSoon = async (trustOds: string | undefined) => {
    if (!trustOds) return;
    for (const { jobId, delay } of trustReassessmentJobs(trustOds, Date.now())) {
      await deps.queues.enqueue(JobName.ReassessTrust, { trustOds }, jobId, { delay });
    }
  };
  return {
    [JobName.ApplyBedState]: async (job) => {
      const { observation } = job.data;
      const result = await deps.live.applyWardState(observation.wardId, toWardBedState(observation));
      // Asked for even when stale: a retry after a crash between applying and asking must still ask.
      await reassessSoon(deps.trustOfWard(observation.wardId));
      // Marked after applying: a crash in between re-runs the job, and re-applying is a no-op.
      await deps.eventLog.markApplied('bedState', job.data.trustOds, observation.eventId, result.outcome);
      return result.outcome;
    },
    [JobName.ApplyPlacement]: async (job) => {
      const { event } = job.data;
      const result = await applyPlacementEvent(deps.live, event);
      await reassessSoon(event.sendingTrust);
      await deps.eventLog.markApplied('placement', job.data.trustOds, event.eventId, result.outcome);
      return result.outcome;
    },
    [JobName.ApplyWaitingList]: async (job) => {
      const { snapshot } = job.data;
      const result = await applyWaitingList(deps.live, snapshot);
      await reassessSoon(snapshot.trustOds);
      await deps.eventLog.markApplied('waitingList', job.data.trustOds, snapshot.eventId, result.outcome);
      return result.outcome;
    },
    [JobName.ApplyVideoDay]: async (job) => {
      const { day } = job.data;
      const result = await applyVideoDay(deps.live, day);
      await reassessSoon(day.trustOds);
      await deps.eventLog.markApplied('videoDay', job.data.trustOds, day.eventId, result.outcome);
      return result.outcome;
    },
    [JobName.ApplyReferralDay]: async (job) => {
      const { day } = job.data;
      const result = await applyReferralDay(deps.live, day);
      await deps.eventLog.markApplied('referralDay', job.data.trustOds, day.eventId, result.outcome);
      return result.outcome;
    },
    [JobName.ApplyS136SuiteState]: async (job) => {
      const { state } = job.data;
      const trustOds = deps.trustOfS136Suite(state.suiteId);
      // A suite removed from the organisation since: its state is kept in the log, shown nowhere.
      if (!trustOds) {
        await deps.eventLog.markApplied('s136SuiteState', job.data.trustOds, state.eventId, 'skipped');
        return 'skipped';
      }
      const result = await applyS136SuiteState(deps.live, trustOds, state);
      await reassessSoon(trustOds);
      await deps.eventLog.markApplied('s136SuiteState', job.data.trustOds, state.eventId, result.outcome);
      return result.outcome;
    },
    [JobName.ApplyCrisisCapacity]: async (job) => {
      const { report } = job.data;
      const trustOds = deps.trustOfCrisisService(report.serviceId);
      // A service removed from the organisation since: its report is kept in the log, shown nowhere.
      if (!trustOds) {
        await deps.eventLog.markApplied('crisisCapacity', job.data.trustOds, report.eventId, 'skipped');
        return 'skipped';
      }
      const result = await applyCrisisCapacity(deps.live, trustOds, report);
      await deps.eventLog.markApplied('crisisCapacity', job.data.trustOds, report.eventId, result.outcome);
      return result.outcome;
    },
    [JobName.ApplyStay]: async (job) => {
      const { stay, trustOds } = job.data;
      const { outcome, wardIds } = await deps.stays.apply(trustOds, stay);
      // Refreshed even when stale: a retry after a crash between applying and refreshing must still
      // refresh. A stay moved to another ward refreshes the ward it left too.
      await refreshWardsStays(deps.live, deps.stays, wardIds, Date.now());
      await deps.eventLog.markApplied('stay', trustOds, stay.eventId, outcome);
      return outcome;
    },
    [JobName.ApplyDischargeDelays]: async (job) => {
      const { snapshot } = job.data;
      const result = await applyDischargeDelays(deps.live, snapshot);
      await reassessSoon(deps.trustOfWard(snapshot.wardId));
      await deps.eventLog.markApplied('dischargeDelays', job.data.trustOds, snapshot.eventId, result.outcome);
      return result.outcome;
    },
    [JobName.ApplyTrustFigures]: async (job) => {
      const { figures } = job.data;
      const result = await applyTrustFigures(deps.live, figures);
      await reassessSoon(figures.trustOds);
      await deps.eventLog.markApplied('trustFigures', job.data.trustOds, figures.eventId, result.outcome);
      return result.outcome;
    },
    [JobName.ApplyHl7Movement]: async (job) => {
      const { movement } = job.data;
      // The censuses it changes are logged and enqueued as bed states (applied, assessed and alerted on by their own jobs).
      // The stays of the wards its visits left or entered are re-read for the boards, as API stays are.
      const { wardIds } = await deps.hl7.applyMovement(movement);
      await refreshWardsStays(deps.live, deps.stays, wardIds, Date.now());
      await deps.eventLog.markApplied('hl7Movement', job.data.trustOds, movement.eventId, 'applied');
      return 'applied';
    },
    [JobName.Hl7Remap]: async (job) => {
      const { wardIds } = await deps.hl7.remap(job.data.feedId);
      await refreshWardsStays(deps.live, deps.stays, wardIds, Date.now());
      return 'done';
    },
    [JobName.SimulatorTick]: async () => {
      await deps.simulator.tick();
      return 'done';
    },
    [JobName.HistoryRollup]: async () => {
      // A rebuild a migration asked for first (once, by whichever worker claims it): it re-rolls everything.
      const rebuilt = await deps.history.runRequestedRebuild();
      if (rebuilt !== null) deps.logger.info({ reason: rebuilt }, 'history rebuilt');
      // What facts changed since the last run; every trust's recent periods now and then, and as each hour begins.
      const now = Date.now();
      const since = new Date((await deps.live.getMeta('history-cursor')) ?? now - 36 * HOUR);
      const lastEveryTrust = Number((await deps.live.getMeta('history-every-trust')) ?? 0);
      const lastLongGrains = Number((await deps.live.getMeta('history-long-grains')) ?? 0);
      const everyTrust =
        now - lastEveryTrust >= HISTORY_EVERY_TRUST_MS || Math.floor(now / HOUR) !== Math.floor(lastEveryTrust / HOUR);
      const longGrains = everyTrust || now - lastLongGrains >= HISTORY_LONG_GRAINS_MS;
      const cursor = await deps.history.rollUpChanges(since, { everyTrust, longGrains, now });
      await deps.live.setMeta('history-cursor', cursor.toISOString());
      if (everyTrust) await deps.live.setMeta('history-every-trust', String(now));
      if (longGrains) await deps.live.setMeta('history-long-grains', String(now));
      // Retention once a day, whichever worker gets there first.
      const lastRetention = Number((await deps.live.getMeta('history-retention-ran')) ?? 0);
      if (Date.now() - lastRetention > 86_400_000) {
        await deps.live.setMeta('history-retention-ran', String(Date.now()));
        const removed = await deps.history.applyRetention(deps.retention);
        if (removed.facts + removed.points > 0) deps.logger.info(removed, 'history retention applied');
      }
      return 'done';
    },
    [JobName.FreshnessTick]: async () => {
      const run = await deps.freshness.run();
      // The change is on the stream first, so each re-assessment reads a newer position than the stored level's.
      for (const trustOds of run.trustOds) await reassessSoon(trustOds);
      if (run.wardIds.length > 0) deps.logger.info({ wards: run.wardIds }, 'wards stopped reporting');
      return 'done';
    },
    [JobName.SitrepTick]: async () => {
      await deps.sitreps.runDue();
      return 'done';
    },
    [JobName.ReassessTrust]: async (job) => {
      // The level first: alert rules may be on the escalation level.
      await deps.escalation.evaluateForTrust(job.data.trustOds);
      await deps.alerting.evaluator.evaluateForTrust(job.data.trustOds);
      return 'done';
    },
    [JobName.AlertsTick]: async () => {
      await deps.alerting.tick();
      return 'done';
    },
    [JobName.DeliverNotification]: async (job) =>
      deps.delivery
        .deliver(job.data.notificationId, job.attemptsMade + 1, job.opts.attempts ?? 1)
        .then((outcome) => (outcome === 'done' ? 'done' : 'skipped')),
    [JobName.OutboxSweep]: async () => {
      const requeued = await sweepOutbox(deps.eventLog, deps.queues, deps.outboxAgeMs);
      if (requeued > 0) deps.logger.warn({ requeued }, 'outbox sweep re-enqueued events that were logged but not applied');
      return 'done';
    },
  };
}

export function assertHandlers(handlers: Partial<JobHandlers>): asserts handlers is JobHandlers {
  const missing = Object.values(JobName).filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) throw new Error(`no handler registered for jobs: ${missing.join(', ')}`);
}
