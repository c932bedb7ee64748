/**
 * Queue and job names in one place, each job name tied to its payload type, and the one
 * function that builds idempotent job ids (Immich's pattern).
 */
import type {
  BedStateObservation,
  CrisisCapacityReport,
  DischargeDelaysSnapshot,
  StayRecord,
  Hl7Movement,
  PlacementEvent,
  S136SuiteState,
  ReferralDay,
  TrustFiguresRecord,
  VideoConsultationDay,
  WaitingListSnapshot,
} from '@wardpulse/shared';

export const QueueName = {
  Ingest: 'ingest',
  Simulator: 'simulator',
  Maintenance: 'maintenance',
  Alerts: 'alerts',
  Notifications: 'notifications',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  ApplyBedState: 'apply-bed-state',
  ApplyPlacement: 'apply-placement',
  ApplyWaitingList: 'apply-waiting-list',
  ApplyVideoDay: 'apply-video-day',
  ApplyTrustFigures: 'apply-trust-figures',
  ApplyReferralDay: 'apply-referral-day',
  ApplyHl7Movement: 'apply-hl7-movement',
  ApplyS136SuiteState: 'apply-s136-suite-state',
  ApplyDischargeDelays: 'apply-discharge-delays',
  ApplyStay: 'apply-stay',
  ApplyCrisisCapacity: 'apply-crisis-capacity',
  Hl7Remap: 'hl7-remap',
  SimulatorTick: 'simulator-tick',
  OutboxSweep: 'outbox-sweep',
  HistoryRollup: 'history-rollup',
  SitrepTick: 'sitrep-tick',
  FreshnessTick: 'freshness-tick',
  ReassessTrust: 'reassess-trust',
  AlertsTick: 'alerts-tick',
  DeliverNotification: 'deliver-notification',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/**
 * What every apply job carries besides its fact: the trust the fact is logged under. With the
 * job's kind and the fact's event id it names the event-log row to mark applied (event ids are
 * unique per trust and kind only).
 */
export interface LoggedUnder {
  trustOds: string;
}

export interface JobPayloads {
  [JobName.ApplyBedState]: { observation: BedStateObservation } & LoggedUnder;
  [JobName.ApplyPlacement]: { event: PlacementEvent } & LoggedUnder;
  [JobName.ApplyWaitingList]: { snapshot: WaitingListSnapshot } & LoggedUnder;
  [JobName.ApplyVideoDay]: { day: VideoConsultationDay } & LoggedUnder;
  [JobName.ApplyTrustFigures]: { figures: TrustFiguresRecord } & LoggedUnder;
  [JobName.ApplyReferralDay]: { day: ReferralDay } & LoggedUnder;
  [JobName.ApplyHl7Movement]: { movement: Hl7Movement } & LoggedUnder;
  [JobName.ApplyS136SuiteState]: { state: S136SuiteState } & LoggedUnder;
  [JobName.ApplyDischargeDelays]: { snapshot: DischargeDelaysSnapshot } & LoggedUnder;
  [JobName.ApplyStay]: { stay: StayRecord } & LoggedUnder;
  [JobName.ApplyCrisisCapacity]: { report: CrisisCapacityReport } & LoggedUnder;
  /** A feed's location mappings changed: re-place its admitted visits and republish the censuses. */
  [JobName.Hl7Remap]: { feedId: string };
  [JobName.SimulatorTick]: Record<string, never>;
  [JobName.OutboxSweep]: Record<string, never>;
  [JobName.HistoryRollup]: Record<string, never>;
  /** Assemble the sitrep returns that have fallen due since the last run. */
  [JobName.SitrepTick]: Record<string, never>;
  /** Look for wards that have passed their not-reporting limit since the last run. */
  [JobName.FreshnessTick]: Record<string, never>;
  /** A trust's facts changed: its escalation level (and its collaboratives') and its alert rules are assessed. */
  [JobName.ReassessTrust]: { trustOds: string };
  [JobName.AlertsTick]: Record<string, never>;
  [JobName.DeliverNotification]: { notificationId: string };
}

/** Which queue carries each job. */
export const QUEUE_OF: { [Name in JobName]: QueueName } = {
  [JobName.ApplyBedState]: QueueName.Ingest,
  [JobName.ApplyPlacement]: QueueName.Ingest,
  [JobName.ApplyWaitingList]: QueueName.Ingest,
  [JobName.ApplyVideoDay]: QueueName.Ingest,
  [JobName.ApplyTrustFigures]: QueueName.Ingest,
  [JobName.ApplyReferralDay]: QueueName.Ingest,
  [JobName.ApplyHl7Movement]: QueueName.Ingest,
  [JobName.ApplyS136SuiteState]: QueueName.Ingest,
  [JobName.ApplyDischargeDelays]: QueueName.Ingest,
  [JobName.ApplyStay]: QueueName.Ingest,
  [JobName.ApplyCrisisCapacity]: QueueName.Ingest,
  [JobName.Hl7Remap]: QueueName.Ingest,
  [JobName.SimulatorTick]: QueueName.Simulator,
  [JobName.OutboxSweep]: QueueName.Maintenance,
  [JobName.HistoryRollup]: QueueName.Maintenance,
  [JobName.SitrepTick]: QueueName.Maintenance,
  [JobName.FreshnessTick]: QueueName.Maintenance,
  [JobName.ReassessTrust]: QueueName.Alerts,
  [JobName.AlertsTick]: QueueName.Alerts,
  [JobName.DeliverNotification]: QueueName.Notifications,
};

/** Deliveries retry with backoff: 2, 4, 8, 16, 32 s, then the notification is marked failed. */
export const DELIVERY_ATTEMPTS = 6;

/** Per-job options where a job differs from the queue defaults. */
export const JOB_OPTIONS: Partial<Record<JobName, { attempts: number; backoff: { type: 'exponential'; delay: number } }>> = {
  [JobName.DeliverNotification]: { attempts: DELIVERY_ATTEMPTS, backoff: { type: 'exponential', delay: 2000 } },
};

/**
 * Re-assessment after a trust's facts change (its escalation level, then its alert rules, which may
 * depend on that level), at most twice per trust per second: at once for the first change of a
 * second (the leading job: a level changes or an alert fires within milliseconds of a quiet feed's
 * fact), and once the second has ended (the trailing job, which sees every fact applied during it).
 * Job ids name the second, so further changes within it add nothing: a burst of bed states costs
 * two assessments, not one per fact (each reads every ward of the trust and its collaboratives).
 */
export function trustReassessmentJobs(trustOds: string, now: number): { jobId: string; delay: number }[] {
  const second = Math.floor(now / 1000);
  const id = `${JobName.ReassessTrust}-${trustOds}-${second}`;
  return [
    { jobId: `${id}-lead`, delay: 0 },
    { jobId: `${id}-trail`, delay: (second + 1) * 1000 - now + 50 },
  ];
}

/** Outcomes a handler reports for expected results, instead of throwing. */
export type JobOutcome = 'applied' | 'stale' | 'skipped' | 'done';

/**
 * BullMQ job id for an event: the same event always gets the same id, so enqueueing it twice
 * runs it once. The trust is part of it because event ids are unique per trust (and kind, which
 * the job name stands for): two trusts' facts with one id are two jobs. ODS codes are three
 * letters and digits, so the parts cannot run into each other. BullMQ forbids ':' in ids and
 * plain integers, hence the escaping and prefix.
 */
export function eventJobId(name: JobName, trustOds: string, eventId: string): string {
  return `${name}-${trustOds}-${eventId.replaceAll('%', '%25').replaceAll(':', '%3A')}`;
}

/** Events of the log and the job that applies each kind (one place, for ingest and the outbox sweep). */
export type EventJob =
  | { name: typeof JobName.ApplyBedState; payload: JobPayloads[typeof JobName.ApplyBedState] }
  | { name: typeof JobName.ApplyPlacement; payload: JobPayloads[typeof JobName.ApplyPlacement] }
  | { name: typeof JobName.ApplyWaitingList; payload: JobPayloads[typeof JobName.ApplyWaitingList] }
  | { name: typeof JobName.ApplyVideoDay; payload: JobPayloads[typeof JobName.ApplyVideoDay] }
  | { name: typeof JobName.ApplyTrustFigures; payload: JobPayloads[typeof JobName.ApplyTrustFigures] }
  | { name: typeof JobName.ApplyHl7Movement; payload: JobPayloads[typeof JobName.ApplyHl7Movement] }
  | { name: typeof JobName.ApplyS136SuiteState; payload: JobPayloads[typeof JobName.ApplyS136SuiteState] }
  | { name: typeof JobName.ApplyDischargeDelays; payload: JobPayloads[typeof JobName.ApplyDischargeDelays] }
  | { name: typeof JobName.ApplyStay; payload: JobPayloads[typeof JobName.ApplyStay] }
  | { name: typeof JobName.ApplyCrisisCapacity; payload: JobPayloads[typeof JobName.ApplyCrisisCapacity] }
  | { name: typeof JobName.ApplyReferralDay; payload: JobPayloads[typeof JobName.ApplyReferralDay] };

export type LoggedEvent =
  | { kind: 'bedState'; payload: BedStateObservation }
  | { kind: 'placement'; payload: PlacementEvent }
  | { kind: 'waitingList'; payload: WaitingListSnapshot }
  | { kind: 'videoDay'; payload: VideoConsultationDay }
  | { kind: 'trustFigures'; payload: TrustFiguresRecord }
  | { kind: 'hl7Movement'; payload: Hl7Movement }
  | { kind: 's136SuiteState'; payload: S136SuiteState }
  | { kind: 'dischargeDelays'; payload: DischargeDelaysSnapshot }
  | { kind: 'stay'; payload: StayRecord }
  | { kind: 'crisisCapacity'; payload: CrisisCapacityReport }
  | { kind: 'referralDay'; payload: ReferralDay };

/** The job applying a logged fact, and its id. */
export function eventJob(event: LoggedEvent & { eventId: string; trustOds: string }): EventJob & { jobId: string } {
  const { trustOds } = event;
  const job = ((): EventJob => {
    switch (event.kind) {
      case 'bedState':
        return { name: JobName.ApplyBedState, payload: { observation: event.payload, trustOds } };
      case 'placement':
        return { name: JobName.ApplyPlacement, payload: { event: event.payload, trustOds } };
      case 'waitingList':
        return { name: JobName.ApplyWaitingList, payload: { snapshot: event.payload, trustOds } };
      case 'videoDay':
        return { name: JobName.ApplyVideoDay, payload: { day: event.payload, trustOds } };
      case 'trustFigures':
        return { name: JobName.ApplyTrustFigures, payload: { figures: event.payload, trustOds } };
      case 'hl7Movement':
        return { name: JobName.ApplyHl7Movement, payload: { movement: event.payload, trustOds } };
      case 's136SuiteState':
        return { name: JobName.ApplyS136SuiteState, payload: { state: event.payload, trustOds } };
      case 'dischargeDelays':
        return { name: JobName.ApplyDischargeDelays, payload: { snapshot: event.payload, trustOds } };
      case 'stay':
        return { name: JobName.ApplyStay, payload: { stay: event.payload, trustOds } };
      case 'crisisCapacity':
        return { name: JobName.ApplyCrisisCapacity, payload: { report: event.payload, trustOds } };
      case 'referralDay':
        return { name: JobName.ApplyReferralDay, payload: { day: event.payload, trustOds } };
    }
  })();
  return { ...job, jobId: eventJobId(job.name, trustOds, event.eventId) };
}
