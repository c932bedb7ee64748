/**
 * Referrals end to end against real Redis, real BullMQ workers and a real database (PGlite, and
 * PostgreSQL where reachable): a feed's day of referrals goes through the event log and a worker to
 * a referralDay change over Socket.IO; a repeat counts once; a later report of the same day and
 * service replaces the earlier one and an older one never does; the summary gives the acceptance
 * rate of decided referrals and the rate per 100,000 of the trust's population; a 422 names the
 * field and logs nothing; another trust's key is refused.
 */
import type { LiveDelta, LiveResponse } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectDeltas, connectLive, connected, subscribe } from '../support/live-client.js';
import { engines, eventually, postJson, referralDay, startTestApp, type TestApp } from '../support/test-app.js';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

type ReferralChange = Extract<LiveDelta['changes'][number], { kind: 'referralDay' }>;
const referralChanges = (deltas: readonly LiveDelta[]) =>
  deltas.flatMap((delta) => delta.changes.filter((change): change is ReferralChange => change.kind === 'referralDay'));

describe.each(engines())('referrals on %s', (engine) => {
  let app: TestApp;
  let key: string;
  let rx3Key: string;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX4']);
    rx3Key = await app.createKey(['RX3']);
  });
  afterAll(() => app?.close());

  const post = (body: unknown, apiKey: string = key) => postJson(`${app.url}/api/v1/referrals`, body, apiKey);
  const live = async (scope: string): Promise<LiveResponse> => {
    const response = await fetch(`${app.url}/api/v1/live?scope=${scope}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as LiveResponse;
  };
  const outcomeOf = async (eventId: string) =>
    (
      await app.running.database.db.query<{ outcome: string | null }>('select outcome from event_log where event_id = $1', [
        eventId,
      ])
    ).rows[0]?.outcome ?? undefined;

  it('takes a day of referrals through the event log and a worker to a live change, and counts a repeat once', async () => {
    const socket = connectLive(app.url, key);
    try {
      await connected(socket);
      const deltas = collectDeltas(socket);
      expect((await subscribe(socket, 'trust:RX4')).ok).toBe(true);
      const sent = referralDay('RX4', { observedAt: minutesAgo(30) });
      const first = await post(sent);
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({ accepted: 1, duplicates: 0 });
      expect((await post(sent)).body).toMatchObject({ accepted: 0, duplicates: 1 });

      const change = await eventually(() => referralChanges(deltas).find((c) => c.referralDay.eventId === sent.eventId));
      expect(change).toMatchObject({
        trustOds: 'RX4',
        referralDay: { received: 52, accepted: 30, service: 'single-point-of-access' },
      });
      await eventually(async () => ((await outcomeOf(sent.eventId)) === 'applied' ? true : undefined));
      // Counts only: the payload logged is the report as sent, no person in it.
      const logged = await app.running.database.db.query<{ payload: Record<string, unknown> }>(
        'select payload from event_log where event_id = $1',
        [sent.eventId],
      );
      expect(Object.keys(logged.rows[0]!.payload).sort()).toEqual(Object.keys(sent).sort());
    } finally {
      socket.disconnect();
    }
  });

  it("replaces a day's report with a later one of the same service, never with an older one, and sums services", async () => {
    const later = referralDay('RX4', { observedAt: minutesAgo(5), accepted: 36, declined: 14, pending: 2 });
    const older = referralDay('RX4', { observedAt: minutesAgo(60), accepted: 1, declined: 1, pending: 50 });
    // The community team's own front door: 14 received, 9 accepted, 5 declined.
    const community = referralDay('RX4', {
      service: 'community-mh-adult',
      observedAt: minutesAgo(5),
      received: 14,
      accepted: 9,
      declined: 5,
      pending: 0,
      bySource: { A1: 10, P1: 4 },
    });
    expect((await post({ events: [later, community] })).status).toBe(202);
    await eventually(async () => ((await outcomeOf(community.eventId)) === 'applied' ? true : undefined));
    expect((await post(older)).status).toBe(202);
    await eventually(async () => ((await outcomeOf(older.eventId)) === 'stale' ? true : undefined));

    const body = await live('trust:RX4');
    const days = body.snapshot.trusts.find((trust) => trust.ods === 'RX4')?.referralDays ?? [];
    expect(days.map((day) => day.eventId).sort()).toEqual([later.eventId, community.eventId].sort());
    // 52 + 14 = 66 received; 36 + 9 = 45 accepted, 14 + 5 = 19 declined: 45 ÷ 64 = 0.703125.
    const referrals = body.summary.referrals;
    expect(referrals.today).toMatchObject({ received: 66, accepted: 45, declined: 19, pending: 2 });
    expect(referrals.today.acceptanceRate).toBeCloseTo(0.703125, 6);
    expect(referrals.byService.map((entry) => entry.service)).toEqual(['single-point-of-access', 'community-mh-adult']);
    // The demo population of RX4 is 1,700,000: 66 ÷ 1,700,000 × 100,000 = 3.882352…
    expect(referrals.todayPer100k).toBeCloseTo(3.882353, 5);
  });

  it('refuses impossible counts with a 422 naming the field, logging nothing', async () => {
    const wrongSum = referralDay('RX4', { pending: 9 });
    const refused = await post(wrongSum);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'pending' })]);
    const badSource = await post({ events: [referralDay('RX4'), referralDay('RX4', { bySource: { Z9: 1 } })] });
    expect(badSource.status).toBe(422);
    expect(badSource.body.error.details).toEqual([expect.objectContaining({ path: 'events[1].bySource.Z9' })]);
    const shape = await post(referralDay('RX4', { service: 'a-and-e' }));
    expect(shape.status).toBe(400);
    expect(shape.body.error.details).toEqual([expect.objectContaining({ path: 'service' })]);
    expect(await outcomeOf(wrongSum.eventId)).toBeUndefined();
  });

  it("refuses another trust's key", async () => {
    const response = await post(referralDay('RX4'), rx3Key);
    expect(response.status).toBe(403);
    expect(JSON.stringify(response.body)).toContain('trustOds');
  });
});
