/**
 * Back-loading a trust's own measures from the generic CSV: each row is checked like a live
 * submission (the shared schemas and *Violations, against the organisation), then logged to the
 * event log as history (`import:<file name>`) and marked applied with outcome `imported` in the
 * same transaction. History is not live state: nothing is enqueued for the live workers, and
 * the outbox sweep never sees these events unapplied. The roll-ups read them from the log.
 */
import type { ErrorDetail, OrgIndex, PlacementEvent, PlacementRecord, VideoDayForms } from '@wardpulse/shared';
import {
  addVideoDayForm,
  bedStateViolations,
  dischargeDelaysViolations,
  mergePlacementEvent,
  placementViolations,
  videoDayFormKey,
  videoDayFormViolations,
  referralDayViolations,
  videoDayViolations,
  waitingListViolations,
} from '@wardpulse/shared';
import type { Database } from '../storage/database.js';
import {
  EVENT_ID_CONFLICT_MESSAGE,
  EventIdConflict,
  EventLog,
  PlacementLifecycleConflict,
  type EventKind,
  type EventPayloads,
  type EventRow,
} from '../storage/event-log.js';
import type { OwnMeasureKind, RejectedRow } from './import-report.js';
import type { OwnMeasurePayloads } from './own-measures-csv.js';

const EVENT_KIND: Record<OwnMeasureKind, EventKind> = {
  'bed-states': 'bedState',
  placements: 'placement',
  'waiting-lists': 'waitingList',
  'video-consultations': 'videoDay',
  'discharge-delays': 'dischargeDelays',
  referrals: 'referralDay',
};

export interface OwnMeasureRowAt<Kind extends OwnMeasureKind = OwnMeasureKind> {
  line: number;
  payload: OwnMeasurePayloads[Kind];
}

export interface OwnMeasureBatchResult {
  imported: number;
  unchanged: number;
  rejected: RejectedRow[];
}

const reasonOf = (details: readonly ErrorDetail[]) =>
  details.map((detail) => `${detail.path ? `${detail.path} ` : ''}${detail.message}`).join('; ');

/** Logs rows of one kind as history; one instance per file (it remembers the file's placements and video days so far). */
export class OwnMeasureImporter {
  private readonly placements = new Map<string, PlacementRecord | null>();
  /** How each trust's days were reported (whole-trust or which services): the log, then this file. */
  private readonly videoForms: VideoDayForms = new Map();
  private readonly videoFormsLoaded = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly kind: OwnMeasureKind,
    private readonly org: OrgIndex,
    private readonly source: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Checks and logs one batch; rejected rows are returned with their line and reason. */
  async importBatch(rows: readonly OwnMeasureRowAt[]): Promise<OwnMeasureBatchResult> {
    const rejected: RejectedRow[] = [];
    if (this.kind === 'placements') await this.loadPlacements(rows as OwnMeasureRowAt<'placements'>[]);
    if (this.kind === 'video-consultations') await this.loadVideoForms(rows as OwnMeasureRowAt<'video-consultations'>[]);
    const accepted: { line: number; row: EventRow<EventKind> }[] = [];
    for (const { line, payload } of rows) {
      const checked = this.check(payload);
      if ('reason' in checked) rejected.push({ line, reason: checked.reason });
      else accepted.push({ line, row: checked.row });
    }
    let imported = 0;
    let unchanged = 0;
    // Rows whose event id the trust already used for a different fact are rejected, the rest
    // logged: each try drops at least one row, so this ends.
    let pending = accepted;
    for (;;) {
      try {
        const appended = await this.append(pending.map((entry) => entry.row));
        imported = appended.filter((event) => !event.duplicate).length;
        unchanged = appended.length - imported;
        break;
      } catch (error) {
        if (error instanceof EventIdConflict) {
          const refused = new Set(error.indices);
          for (const index of refused)
            rejected.push({ line: pending[index]!.line, reason: `eventId ${EVENT_ID_CONFLICT_MESSAGE}` });
          pending = pending.filter((_, index) => !refused.has(index));
          continue;
        }
        if (!(error instanceof PlacementLifecycleConflict)) throw error;
        // Another writer started or ended one of these placements meanwhile: find which, row by row.
        for (const entry of pending) {
          try {
            const [event] = await this.append([entry.row]);
            if (event?.duplicate) unchanged++;
            else imported++;
          } catch (single) {
            if (single instanceof EventIdConflict) {
              rejected.push({ line: entry.line, reason: `eventId ${EVENT_ID_CONFLICT_MESSAGE}` });
              continue;
            }
            if (!(single instanceof PlacementLifecycleConflict)) throw single;
            rejected.push({ line: entry.line, reason: 'event: the placement was started or ended by another event' });
          }
        }
        break;
      }
    }
    rejected.sort((a, b) => a.line - b.line);
    return { imported, unchanged, rejected };
  }

