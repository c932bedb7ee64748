/**
 * DNS rebinding against webhook delivery (issue #16 item 5), with a real DNS server and real
 * HTTP(S) receivers on loopback. The attacker's name answers one address to the first question
 * and another to the next: a delivery that checks one answer and then lets the HTTP client
 * resolve again connects to the second. The installation here allows 127.0.0.1 only (as it
 * might allow one relay), so 127.0.0.1 plays the checked, allowed destination and 127.0.0.2 (on
 * the same port) the internal service the attacker wants reached: it must never hear a thing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createChannelProviders,
  DeliveryError,
  generateVapidKeys,
  type ChannelProviders,
} from '../../jobs/src/alerts/channels/index.js';
import { exampleNotification } from '../../jobs/src/alerts/channels/notification.fixture.js';
import { startDnsServer, type DnsServer } from '../support/dns-server.js';
import { projectRoot } from '../support/test-app.js';
import { startWebhookReceiver, type HttpReceiver } from '../support/webhook-receiver.js';

const HOST = 'hooks.rebind.test';
const CHECKED = '127.0.0.1';
const REBOUND = '127.0.0.2';
const ALLOWED = [`${CHECKED}/32`];
const recipient = { personId: 'person-on-call' };

/** What the attacker's name server answers for HOST, by how many times it has been asked. */
let answers: (count: number) => string[] = () => [CHECKED];

