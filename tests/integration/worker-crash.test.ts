/**
 * Fault tolerance (issue #8): a worker process killed with SIGKILL in the middle of a burst of
 * 10,000 events. Another worker takes over the dead one's jobs once their locks lapse; every
 * accepted event is applied (none lost), none twice (no event's change reaches the stream twice),
 * and every ward ends on its newest observation.
 *
 * Real processes (`node server/dist/main.js --role=jobs`), real Redis and PostgreSQL (embedded
 * PGlite has one owner process). Needs the build (`npm test` builds first).
 */
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bedState, eventually, postJson, startRoleProcess, startTestApp, type TestApp } from '../support/test-app.js';

const EVENTS = 10_000;
const WARDS = 200;
const BATCH = 500;

describe.skipIf(!inject('postgresAdminUrl'))('a worker killed mid-burst (needs PostgreSQL)', () => {
  let app: TestApp;
  const workers: ChildProcess[] = [];

  function startWorker(): ChildProcess {
    // A dead worker's jobs pass to the other within seconds rather than half a minute.
    const { child } = startRoleProcess(app, 'jobs', { WARDPULSE_JOB_LOCK_MS: '3000', LOG_LEVEL: 'warn' });
    workers.push(child);
    return child;
  }

  beforeAll(async () => {
    // The server alone here: it logs and enqueues; the worker processes apply.
    app = await startTestApp({ engine: 'postgres', role: 'server' });
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await app?.close();
  });

  it('applies each of 10,000 events exactly once although the worker applying them is killed', async () => {
    const key = await app.createKey(['RX4', 'RX3', 'RW4', 'RV5', 'RPG', 'RQY', 'RXY', 'R1L', 'RWX', 'TAD', 'RW5']);
    const wards = (
      (await (await fetch(`${app.url}/api/v1/org`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
        wards: { id: string; commissionedBeds: number }[];
      }
    ).wards.slice(0, WARDS);
    expect(wards).toHaveLength(WARDS);
    const first = startWorker();

    // Round r gives every ward an observation r seconds after the start: each newer than the last.
    const start = Date.now() - 60 * 60_000;
    const events = Array.from({ length: EVENTS }, (_, index) => {
      const ward = wards[index % WARDS]!;
      const round = Math.floor(index / WARDS);
      return bedState(ward.id, {
        observedAt: new Date(start + round * 1000).toISOString(),
        commissioned: ward.commissionedBeds,
        closed: 0,
        closedReason: undefined,
        occupied: round % (ward.commissionedBeds + 1),
        onLeave: 0,
        pendingAdmissions: round % 5,
        clinicallyReadyForDischarge: 0,
      });
    });
    let killed = false;
    for (let offset = 0; offset < EVENTS; offset += BATCH) {
      const response = await postJson(`${app.url}/api/v1/bed-states`, { events: events.slice(offset, offset + BATCH) }, key);
      expect(response.status).toBe(202);
      // Kill the worker in the middle of the burst, while it holds jobs.
      if (!killed && offset >= EVENTS / 2) {
        first.kill('SIGKILL');
        killed = true;
        startWorker();
      }
    }

    const database = new pg.Client({ connectionString: app.databaseUrl });
    await database.connect();
    try {
      const ids = events.map((event) => event.eventId);
      await eventually(async () => {
        const { rows } = await database.query<{ pending: number }>(
          'select count(*)::int as pending from event_log where event_id = any($1) and applied_at is null',
          [ids],
        );
        return rows[0]!.pending === 0 ? true : undefined;
      }, 120_000);
      const logged = await database.query<{ count: number }>(
        'select count(*)::int as count from event_log where event_id = any($1)',
        [ids],
      );
      expect(logged.rows[0]!.count).toBe(EVENTS);
    } finally {
      await database.end();
    }

    // No event's change reached the stream twice; every ward ends on its newest observation.
    const redis = new Redis(inject('redisUrl'));
    try {
      const entries = await redis.xrange(`{${app.keyPrefix}}:changes`, '-', '+');
      const seen = new Map<string, number>();
      for (const [, fields] of entries) {
        const change = JSON.parse(fields[fields.indexOf('change') + 1]!) as { kind: string; state?: { eventId: string } };
        if (change.kind === 'wardState') seen.set(change.state!.eventId, (seen.get(change.state!.eventId) ?? 0) + 1);
      }
      expect([...seen.values()].filter((count) => count > 1)).toEqual([]);
      const newest = events.slice(-WARDS);
      const live = (await (
        await fetch(`${app.url}/api/v1/live?scope=trust:RX4`, { headers: { authorization: `Bearer ${key}` } })
      ).json()) as { snapshot: { wards: { ward: { id: string }; state: { eventId: string } | null }[] } };
      for (const ward of live.snapshot.wards) {
        const expected = newest.find((event) => event.wardId === ward.ward.id);
        if (expected) expect(ward.state?.eventId, ward.ward.id).toBe(expected.eventId);
      }
      expect(first.signalCode).toBe('SIGKILL');
    } finally {
      redis.disconnect();
    }
  }, 180_000);
});
