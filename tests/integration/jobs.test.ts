/**
 * The jobs role with real BullMQ workers: the outbox sweep applies events that were logged but
 * never enqueued (as when Redis is down at ingest), and the simulator moves the demo
 * organisation through the ordinary ingest path with possible states only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog, JobQueues, LiveStateRepository, createRedis, liveKeys, sweepOutbox } from '@wardpulse/jobs';
import { bedStateViolations, type BedStateObservation } from '@wardpulse/shared';
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
      expect(await eventLog.countUnapplied()).toBe(0);
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });

  it('simulates every demo ward with possible states through the event log', async () => {
    const db = app.running.database.db;
    const wardCount = (await db.query<{ count: number }>('select count(*)::int as count from ward')).rows[0]!.count;
    const simulated = await eventually(async () => {
      const rows = await db.query<{ count: number }>(
        "select count(distinct ward_id)::int as count from event_log where source = 'simulator' and applied_at is not null",
      );
      return rows.rows[0]!.count >= wardCount ? rows.rows[0]!.count : undefined;
    }, 30_000);
    expect(simulated).toBe(wardCount);
    const payloads = await db.query<{ payload: BedStateObservation }>("select payload from event_log where source = 'simulator'");
    for (const { payload } of payloads.rows) expect(bedStateViolations(payload, Date.now())).toEqual([]);
  });
});