  private check(payload: OwnMeasurePayloads[OwnMeasureKind]): { row: EventRow<EventKind> } | { reason: string } {
    const now = this.now();
    const unknownTrust = (ods: string, field: string): ErrorDetail[] =>
      this.org.trustsByOds.has(ods) ? [] : [{ path: field, message: `unknown trust "${ods}"` }];
    switch (this.kind) {
      case 'bed-states': {
        const observation = payload as OwnMeasurePayloads['bed-states'];
        const ward = this.org.wardsById.get(observation.wardId);
        if (!ward) return { reason: `wardId unknown ward "${observation.wardId}"` };
        const details = bedStateViolations(observation, now);
        if (details.length > 0) return { reason: reasonOf(details) };
        return {
          row: {
            eventId: observation.eventId,
            trustOds: ward.trustOds,
            wardId: ward.id,
            observedAt: observation.observedAt,
            payload: { ...observation, source: { kind: 'import', name: null } },
          },
        };
      }
      case 'placements': {
        const event = payload as OwnMeasurePayloads['placements'];
        const key = `${event.sendingTrust}|${event.placementId}`;
        const details = [
          ...unknownTrust(event.sendingTrust, 'sendingTrust'),
          ...placementViolations(event, this.placements.get(key) ?? null, now),
        ];
        if (details.length > 0) return { reason: reasonOf(details) };
        this.placements.set(key, mergePlacementEvent(this.placements.get(key) ?? null, event));
        return {
          row: {
            eventId: event.eventId,
            trustOds: event.sendingTrust,
            wardId: null,
            observedAt: event.occurredAt,
            payload: event,
          },
        };
      }
      case 'discharge-delays': {
        const snapshot = payload as OwnMeasurePayloads['discharge-delays'];
        const ward = this.org.wardsById.get(snapshot.wardId);
        if (!ward) return { reason: `wardId unknown ward "${snapshot.wardId}"` };
        // The same rules as a feed's list: an NHS-number-shaped key is refused and never logged.
        const details = dischargeDelaysViolations(snapshot, now);
        if (details.length > 0) return { reason: reasonOf(details) };
        return {
          row: {
            eventId: snapshot.eventId,
            trustOds: ward.trustOds,
            wardId: ward.id,
            observedAt: snapshot.observedAt,
            payload: snapshot,
          },
        };
      }
      case 'waiting-lists': {
        const snapshot = payload as OwnMeasurePayloads['waiting-lists'];
        const details = [...unknownTrust(snapshot.trustOds, 'trustOds'), ...waitingListViolations(snapshot, now)];
        if (details.length > 0) return { reason: reasonOf(details) };
        return {
          row: {
            eventId: snapshot.eventId,
            trustOds: snapshot.trustOds,
            wardId: null,
            observedAt: snapshot.asOf,
            payload: snapshot,
          },
        };
      }
      case 'referrals': {
        const day = payload as OwnMeasurePayloads['referrals'];
        const details = [...unknownTrust(day.trustOds, 'trustOds'), ...referralDayViolations(day, now)];
        if (details.length > 0) return { reason: reasonOf(details) };
        return { row: { eventId: day.eventId, trustOds: day.trustOds, wardId: null, observedAt: day.observedAt, payload: day } };
      }
      case 'video-consultations': {
        const day = payload as OwnMeasurePayloads['video-consultations'];
        const details = [
          ...unknownTrust(day.trustOds, 'trustOds'),
          ...videoDayViolations(day, now),
          ...videoDayFormViolations(day, this.videoForms),
        ];
        if (details.length > 0) return { reason: reasonOf(details) };
        addVideoDayForm(this.videoForms, day);
        return { row: { eventId: day.eventId, trustOds: day.trustOds, wardId: null, observedAt: day.observedAt, payload: day } };
      }
    }
  }

