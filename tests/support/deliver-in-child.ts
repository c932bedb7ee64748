/**
 * One webhook-style delivery (`postDelivery`) in a process of its own, for the HTTPS tests: Node
 * trusts a test certificate authority only through NODE_EXTRA_CA_CERTS, read when the process
 * starts, and the delivery code has (rightly) no option to trust another. Host names resolve
 * through the test's DNS server. Prints one JSON line: `{"delivered":true}` or `{"error":"..."}`.
 *
 *   node --conditions=wardpulse-source --import tsx tests/support/deliver-in-child.ts \
 *     '{"url":"https://hooks.test:443/x","dnsServer":"127.0.0.1:5353","allow":["127.0.0.1/32"]}'
 */
import { Resolver } from 'node:dns/promises';
import { postDelivery } from '../../jobs/src/alerts/channels/http-delivery.js';

const { url, dnsServer, allow } = JSON.parse(process.argv[2] ?? '{}') as { url: string; dnsServer: string; allow: string[] };
const resolver = new Resolver({ timeout: 2000, tries: 1 });
resolver.setServers([dnsServer]);

try {
  await postDelivery({
    target: 'webhook',
    url,
    headers: { 'Content-Type': 'application/json' },
    body: '{"event":"alert.test"}',
    timeoutMs: 5000,
    allowPrivateNetworks: allow,
    resolve: (hostname) => resolver.resolve4(hostname),
  });
  process.stdout.write(`${JSON.stringify({ delivered: true })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
}
