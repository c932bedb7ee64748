/**
 * HL7 v2 ADT end to end over a real MLLP connection and over HTTP, with real Redis, BullMQ workers
 * and PGlite/PostgreSQL: every handled event, cancellations, out-of-order delivery, duplicates,
 * malformed messages (fuzzed), unmapped locations, access, and that no identifier is kept.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { pino } from 'pino';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createRedis, EventLog, JobQueues, liveKeys, readHl7Message, sweepOutbox } from '@wardpulse/jobs';
import { addDays, londonDateOf, londonMidnight, type FlowResponse, type LiveResponse } from '@wardpulse/shared';
import { adt, patient, type Patient } from '../support/hl7-messages.js';
import { MllpClient } from '../support/mllp-client.js';
import { callAs, signIn, type SignedIn } from '../support/people.js';
import { engines, eventually, startTestApp, type TestApp } from '../support/test-app.js';

const FEED = {
  id: 'rx4-rio',
  trustOds: 'RX4',
  secret: 'test-feed-secret-0123456789abcdef0123',
  mllpPort: 0,
  allowFrom: ['127.0.0.1'],
};
/** Linux routes all of 127/8 to loopback, so 127.0.0.2 plays the one sender this feed allows. */
const LOCKED = {
  id: 'rx4-locked',
  trustOds: 'RX4',
  secret: 'locked-feed-secret-0123456789abcdef0',
  mllpPort: 0,
  allowFrom: ['127.0.0.2'],
};
const IDLE = {
  id: 'rx4-idle',
  trustOds: 'RX4',
  secret: 'idle-feed-secret-0123456789abcdef0123',
  mllpPort: 0,
  allowFrom: ['127.0.0.1'],
  idleTimeoutMs: 200,
};
/** A port and no allow-list: as a feeds file written before allow-lists were required. */
const OPEN = { id: 'rx4-open', trustOds: 'RX4', secret: 'open-feed-secret-0123456789abcdef0123', mllpPort: 0, allowFrom: [] };