  /** The logged lifecycle of this batch's placements not seen yet in this file. */
  private async loadPlacements(rows: readonly OwnMeasureRowAt<'placements'>[]): Promise<void> {
    const eventLog = new EventLog(this.db);
    const byTrust = new Map<string, Set<string>>();
    for (const { payload } of rows) {
      const key = `${payload.sendingTrust}|${payload.placementId}`;
      if (this.placements.has(key)) continue;
      byTrust.set(payload.sendingTrust, (byTrust.get(payload.sendingTrust) ?? new Set()).add(payload.placementId));
    }
    for (const [trust, ids] of byTrust) {
      for (const id of ids) this.placements.set(`${trust}|${id}`, null);
      const logged: PlacementEvent[] = await eventLog.placementEvents(trust, [...ids]);
      for (const event of logged) {
        const key = `${event.sendingTrust}|${event.placementId}`;
        this.placements.set(key, mergePlacementEvent(this.placements.get(key) ?? null, event));
      }
    }
  }

  /** The logged forms of this batch's video days not seen yet in this file. */
  private async loadVideoForms(rows: readonly OwnMeasureRowAt<'video-consultations'>[]): Promise<void> {
    const eventLog = new EventLog(this.db);
    const datesByTrust = new Map<string, Set<string>>();
    for (const { payload } of rows) {
      const key = videoDayFormKey(payload);
      if (this.videoFormsLoaded.has(key)) continue;
      this.videoFormsLoaded.add(key);
      datesByTrust.set(payload.trustOds, (datesByTrust.get(payload.trustOds) ?? new Set()).add(payload.date));
    }
    for (const [trustOds, dates] of datesByTrust) {
      for (const logged of await eventLog.videoDayForms(trustOds, [...dates]))
        addVideoDayForm(this.videoForms, {
          trustOds,
          date: logged.date,
          ...(logged.service === null ? {} : { service: logged.service }),
        });
    }
  }

  /** Appends and marks applied in one transaction: history never waits for (or reaches) the live workers. */
  private async append(rows: readonly EventRow<EventKind>[]) {
    if (rows.length === 0) return [];
    const kind = EVENT_KIND[this.kind];
    return this.db.transaction(async (tx) => {
      // Given the transaction itself, the event log appends within it rather than in one of its own.
      const appended = await new EventLog(tx).append(
        kind as keyof EventPayloads,
        rows as EventRow<keyof EventPayloads>[],
        this.source,
      );
      const fresh = rows.filter((_, index) => !appended[index]!.duplicate);
      if (fresh.length > 0) {
        // Known by trust, kind and id: another trust may have an unapplied fact with the same id.
        await tx.query(
          `update event_log set applied_at = clock_timestamp(), outcome = 'imported'
           from unnest($1::text[], $2::text[]) as fresh(trust_ods, event_id)
           where event_log.trust_ods = fresh.trust_ods and event_log.kind = $3 and event_log.event_id = fresh.event_id
             and applied_at is null`,
          [fresh.map((row) => row.trustOds), fresh.map((row) => row.eventId), kind],
        );
      }
      return appended;
    });
  }
}
