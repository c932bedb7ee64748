/**
 * Alert latency (issue #6): from a fact being accepted (202) to (a) the alert firing on the live
 * stream of a board and (b) the in-app notification reaching the person on call, through real
 * workers, one `npm start`-style process. Each round follows a quiet second, so it measures the
 * leading evaluation (at once); the trailing one (end of the second) covers bursts.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { AlertNotification, LiveDelta } from '@wardpulse/shared';
import { io } from 'socket.io-client';
import { percentile, startServerProcess, type BenchResult } from './server-process.js';

const PASSWORD = 'wardpulse-demo';

function bedState(pendingAdmissions: number) {
  return {
    eventId: `bench-alert-${randomUUID()}`,
    wardId: 'RX4-W01',
    observedAt: new Date().toISOString(),
    commissioned: 20,
    closed: 0,
    occupied: 17,
    onLeave: 1,
    pendingAdmissions,
    clinicallyReadyForDischarge: 0,
  };
}

export async function alertsBench(rounds = 40): Promise<BenchResult[]> {
  const server = await startServerProcess({ WARDPULSE_DEMO_ALERTS: 'off', WARDPULSE_DEMO_HISTORY: 'off' });
  const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    const signIn = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@wardpulse.example', password: PASSWORD }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken, user } = (await signIn.json()) as { csrfToken: string; user: { id: string } };
    const call = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    };
    await call('POST', '/rotas', {
      name: 'Bench',
      scope: 'trust:RX4',
      level: 1,
      handover: { weekday: 0, time: '09:00' },
      startsOn: '2026-01-05',
      members: [user.id],
      overrides: [],
    });
    await call('POST', '/me/contact-points', {
      kind: 'in-app',
      label: 'Bench',
      severities: ['critical'],
      settings: { sound: false, browserNotification: false },
    });
    await call('POST', '/alert-rules', {
      name: 'Bench: waiting for a bed',
      scope: 'trust:RX4',
      condition: { kind: 'threshold', figure: 'pendingAdmissions', comparator: '>', value: 5 },
      severity: 'critical',
      pendingForSeconds: 0,
      keepFiringForSeconds: 0,
    });

    const person = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
    const notifications: { at: number; notification: AlertNotification }[] = [];
    person.on('notification', (notification) => notifications.push({ at: performance.now(), notification }));
    const changes: { at: number; status: string }[] = [];
    socket.on('delta', (delta: LiveDelta) => {
      for (const change of delta.changes)
        if (change.kind === 'alert') changes.push({ at: performance.now(), status: change.alert.status });
    });
    await Promise.all(
      [socket, person].map((client) =>
        client.connected ? null : new Promise((resolve) => client.once('connect', () => resolve(null))),
      ),
    );
    await socket.emitWithAck('subscribe', { scope: 'trust:RX4' });

    const post = async (pending: number) => {
      const response = await fetch(`${server.url}/api/v1/bed-states`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(bedState(pending)),
      });
      if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
      return performance.now();
    };
    const until = async (check: () => boolean) => {
      const deadline = Date.now() + 20_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error('alert bench: nothing arrived within 20 s');
        await new Promise((wait) => setTimeout(wait, 5));
      }
    };

    const toStream: number[] = [];
    const toPerson: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const firingBefore = changes.filter((change) => change.status === 'firing').length;
      const notifiedBefore = notifications.filter((entry) => entry.notification.purpose === 'firing').length;
      const accepted = await post(9);
      await until(() => changes.filter((change) => change.status === 'firing').length > firingBefore);
      toStream.push(changes.filter((change) => change.status === 'firing').at(-1)!.at - accepted);
      await until(() => notifications.filter((entry) => entry.notification.purpose === 'firing').length > notifiedBefore);
      toPerson.push(notifications.filter((entry) => entry.notification.purpose === 'firing').at(-1)!.at - accepted);
      const resolvedBefore = changes.filter((change) => change.status === 'resolved').length;
      await post(0);
      await until(() => changes.filter((change) => change.status === 'resolved').length > resolvedBefore);
    }
    person.disconnect();
    toStream.sort((a, b) => a - b);
    toPerson.sort((a, b) => a - b);
    const params = { rounds, rule: 'threshold, no pending period', channel: 'in-app' };
    const figure = (name: string, values: number[], p: number): BenchResult => ({
      name,
      value: Number(percentile(values, p).toFixed(1)),
      unit: 'ms',
      params,
    });
    return [
      figure('alert_fire_stream_p50', toStream, 50),
      figure('alert_fire_stream_p95', toStream, 95),
      figure('alert_notify_inapp_p50', toPerson, 50),
      figure('alert_notify_inapp_p95', toPerson, 95),
    ];
  } finally {
    socket.disconnect();
    await server.stop();
  }
}