describe.each(engines())('HL7 ADT on %s', (engine) => {
  let app: TestApp;
  let client: MllpClient;
  let admin: SignedIn;
  let key: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    app = await startTestApp({
      engine,
      hl7: { feeds: [FEED, LOCKED, IDLE, OPEN], mllpPort: undefined, maxMessageBytes: 64 * 1024, idleTimeoutMs: 15 * 60_000 },
      logger: pino({ level: 'trace' }, sink),
    });
    client = await MllpClient.open(app.running.hl7Ports().get(FEED.id)!);
    admin = await signIn(app.url, 'admin@wardpulse.example');
    key = await app.createKey(['RX4'], ['ingest', 'read']);
    for (const [pointOfCare, wardId] of [
      ['W01', 'RX4-W01'],
      ['W02', 'RX4-W02'],
      ['W03', 'RX4-W03'],
    ] as const) {
      const mapped = await callAs(app.url, admin, 'POST', `/admin/hl7/feeds/${FEED.id}/mappings`, { pointOfCare, wardId });
      expect(mapped.status).toBe(201);
    }
  });
  afterAll(async () => {
    client?.close();
    await app?.close();
  });

  const census = async (wardId: string) => {
    const response = await fetch(`${app.url}/api/v1/live?scope=ward:${wardId}`, { headers: { authorization: `Bearer ${key}` } });
    const state = (
      (await response.json()) as {
        snapshot: { wards: { state: { occupied: number; onLeave: number; eventId: string } | null }[] };
      }
    ).snapshot.wards[0]!.state;
    return state?.eventId.startsWith('hl7-census-')
      ? { occupied: state.occupied, onLeave: state.onLeave }
      : { occupied: 0, onLeave: 0 };
  };
  /** Waits until every logged fact is applied (movements, then the censuses they logged), then reads the ward. */
  const settled = async (wardId: string) => {
    await eventually(async () =>
      (await app.running.database.db.query<{ n: number }>('select count(*)::int as n from event_log where applied_at is null'))
        .rows[0]!.n === 0
        ? true
        : undefined,
    );
    return census(wardId);
  };
  const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;

  it('admits over MLLP: AA carrying the control id, and the ward counts the patient', async () => {
    const before = await settled('RX4-W01');
    const ack = await client.send(
      adt({ event: 'A01', controlId: 'CTRL-A01-1', patient: patient(), location: 'W01^R1^B1', at: minutesAgo(30) }),
    );
    expect(ack).toMatchObject({ code: 'AA', controlId: 'CTRL-A01-1' });
    expect(ack.text.startsWith('MSH|^~\\&|WARDPULSE|NHS|RIO|RX4|')).toBe(true);
    expect(await settled('RX4-W01')).toEqual({ occupied: before.occupied + 1, onLeave: before.onLeave });
  });

  it('follows every handled event: transfer, leave out and back, update, swap, discharge and the cancellations', async () => {
    const [a, b, c] = [patient(), patient(), patient()];
    const start = { w2: await settled('RX4-W02'), w3: await settled('RX4-W03') };
    const send = async (
      event: string,
      who: Patient,
      location: string,
      minutes: number,
      other?: { patient: Patient; location: string },
    ) =>
      expect(
        (await client.send(adt({ event, patient: who, location, at: minutesAgo(minutes), ...(other ? { other } : {}) }))).code,
      ).toBe('AA');
    await send('A01', a, 'W02', 50);
    await send('A01', b, 'W02', 49);
    await send('A01', c, 'W03', 48);
    await send('A02', b, 'W03', 40); // b: W02 → W03
    await send('A21', a, 'W02', 35); // a on leave
    expect(await settled('RX4-W02')).toEqual({ occupied: start.w2.occupied, onLeave: start.w2.onLeave + 1 });
    expect(await census('RX4-W03')).toEqual({ occupied: start.w3.occupied + 2, onLeave: start.w3.onLeave });
    await send('A22', a, 'W02', 30); // a back
    await send('A12', b, 'W03', 29); // transfer of b cancelled: back on W02
    expect(await settled('RX4-W02')).toEqual({ occupied: start.w2.occupied + 2, onLeave: start.w2.onLeave });
    await send('A17', a, 'W03', 25, { patient: c, location: 'W02' }); // a ↔ c
    expect(await settled('RX4-W02')).toEqual({ occupied: start.w2.occupied + 2, onLeave: start.w2.onLeave });
    const censuses = () =>
      app.running.database.db
        .query<{ n: number }>("select count(*)::int as n from event_log where event_id like 'hl7-census-RX4-W02-%'")
        .then((result) => result.rows[0]!.n);
    const published = await censuses();
    await send('A08', b, 'W02^R9^B9', 24); // same ward, other bed: no count changes, no new census
    expect(await settled('RX4-W02')).toEqual({ occupied: start.w2.occupied + 2, onLeave: start.w2.onLeave });
    expect(await censuses()).toBe(published);
    await send('A03', c, 'W02', 20);
    await send('A11', b, 'W02', 19); // b's admission cancelled
    expect(await settled('RX4-W02')).toEqual({ occupied: start.w2.occupied, onLeave: start.w2.onLeave });
    await send('A13', c, 'W02', 10); // c's discharge cancelled
    expect(await settled('RX4-W02')).toEqual({ occupied: start.w2.occupied + 1, onLeave: start.w2.onLeave });
    expect(await census('RX4-W03')).toEqual({ occupied: start.w3.occupied + 1, onLeave: start.w3.onLeave });
  });

  it('gets the same census whatever order the messages arrive in (event times decide), and counts duplicates once', async () => {
    const before = await settled('RX4-W03');
    const [a, b] = [patient(), patient()];
    const messages = [
      adt({ event: 'A01', patient: a, location: 'W03', at: minutesAgo(100) }),
      adt({ event: 'A03', patient: a, location: 'W03', at: minutesAgo(90) }),
      adt({ event: 'A13', patient: a, location: 'W03', at: minutesAgo(80) }),
      adt({ event: 'A01', patient: b, location: 'W03', at: minutesAgo(70) }),
      adt({ event: 'A21', patient: b, location: 'W03', at: minutesAgo(60) }),
      adt({ event: 'A11', patient: b, location: 'W03', at: minutesAgo(50) }),
    ];
    // Newest first, each one twice.
    for (const message of [...messages].reverse()) {
      expect((await client.send(message)).code).toBe('AA');
      const again = await client.send(message);
      expect(again).toMatchObject({ code: 'AA' });
      expect(again.reason).toMatch(/duplicate/);
    }
    expect(await settled('RX4-W03')).toEqual({ occupied: before.occupied + 1, onLeave: before.onLeave });
  });

  it('gives each visit its stay for length of stay: admission to discharge, cancellations undone, in any order', async () => {
    const mapped = await callAs(app.url, admin, 'POST', `/admin/hl7/feeds/${FEED.id}/mappings`, {
      pointOfCare: 'W05',
      wardId: 'RX4-W05',
    });
    expect(mapped.status).toBe(201);
    // London dates `days` before today at 01:00 there (never later than now): nights are the day counts.
    const today = londonDateOf(Date.now());
    const daysAgo = (days: number, minute = 0) =>
      Math.min(Date.now() - 60_000, londonMidnight(addDays(today, -days)) + 3_600_000 + minute * 60_000);
    const [a, b, c] = [patient(), patient(), patient()];
    const messages = [
      adt({ event: 'A01', patient: a, location: 'W05', at: daysAgo(3) }),
      adt({ event: 'A03', patient: a, location: 'W05', at: daysAgo(1) }), // a: 2 nights, discharged
      adt({ event: 'A01', patient: b, location: 'W05', at: daysAgo(5) }),
      adt({ event: 'A03', patient: b, location: 'W05', at: daysAgo(2) }),
      adt({ event: 'A13', patient: b, location: 'W05', at: daysAgo(2, 5) }), // b's discharge cancelled: still in
      adt({ event: 'A01', patient: c, location: 'W05', at: daysAgo(4) }),
      adt({ event: 'A11', patient: c, location: 'W05', at: daysAgo(4, 5) }), // c's admission cancelled: no stay
    ];
    for (const message of [...messages].reverse()) expect((await client.send(message)).code).toBe('AA');
    await settled('RX4-W05');
    const stays = await app.running.database.db.query<{ stay_ref: string; admitted_at: unknown; discharged_at: unknown }>(
      "select stay_ref, admitted_at, discharged_at from inpatient_stay where ward_id = 'RX4-W05' order by admitted_at",
    );
    expect(stays.rows.map((row) => [new Date(row.admitted_at as string).getTime(), row.discharged_at === null])).toEqual([
      [daysAgo(5), true],
      [daysAgo(3), false],
    ]);
    // Keys are hashes, never the visit number.
    for (const row of stays.rows) expect(row.stay_ref).toMatch(/^hl7\.[0-9a-f]{56}$/);
    const flow = await fetch(`${app.url}/api/v1/flow?scope=ward:RX4-W05`, { headers: { authorization: `Bearer ${key}` } });
    expect(flow.status).toBe(200);
    expect(((await flow.json()) as FlowResponse).current).toMatchObject({ stays: 1, meanNights: 5 });
  });

  it("moves a visit's stay with its transfer and refreshes both wards' live stays, as API stays do", async () => {
    for (const [pointOfCare, wardId] of [
      ['W06', 'RX4-W06'],
      ['W07', 'RX4-W07'],
    ] as const) {
      const mapped = await callAs(app.url, admin, 'POST', `/admin/hl7/feeds/${FEED.id}/mappings`, { pointOfCare, wardId });
      expect(mapped.status).toBe(201);
    }
    const stays = async (wardId: string) => {
      const response = await fetch(`${app.url}/api/v1/live?scope=ward:${wardId}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      return ((await response.json()) as LiveResponse).summary.stays;
    };
    // London dates `days` before today at 01:00 there (never later than now): nights are the day counts.
    const today = londonDateOf(Date.now());
    const daysAgo = (days: number) => Math.min(Date.now() - 60_000, londonMidnight(addDays(today, -days)) + 3_600_000);
    const a = patient();
    expect((await client.send(adt({ event: 'A01', patient: a, location: 'W06', at: daysAgo(3) }))).code).toBe('AA');
    await settled('RX4-W06');
    expect(await stays('RX4-W06')).toMatchObject({ inpatients: 1, medianNights: 3 });
    expect((await client.send(adt({ event: 'A02', patient: a, location: 'W07', at: daysAgo(1) }))).code).toBe('AA');
    await settled('RX4-W07');
    // The stay follows the visit to the ward it is on, and W06 no longer counts it.
    expect(await stays('RX4-W06')).toMatchObject({ inpatients: 0, medianNights: null });
    expect(await stays('RX4-W07')).toMatchObject({ inpatients: 1, medianNights: 3 });
    // Discharged today (never before today's London midnight, never after now).
    const discharged = Math.max(londonMidnight(today), Date.now() - 60_000);
    expect((await client.send(adt({ event: 'A03', patient: a, location: 'W07', at: discharged }))).code).toBe('AA');
    await settled('RX4-W07');
    expect(await stays('RX4-W07')).toMatchObject({ inpatients: 0, dischargesToday: 1 });
  });

  it('refuses another message under a control id already used with AE (duplicate key), changing no census', async () => {
    const before = await settled('RX4-W02');
    const controlId = `REUSED-${Date.now()}`;
    expect(
      (await client.send(adt({ event: 'A01', controlId, patient: patient(), location: 'W02', at: minutesAgo(9) }))).code,
    ).toBe('AA');
    const admitted = await settled('RX4-W02');
    expect(admitted).toEqual({ occupied: before.occupied + 1, onLeave: before.onLeave });
    const reused = await client.send(adt({ event: 'A01', controlId, patient: patient(), location: 'W02', at: minutesAgo(8) }));
    expect(reused).toMatchObject({ code: 'AE', controlId });
    expect(reused.errors).toEqual([
      { location: 'MSH^1^10', code: '205^Duplicate key identifier^HL70357', text: expect.stringMatching(/different message/) },
    ]);
    expect(await settled('RX4-W02')).toEqual(admitted);
  });

  it('counts right when many movements of many visits are applied at once by concurrent workers', async () => {
    const start = { w1: await settled('RX4-W01'), w3: await settled('RX4-W03') };
    const people = Array.from({ length: 12 }, () => patient());
    const post = (message: string) =>
      fetch(`${app.url}/api/v1/hl7/${FEED.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/hl7-v2', authorization: `Bearer ${key}` },
        body: message,
      }).then((response) => response.status);
    // Each person: admitted to W01, moved to W03; every third then discharged (0, 3, 6, 9), then 1, 5 and 9 sent on
    // leave (9 was discharged: that leave changes nothing).
    const messages = people.flatMap((person, index) => [
      adt({ event: 'A01', patient: person, location: 'W01', at: minutesAgo(40) }),
      adt({ event: 'A02', patient: person, location: 'W03', at: minutesAgo(30) }),
      ...(index % 3 === 0 ? [adt({ event: 'A03', patient: person, location: 'W03', at: minutesAgo(20) })] : []),
      ...(index % 4 === 1 ? [adt({ event: 'A21', patient: person, location: 'W03', at: minutesAgo(10) })] : []),
    ]);
    expect(new Set(await Promise.all(messages.map(post)))).toEqual(new Set([200]));
    expect(await settled('RX4-W01')).toEqual(start.w1);
    expect(await census('RX4-W03')).toEqual({ occupied: start.w3.occupied + 6, onLeave: start.w3.onLeave + 2 });
  });

  it('answers what it cannot use with AE or AR naming the field and the reason, and ignores other events', async () => {
    const missingLocation = await client.send(adt({ event: 'A01', controlId: 'BAD-1', patient: patient(), location: '' }));
    expect(missingLocation).toMatchObject({ code: 'AE', controlId: 'BAD-1' });
    expect(missingLocation.reason).toMatch(/PV1-3/);
    expect(missingLocation.errors).toEqual([
      { location: 'PV1^1^3', code: '101^Required field missing^HL70357', text: expect.stringMatching(/point of care/) },
    ]);

    const badTime = await client.send(
      adt({ event: 'A02', controlId: 'BAD-2', patient: patient(), location: 'W01' }).replace(
        /\|(\d{14})\+0000\r/g,
        '|2026139925+0000\r',
      ),
    );
    expect(badTime.code).toBe('AE');
    expect(badTime.errors.map((error) => error.location)).toContain('EVN^1^6');

    const notAdt = await client.send(
      adt({ event: 'R01', controlId: 'BAD-3', patient: patient(), location: 'W01', messageType: 'ORU' }),
    );
    expect(notAdt).toMatchObject({ code: 'AR', controlId: 'BAD-3' });
    expect(notAdt.errors[0]).toMatchObject({ location: 'MSH^1^9', code: '200^Unsupported message type^HL70357' });

    const before = await settled('RX4-W01');
    const ignored = await client.send(adt({ event: 'A20', controlId: 'IGN-1', patient: patient(), location: 'W01' }));
    expect(ignored).toMatchObject({ code: 'AA', controlId: 'IGN-1' });
    expect(ignored.reason).toMatch(/ignored/);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(
      /wardpulse_hl7_messages_total\{feed="rx4-rio",transport="mllp",event="A20",status="ignored",ack="AA"\} 1/,
    );

    client.writeRaw('this is not MLLP at all');
    const garbage = await client.send('not an HL7 message');
    expect(garbage.code).toBe('AR');
    expect(garbage.errors[0]!.location).toBe('MSH^1');

    // One message split across writes, then two in one write.
    const split = Buffer.from(
      `\u000b${adt({ event: 'A20', controlId: 'SPLIT-1', patient: patient(), location: 'W01' })}\u001c\r`,
    );
    client.writeRaw(split.subarray(0, 7));
    client.writeRaw(split.subarray(7, split.length - 1));
    client.writeRaw(split.subarray(split.length - 1));
    expect((await client.nextAck()).includes('MSA|AA|SPLIT-1|')).toBe(true);
    const pair = [1, 2].map(
      (n) => `\u000b${adt({ event: 'A20', controlId: `PAIR-${n}`, patient: patient(), location: 'W01' })}\u001c\r`,
    );
    client.writeRaw(pair.join(''));
    expect(await client.nextAck()).toMatch(/MSA\|AA\|PAIR-1\|/);
    expect(await client.nextAck()).toMatch(/MSA\|AA\|PAIR-2\|/);

    const oversize = await client.send(
      adt({ event: 'A01', controlId: 'BIG-1', patient: patient(), location: 'W01' }) + `\rZZZ|${'x'.repeat(70 * 1024)}`,
    );
    expect(oversize).toMatchObject({ code: 'AR', controlId: 'BIG-1' });
    expect(oversize.reason).toMatch(/at most 65536/);
    expect(await settled('RX4-W01')).toEqual(before);
  });

  it('answers every fuzzed message with an ACK and keeps going (fast-check)', async () => {
    const base = adt({ event: 'A01', patient: patient(), location: 'W01', at: minutesAgo(5) });
    const mutated = fc
      .tuple(fc.nat({ max: base.length }), fc.nat({ max: 40 }), fc.string({ unit: 'binary', maxLength: 40 }))
      .map(([at, remove, insert]) => base.slice(0, at) + insert + base.slice(at + remove));
    const anything = fc.oneof(
      mutated,
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constantFrom('MSH|', 'MSH|^~\\&|', '\r\r\r', 'MSH|^~\\&|A|B|C|D|x||ADT^A01|'),
    );
    await fc.assert(
      fc.asyncProperty(anything, async (text) => {
        const clean = text.replaceAll('\u000b', '').replaceAll('\u001c', '');
        const ack = await client.send(clean);
        expect(['AA', 'AE', 'AR']).toContain(ack.code);
      }),
      { numRuns: 100, endOnFailure: true },
    );
    // Still answering properly afterwards.
    expect(
      (await client.send(adt({ event: 'A20', controlId: 'AFTER-FUZZ', patient: patient(), location: 'W01' }))).controlId,
    ).toBe('AFTER-FUZZ');
  });

  it('reports an unmapped location in the admin API instead of guessing, and counts its patients once it is mapped', async () => {
    const before = await settled('RX4-W04');
    expect(
      (await client.send(adt({ event: 'A01', patient: patient(), location: 'NEWUNIT^R2^B1', at: minutesAgo(3) }))).code,
    ).toBe('AA');
    await settled('RX4-W04');
    const feeds = await callAs(app.url, admin, 'GET', '/admin/hl7/feeds');
    const detail = feeds.body.feeds.find((entry: { feed: { id: string } }) => entry.feed.id === FEED.id);
    expect(detail.unmapped).toEqual([expect.objectContaining({ pointOfCare: 'NEWUNIT', room: null, visitsNow: 1, messages: 1 })]);
    expect(detail.feed).toMatchObject({ trustOds: 'RX4', httpPath: `/api/v1/hl7/${FEED.id}` });
    expect(JSON.stringify(feeds.body)).not.toContain(FEED.secret);

    const refused = await callAs(app.url, admin, 'POST', `/admin/hl7/feeds/${FEED.id}/mappings`, {
      pointOfCare: 'NEWUNIT',
      wardId: 'RX3-W01',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([{ path: 'wardId', message: 'no ward "RX3-W01" in RX4' }]);
    const mapped = await callAs(app.url, admin, 'POST', `/admin/hl7/feeds/${FEED.id}/mappings`, {
      pointOfCare: 'NEWUNIT',
      wardId: 'RX4-W04',
    });
    expect(mapped.status).toBe(201);
    expect(
      await eventually(async () => {
        const now = await settled('RX4-W04');
        return now.occupied === before.occupied + 1 ? now : undefined;
      }),
    ).toEqual({ occupied: before.occupied + 1, onLeave: before.onLeave });
    const after = await callAs(app.url, admin, 'GET', '/admin/hl7/feeds');
    expect(after.body.feeds.find((entry: { feed: { id: string } }) => entry.feed.id === FEED.id).unmapped).toEqual([]);
  });

  it('takes messages over HTTP with an API key allowed to ingest for the feed’s trust', async () => {
    const url = `${app.url}/api/v1/hl7/${FEED.id}`;
    const post = (body: string, apiKey?: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/hl7-v2', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body,
      });
    const ok = await post(
      adt({ event: 'A01', controlId: 'HTTP-1', patient: patient(), location: 'W01', at: minutesAgo(2) }),
      key,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/application\/hl7-v2/);
    expect(await ok.text()).toMatch(/\rMSA\|AA\|HTTP-1\|/);
    const invalid = await post(adt({ event: 'A02', controlId: 'HTTP-2', patient: patient(), location: '' }), key);
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toMatch(/\rERR\|\|PV1\^1\^3\|101/);
    expect((await post('MSH|', key)).status).toBe(400);
    expect((await post(adt({ event: 'A01', patient: patient(), location: 'W01' }))).status).toBe(401);
    expect(
      (await post(adt({ event: 'A01', patient: patient(), location: 'W01' }), await app.createKey(['RX3'], ['ingest']))).status,
    ).toBe(403);
    expect(
      (await fetch(`${app.url}/api/v1/hl7/nope`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: 'x' }))
        .status,
    ).toBe(404);
  });

  it('loses nothing when the process dies between logging a movement and enqueueing it: the outbox sweep applies it', async () => {
    const before = await settled('RX4-W01');
    const reading = readHl7Message(FEED, adt({ event: 'A01', patient: patient(), location: 'W01', at: minutesAgo(1) }));
    if (reading.reduction.outcome !== 'movement') throw new Error('expected a movement');
    const { movement } = reading.reduction;
    const db = app.running.database.db;
    // What the door had done when it died: logged, never enqueued.
    await new EventLog(db).append(
      'hl7Movement',
      [{ eventId: movement.eventId, trustOds: 'RX4', wardId: null, observedAt: movement.occurredAt, payload: movement }],
      'hl7:rx4-rio',
    );
    const connection = createRedis({ url: inject('redisUrl'), name: 'hl7-test-outbox' });
    const queues = new JobQueues(connection, liveKeys(app.keyPrefix).bullPrefix);
    try {
      expect(await sweepOutbox(new EventLog(db), queues, 0)).toBe(1);
    } finally {
      await queues.close();
      connection.disconnect();
    }
    expect(await settled('RX4-W01')).toEqual({ occupied: before.occupied + 1, onLeave: before.onLeave });
  });

  it('shrugs off a sender that vanishes mid-frame and keeps answering others', async () => {
    const quitter = await MllpClient.open(app.running.hl7Ports().get(FEED.id)!);
    quitter.writeRaw(`\u000b${adt({ event: 'A01', patient: patient(), location: 'W01' }).slice(0, 40)}`);
    quitter.close();
    expect(
      (await client.send(adt({ event: 'A20', controlId: 'STILL-HERE', patient: patient(), location: 'W01' }))).controlId,
    ).toBe('STILL-HERE');
  });

  const metricsText = async () => (await fetch(`${app.url}/metrics`)).text();

  it('closes MLLP connections from addresses the feed does not allow, counts them, and serves the address it allows', async () => {
    const port = app.running.hl7Ports().get(LOCKED.id)!;
    const stranger = await MllpClient.open(port, { from: '127.0.0.1' });
    stranger.writeRaw(`\u000b${adt({ event: 'A01', patient: patient(), location: 'W01' })}\u001c\r`);
    await stranger.whenClosed();
    await expect(stranger.nextAck()).rejects.toThrow(/closed/);
    expect(await metricsText()).toMatch(/wardpulse_hl7_refused_connections_total\{feed="rx4-locked",reason="not-allowed"\} 1\n/);

    const sender = await MllpClient.open(port, { from: '127.0.0.2' });
    try {
      expect(await sender.send(adt({ event: 'A20', controlId: 'ALLOWED-1', patient: patient(), location: 'W01' }))).toMatchObject(
        {
          code: 'AA',
          controlId: 'ALLOWED-1',
        },
      );
    } finally {
      sender.close();
    }
  });

  it('closes an MLLP connection idle past its feed’s timeout, and counts it', async () => {
    const quiet = await MllpClient.open(app.running.hl7Ports().get(IDLE.id)!);
    expect(
      (await quiet.send(adt({ event: 'A20', controlId: 'BEFORE-IDLE', patient: patient(), location: 'W01' }))).controlId,
    ).toBe('BEFORE-IDLE');
    await quiet.whenClosed();
    expect(await metricsText()).toMatch(/wardpulse_hl7_refused_connections_total\{feed="rx4-idle",reason="idle-timeout"\} 1\n/);
    // The installation's default (15 minutes) holds the other feeds' connections open meanwhile.
    expect(client.closed).toBe(false);
  });

  it('opens no MLLP port for a feed without allowFrom, says why in the admin API, and keeps its HTTP door', async () => {
    expect(app.running.hl7Ports().has(OPEN.id)).toBe(false);
    const feeds = await callAs(app.url, admin, 'GET', '/admin/hl7/feeds');
    const open = feeds.body.feeds.find((entry: { feed: { id: string } }) => entry.feed.id === OPEN.id).feed;
    expect(open).toMatchObject({ mllpPort: null, allowFrom: [] });
    expect(open.mllpProblem).toMatch(/allowFrom/);
    const served = feeds.body.feeds.find((entry: { feed: { id: string } }) => entry.feed.id === FEED.id).feed;
    expect(served.mllpProblem).toBeNull();
    const http = await fetch(`${app.url}/api/v1/hl7/${OPEN.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/hl7-v2', authorization: `Bearer ${key}` },
      body: adt({ event: 'A20', controlId: 'OPEN-HTTP', patient: patient(), location: 'W01' }),
    });
    expect(http.status).toBe(200);
  });

  it('keeps no identifier from any message in the database, Redis or the logs', async () => {
    const people = [patient(), patient(), patient()];
    await client.send(adt({ event: 'A01', patient: people[0]!, location: 'W01', at: minutesAgo(4) }));
    await client.send(
      adt({
        event: 'A17',
        patient: people[1]!,
        location: 'W02',
        at: minutesAgo(3),
        other: { patient: people[2]!, location: 'W01' },
      }),
    );
    await client.send(adt({ event: 'A01', patient: people[2]!, location: '', at: minutesAgo(2) })); // refused: AE
    await settled('RX4-W01');
    const db = app.running.database.db;
    const tables = (
      await db.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
      )
    ).rows.map((row) => row.table_name);
    let stored = '';
    for (const table of tables) stored += JSON.stringify((await db.query(`select * from "${table}"`)).rows);
    const redis = new Redis(inject('redisUrl'));
    try {
      for (const redisKey of await redis.keys(`${app.keyPrefix}*`)) {
        const type = await redis.type(redisKey);
        stored += redisKey;
        if (type === 'string') stored += await redis.get(redisKey);
        else if (type === 'hash') stored += JSON.stringify(await redis.hgetall(redisKey));
        else if (type === 'stream') stored += JSON.stringify(await redis.xrange(redisKey, '-', '+'));
        else if (type === 'list') stored += JSON.stringify(await redis.lrange(redisKey, 0, -1));
        else if (type === 'zset') stored += JSON.stringify(await redis.zrange(redisKey, 0, -1));
        else if (type === 'set') stored += JSON.stringify(await redis.smembers(redisKey));
      }
    } finally {
      redis.disconnect();
    }
    const logs = logLines.join('');
    expect(stored).toContain('hl7-census-RX4-W01'); // the movements and censuses are there…
    expect(logs).toContain('hl7 message');
    for (const person of people) {
      for (const identifier of [
        person.nhsNumber,
        person.hospitalNumber,
        person.family,
        person.given,
        person.visitNumber,
        person.phone,
        person.address.split('^')[0]!,
      ]) {
        expect(stored.includes(identifier), `${identifier} in storage`).toBe(false);
        expect(logs.includes(identifier), `${identifier} in logs`).toBe(false);
      }
    }
  });
});
