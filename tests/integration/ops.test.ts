/** Operations endpoints and security headers of a running app. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedState, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

describe('operations endpoints', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', redis: true, database: true });
  });

  it('counts ingested events and rejections in /metrics', async () => {
    const key = await app.createKey(['RX4']);
    await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W01'), key);
    await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W01', { occupied: -1 }), key);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/wardpulse_ingested_events_total\{kind="bedState",duplicate="false"\} 1/);
    expect(metrics).toMatch(/wardpulse_rejected_requests_total\{code="invalid",route="\/bed-states"\} 1/);
    expect(metrics).toContain('wardpulse_http_request_duration_seconds_bucket');
  });

  it('reports queue depths and how long jobs waited and ran', async () => {
    const key = await app.createKey(['RX4']);
    expect((await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W02'), key)).status).toBe(202);
    const metrics = await eventually(async () => {
      const text = await (await fetch(`${app.url}/metrics`)).text();
      return /wardpulse_job_duration_seconds_count\{job="apply-bed-state",outcome="completed"\} [1-9]/.test(text)
        ? text
        : undefined;
    });
    expect(metrics).toMatch(/wardpulse_job_wait_seconds_count\{job="apply-bed-state"\} [1-9]/);
    for (const queue of ['ingest', 'alerts', 'notifications', 'maintenance', 'simulator'])
      expect(metrics).toMatch(new RegExp(`wardpulse_queue_jobs\\{queue="${queue}",state="waiting"\\} \\d+`));
  });

  it('serves the OpenAPI document', async () => {
    const document = (await (await fetch(`${app.url}/api/docs`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/bed-states', '/api/v1/live', '/api/v1/org']));
  });

  it('sends security headers and a JSON 404 for unknown API routes', async () => {
    const response = await fetch(`${app.url}/api/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('refuses a WebSocket from another origin', async () => {
    const response = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
    const sameOrigin = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: app.url } });
    expect(sameOrigin.status).toBe(200);
  });
});

describe('/metrics behind WARDPULSE_METRICS_TOKEN (#16 item 13)', () => {
  const token = 'metrics-token-0123456789abcdef';
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ metricsToken: token });
  });
  afterAll(() => app?.close());

  it('answers 401 without the bearer token or with another, and the metrics with it', async () => {
    const none = await fetch(`${app.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    const wrong = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${token}x` } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('wardpulse_http_request_duration_seconds');
  });
});
