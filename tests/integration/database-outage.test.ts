/**
 * Fault tolerance (issue #8): PostgreSQL unreachable. Ingest answers 503 with Retry-After rather
 * than accepting what it cannot keep, /readyz says not ready, and once the database is back
 * everything recovers by itself — the next event is accepted and applied, nothing restarted.
 * The outage is a real cut: a TCP proxy in front of the real PostgreSQL drops every connection.
 */
import { openPostgres } from '@wardpulse/jobs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { bedState, createPostgresDatabase, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

describe.skipIf(!inject('postgresAdminUrl'))('PostgreSQL unavailable (needs PostgreSQL)', () => {
  let app: TestApp;
  let proxy: TcpProxy;
  let database: { url: string; drop: () => Promise<void> };
  let proxiedUrl: string;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const direct = new URL(database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(database.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    proxiedUrl = proxied.toString();
    app = await startTestApp({ engine: 'postgres', databaseUrl: proxiedUrl });
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await database?.drop();
  });

  it('refuses to accept what it cannot keep, and recovers by itself', async () => {
    const key = await app.createKey(['RX4']);
    expect((await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W01'), key)).status).toBe(202);

    await proxy.cut();
    // The key check itself needs the database: either way, nothing is accepted.
    const refusedEvent = bedState('RX4-W01', { occupied: 12 });
    const refused = await postJson(`${app.url}/api/v1/bed-states`, refusedEvent, key);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body.error.code).toBe('unavailable');
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ database: false, redis: true });

    await proxy.restore();
    const later = bedState('RX4-W01', { occupied: 13 });
    const accepted = await eventually(async () => {
      const response = await postJson(`${app.url}/api/v1/bed-states`, later, key);
      return response.status === 202 ? response : undefined;
    }, 30_000);
    expect(accepted.body).toMatchObject({ accepted: 1 });
    await eventually(async () => {
      const live = (await (
        await fetch(`${app.url}/api/v1/live?scope=ward:RX4-W01`, { headers: { authorization: `Bearer ${key}` } })
      ).json()) as { snapshot: { wards: { state: { eventId: string } | null }[] } };
      return live.snapshot.wards[0]?.state?.eventId === later.eventId ? true : undefined;
    });
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    // What was refused was not kept either: the sender retries it.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const kept = await client.query('select event_id from event_log where event_id = $1', [refusedEvent.eventId]);
      expect(kept.rows).toEqual([]);
    } finally {
      await client.end();
    }
  }, 60_000);

  it('loses a connection in the middle of a transaction without an uncaught error, and the pool carries on', async () => {
    const lost: Error[] = [];
    const db = await openPostgres({ connectionString: proxiedUrl, onConnectionLost: (error) => lost.push(error) });
    try {
      let inside!: () => void;
      const started = new Promise<void>((resolve) => (inside = resolve));
      const transaction = db.transaction(async (tx) => {
        await tx.query('select 1');
        inside();
        // Still in the transaction when the connection goes: pg emits the loss on the checked-out
        // client, which crashed the process when nothing listened (Vitest reports it as uncaught).
        await tx.query('select pg_sleep(5)');
      });
      await started;
      await proxy.cut();
      await expect(transaction).rejects.toThrow(/terminated|ECONNRESET/i);
      expect(lost).not.toEqual([]);
      for (const error of lost) expect(error.message).toMatch(/terminated|ECONNRESET/i);
      await proxy.restore();
      const after = await eventually(
        async () => (await db.query<{ one: number }>('select 1 as one').catch(() => undefined))?.rows,
      );
      expect(after).toEqual([{ one: 1 }]);
    } finally {
      await proxy.restore();
      await db.close();
    }
  }, 30_000);
});