describe('webhook delivery against a DNS server that changes its answer', () => {
  let dns: DnsServer;
  let checked: HttpReceiver;
  let rebound: HttpReceiver;
  let providers: ChannelProviders;

  beforeAll(async () => {
    dns = await startDnsServer((name, count) => (name === HOST ? answers(count) : undefined));
    checked = await startWebhookReceiver(undefined, { host: CHECKED });
    rebound = await startWebhookReceiver(undefined, { host: REBOUND, port: Number(new URL(checked.origin).port) });
    const resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([dns.address]);
    providers = createChannelProviders({
      email: { smtpUrl: undefined, from: 'WardPulse <alerts@wardpulse.example>' },
      webPush: { ...generateVapidKeys(), subject: 'mailto:alerts@wardpulse.example' },
      // Only webhooks are sent here.
      inApp: { publish: async () => undefined },
      timeoutMs: 3000,
      allowPrivateNetworks: ALLOWED,
      resolveHost: (hostname) => resolver.resolve4(hostname),
    });
  });
  afterEach(() => {
    dns.queries.length = 0;
    checked.requests.items.length = 0;
    rebound.requests.items.length = 0;
  });
  afterAll(async () => {
    await providers?.close();
    await Promise.all([dns?.close(), checked?.close(), rebound?.close()]);
  });

  const port = () => new URL(checked.origin).port;
  const send = (path: string) =>
    providers.send(
      'webhook',
      { url: `http://${HOST}:${port()}${path}`, format: 'json', secret: 'a webhook secret of 16+' },
      exampleNotification({ deliveryId: `dlv-${randomUUID()}` }),
      recipient,
    );
  const aQueries = () => dns.queries.filter((query) => query.name === HOST && query.type === 1);

  it('connects to the address it checked, asking the name server once, never to the second answer', async () => {
    // First question: the allowed address; every later one: the address the attacker wants reached.
    answers = (count) => [count === 1 ? CHECKED : REBOUND];
    const path = `/first-${randomUUID()}`;
    await send(path);

    expect(rebound.requests.items).toEqual([]);
    expect(aQueries()).toHaveLength(1);
    const arrived = await checked.requests.waitFor((request) => request.path === path);
    expect(arrived.headers.host).toBe(`${HOST}:${port()}`);

    // The next delivery asks again, hears the other address, and refuses it before connecting.
    const error = await send(`/second-${randomUUID()}`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(true);
    expect((error as DeliveryError).message).toContain(`webhook at ${HOST}:${port()} is on a private or local network`);
    expect(aQueries()).toHaveLength(2);
    expect(rebound.requests.items).toEqual([]);
    expect(checked.requests.items).toHaveLength(1);
  });

  it('refuses a name that answers an allowed and a refused address together, reaching neither', async () => {
    answers = () => [CHECKED, REBOUND];
    const error = await send(`/both-${randomUUID()}`).catch((caught: unknown) => caught);
    expect((error as DeliveryError).message).toContain('is on a private or local network');
    expect(checked.requests.items).toEqual([]);
    expect(rebound.requests.items).toEqual([]);
  });

  it('does not follow a redirect to an address nobody checked', async () => {
    answers = () => [CHECKED];
    checked.answerNext({ status: 307, headers: { location: `${rebound.origin}/internal` } });
    const error = await send(`/redirected-${randomUUID()}`).catch((caught: unknown) => caught);
    expect((error as DeliveryError).permanent).toBe(true);
    expect((error as DeliveryError).message).toBe(
      `webhook at ${HOST}:${port()} answered HTTP 307 (a redirect, which is not followed)`,
    );
    expect(checked.requests.items).toHaveLength(1);
    expect(rebound.requests.items).toEqual([]);
  });
});

describe('webhook delivery over HTTPS to a pinned address', () => {
  let dns: DnsServer;
  let folder: string;
  const receivers: HttpReceiver[] = [];

  /** A certificate authority and a certificate from it for `name`, made with the openssl CLI. */
  function certificateFor(name: string): { key: string; cert: string } {
    const file = (suffix: string) => join(folder, `${name}.${suffix}`);
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    execFileSync('openssl', ['req', ...ec, '-keyout', file('key'), '-out', file('csr'), '-subj', `/CN=${name}`], {
      stdio: 'ignore',
    });
    writeFileSync(file('ext'), `subjectAltName=DNS:${name}\n`);
    execFileSync(
      'openssl',
      [
        'x509',
        '-req',
        '-in',
        file('csr'),
        '-CA',
        join(folder, 'ca.pem'),
        '-CAkey',
        join(folder, 'ca.key'),
        '-CAcreateserial',
        '-days',
        '1',
        '-extfile',
        file('ext'),
        '-out',
        file('pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(file('key'), 'utf8'), cert: readFileSync(file('pem'), 'utf8') };
  }

  /** Delivers in a child process that trusts the test authority; resolves with what it printed. */
  function deliverInChild(url: string): Promise<{ delivered?: true; error?: string }> {
    const child = spawn(
      process.execPath,
      [
        '--conditions=wardpulse-source',
        '--import',
        'tsx',
        join(projectRoot, 'tests/support/deliver-in-child.ts'),
        JSON.stringify({ url, dnsServer: dns.address, allow: ALLOWED }),
      ],
      {
        cwd: projectRoot,
        env: { ...process.env, NODE_EXTRA_CA_CERTS: join(folder, 'ca.pem') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    return new Promise((resolve, reject) =>
      child.on('exit', () => {
        const line = output.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(line) as { delivered?: true; error?: string });
        } catch {
          reject(new Error(`the delivery process printed ${JSON.stringify(output)}; stderr: ${errors}`));
        }
      }),
    );
  }

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'wardpulse-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        join(folder, 'ca.key'),
        '-out',
        join(folder, 'ca.pem'),
        '-subj',
        '/CN=WardPulse test authority',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign',
      ],
      { stdio: 'ignore' },
    );
    dns = await startDnsServer((name) => (name === HOST ? [CHECKED] : undefined));
  });
  afterAll(async () => {
    await Promise.all([dns?.close(), ...receivers.map((receiver) => receiver.close())]);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('sends the host name (SNI) and accepts a certificate for it, though it connects to an address', async () => {
    const receiver = await startWebhookReceiver(undefined, { host: CHECKED, tls: certificateFor(HOST) });
    receivers.push(receiver);
    const url = `https://${HOST}:${new URL(receiver.origin).port}/hook`;
    expect(await deliverInChild(url)).toEqual({ delivered: true });
    const [request] = receiver.requests.items;
    expect(request?.servername).toBe(HOST);
    expect(request?.headers.host).toBe(`${HOST}:${new URL(receiver.origin).port}`);
  }, 30_000);

  it('refuses a certificate for another name at the checked address', async () => {
    const receiver = await startWebhookReceiver(undefined, { host: CHECKED, tls: certificateFor('other.rebind.test') });
    receivers.push(receiver);
    const url = `https://${HOST}:${new URL(receiver.origin).port}/hook`;
    expect(await deliverInChild(url)).toEqual({
      error: `webhook at ${HOST}:${new URL(receiver.origin).port} could not be reached (ERR_TLS_CERT_ALTNAME_INVALID)`,
    });
    expect(receiver.requests.items).toEqual([]);
  }, 30_000);
});
