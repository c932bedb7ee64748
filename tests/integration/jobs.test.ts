/**
 * The jobs role with real BullMQ workers: the outbox sweep applies events that were logged but
 * never enqueued (as when Redis is down at ingest), and the simulator moves the demo
 * organisation through the ordinary ingest path with possible states only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog, JobQueues, LiveStateRepository, createRedis, liveKeys, sweepOutbox } from '@wardpulse/jobs';
import {
  bedStateViolations,
  crisisCapacityViolations,
  dischargeDelaysViolations,
  s136SuiteStateViolations,
  trustFiguresViolations,
  referralDayViolations,
  videoDayViolations,
  waitingListViolations,
  type BedStateObservation,
  type CrisisCapacityReport,
  type CrisisService,
  type DischargeDelaysSnapshot,
  type S136SuiteState,
  type TrustFiguresObservation,
  type ReferralDay,
  type VideoConsultationDay,
  type WaitingListSnapshot,
} from '@wardpulse/shared';
import { bedState, engines, eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { inject } from 'vitest';

describe.each(engines())('jobs on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine, simulator: true });
  });
  afterAll(() => app?.close());

  it('re-enqueues and applies an event that was logged but never enqueued', async () => {
    const eventLog = new EventLog(app.running.database.db);
    const observation = bedState('RX3-W02', {
      occupied: 13,
      observedAt: new Date(Date.now() + 60_000).toISOString(),
    }) as BedStateObservation;
    await eventLog.appendBedStates([observation], () => 'RX3', 'test');
    const redis = createRedis({ url: inject('redisUrl') });
    const queues = new JobQueues(redis, liveKeys(app.keyPrefix).bullPrefix);
    try {
      expect(await sweepOutbox(eventLog, queues, 0)).toBeGreaterThanOrEqual(1);
      const live = new LiveStateRepository(redis, liveKeys(app.keyPrefix));
      const applied = await eventually(async () => {
        const state = (await live.readWardStates(['RX3-W02'])).get('RX3-W02');
        return state?.eventId === observation.eventId ? state : undefined;
      });
      expect(applied.occupied).toBe(13);
      // Marked applied in the log (the simulator's own events may still be in flight beside it).
      await eventually(async () => {
        const rows = await app.running.database.db.query(
          'select 1 from event_log where event_id = $1 and applied_at is not null',
          [observation.eventId],
        );
        return rows.rows.length === 1 ? true : undefined;
      });
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });

  it('simulates every demo ward and all four measures with possible facts through the event log', async () => {
    const db = app.running.database.db;
    const wardCount = (await db.query<{ count: number }>('select count(*)::int as count from ward')).rows[0]!.count;
    const simulated = await eventually(async () => {
      const rows = await db.query<{ count: number }>(
        "select count(distinct ward_id)::int as count from event_log where source = 'simulator' and applied_at is not null",
      );
      return rows.rows[0]!.count >= wardCount ? rows.rows[0]!.count : undefined;
    }, 30_000);
    expect(simulated).toBe(wardCount);
    const payloads = await db.query<{ kind: string; payload: unknown }>(
      "select kind, payload from event_log where source = 'simulator'",
    );
    const now = Date.now();
    const org = (await (await fetch(`${app.url}/api/v1/org`)).json()) as { crisisServices: CrisisService[] };
    const services = new Map(org.crisisServices.map((service) => [service.id, service]));
    for (const { kind, payload } of payloads.rows) {
      if (kind === 'bedState') expect(bedStateViolations(payload as BedStateObservation, now)).toEqual([]);
      if (kind === 'waitingList') expect(waitingListViolations(payload as WaitingListSnapshot, now)).toEqual([]);
      if (kind === 'videoDay') expect(videoDayViolations(payload as VideoConsultationDay, now)).toEqual([]);
      if (kind === 'trustFigures') expect(trustFiguresViolations(payload as TrustFiguresObservation, now)).toEqual([]);
      if (kind === 's136SuiteState') expect(s136SuiteStateViolations(payload as S136SuiteState, now)).toEqual([]);
      if (kind === 'dischargeDelays') expect(dischargeDelaysViolations(payload as DischargeDelaysSnapshot, now)).toEqual([]);
      if (kind === 'referralDay') expect(referralDayViolations(payload as ReferralDay, now)).toEqual([]);
      if (kind === 'crisisCapacity') {
        const report = payload as CrisisCapacityReport;
        const service = services.get(report.serviceId);
        expect(service, report.serviceId).toBeDefined();
        expect(crisisCapacityViolations(report, service!, now)).toEqual([]);
      }
    }
    // Every demo trust gets all three trust-level measures, its own figures, its suites' states, its
    // wards' delayed-discharge lists, its single point of access's referrals and its crisis services'
    // capacity, applied by the workers.
    const trusts = (await db.query<{ count: number }>('select count(*)::int as count from trust')).rows[0]!.count;
    const perKind = await eventually(async () => {
      const rows = await db.query<{ kind: string; trusts: number }>(
        `select kind, count(distinct trust_ods)::int as trusts from event_log
         where source = 'simulator' and applied_at is not null and kind <> 'bedState' group by kind`,
      );
      const counts = Object.fromEntries(rows.rows.map((row) => [row.kind, row.trusts]));
      const kinds = [
        'placement',
        'waitingList',
        'videoDay',
        'trustFigures',
        's136SuiteState',
        'dischargeDelays',
        'referralDay',
        'crisisCapacity',
      ];
      return kinds.every((kind) => counts[kind] === trusts) ? counts : undefined;
    }, 30_000);
    expect(perKind).toEqual({
      placement: trusts,
      waitingList: trusts,
      videoDay: trusts,
      trustFigures: trusts,
      s136SuiteState: trusts,
      dischargeDelays: trusts,
      referralDay: trusts,
      crisisCapacity: trusts,
    });
  });
});
