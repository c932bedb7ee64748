/**
 * One HTTP POST to somebody else's server (a webhook, a push service), the same way for every
 * channel that needs it: a time limit, failures as DeliveryErrors that name the host only (the
 * path can be the secret: Teams and Slack webhooks, push endpoints), and the connection made to
 * an address the outbound-address check passed:
 *
 * - the host is resolved once and every address checked; the request's `lookup` hands the socket
 *   those addresses, so no second resolution can lead it elsewhere (DNS rebinding). TLS still
 *   verifies the certificate against the host name (Node sets the SNI and checks the name from the
 *   URL's host, not from the address);
 * - redirects are never followed (node:http does not follow them): a 3xx is a failed delivery,
 *   for good, since its Location could be an address nobody checked. Webhooks should not redirect.
 */
import type { LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { PrivateNetworkAllowance } from '@wardpulse/shared';
import { DeliveryError } from './channel-provider.js';
import { deliverableAddresses, type HostResolver } from './outbound-address.js';

export interface HttpDelivery {
  /** What the far end is, for messages: "webhook", "push service". */
  target: string;
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
  timeoutMs: number;
  /** Private, loopback and link-local destinations this installation allows (refused by default: SSRF). */
  allowPrivateNetworks: PrivateNetworkAllowance;
  /** How host names are resolved (the system's resolver unless a test brings its own DNS server). */
  resolve?: HostResolver;
  /** Words for a status that deserves them ("subscription expired"). */
  explainStatus?: (status: number) => string | undefined;
}

/** Retrying cannot help: a redirect, or a client error other than 408 (timeout) and 429 (slow down). */
export function isPermanentHttpStatus(status: number): boolean {
  return status >= 300 && status < 500 && status !== 408 && status !== 429;
}

function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `did not answer within ${timeoutMs} ms`;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  // The error text can quote the URL; the code alone is safe to keep.
  return typeof code === 'string' ? `could not be reached (${code})` : 'could not be reached';
}

/** A `lookup` that answers with the checked addresses, whatever name it is asked for. */
function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    // Node asks for every address when it races IPv6 and IPv4 (autoSelectFamily); all were checked.
    if (options.all) callback(null, [...addresses]);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

/** Sends the POST to one of `addresses`; resolves with the status once the answer's head arrives. */
function post(url: URL, addresses: readonly LookupAddress[], delivery: HttpDelivery): Promise<number> {
  const body = typeof delivery.body === 'string' ? Buffer.from(delivery.body, 'utf8') : delivery.body;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...delivery.headers, 'Content-Length': String(body.byteLength) },
        lookup: pinnedLookup(addresses),
        // A connection of its own: a pooled socket would carry whatever address an earlier check passed.
        agent: false,
        signal: AbortSignal.timeout(delivery.timeoutMs),
      },
      (response) => {
        // The answer's body is not read into messages: error pages can echo the request path.
        response.destroy();
        resolve(response.statusCode ?? 0);
      },
    );
    // `on`, not `once`: a timeout firing after the answer still emits an error, which must not go unheard.
    request.on('error', reject);
    request.end(body);
  });
}

export async function postDelivery(delivery: HttpDelivery): Promise<void> {
  const url = new URL(delivery.url);
  const addresses = await deliverableAddresses(delivery.target, url, delivery.allowPrivateNetworks, delivery.resolve);
  let status: number;
  try {
    status = await post(url, addresses, delivery);
  } catch (error) {
    throw new DeliveryError(`${delivery.target} at ${url.host} ${failureReason(error, delivery.timeoutMs)}`, false);
  }
  if (status >= 200 && status < 300) return;
  const explanation = status >= 300 && status < 400 ? 'a redirect, which is not followed' : delivery.explainStatus?.(status);
  throw new DeliveryError(
    `${delivery.target} at ${url.host} answered HTTP ${status}${explanation ? ` (${explanation})` : ''}`,
    isPermanentHttpStatus(status),
  );
}
