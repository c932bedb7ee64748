/**
 * Where deliveries may go. Anyone signed in can point a webhook or a push subscription at any
 * URL, and the workers run inside the trust's network: without this check a URL could make them
 * POST to Redis, an internal admin page or a cloud metadata service (SSRF). Addresses in private,
 * loopback, link-local and other special ranges are refused unless the installation allows them
 * (WARDPULSE_DELIVERY_ALLOW_PRIVATE: an on-premises Teams relay, say, or the tests' receivers).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DeliveryError } from './channel-provider.js';

const special = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  special.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  special.addSubnet(network, prefix, 'ipv6');

/** True for an address no outside service has: private, loopback, link-local, multicast, reserved. */
export function isSpecialAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return special.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as IPv4.
  const mapped = address.toLowerCase().match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return special.check(mapped[1]!, 'ipv4');
  return special.check(address, 'ipv6');
}

/** Refuses (permanently) a URL whose host is or resolves to a special address. */
export async function assertDeliverableDestination(target: string, url: string, allowPrivateNetworks: boolean): Promise<void> {
  if (allowPrivateNetworks) return;
  const { hostname, host } = new URL(url);
  const bare = hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(bare) ? [bare] : (await lookup(bare, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new DeliveryError(`${target} at ${host} could not be found${typeof code === 'string' ? ` (${code})` : ''}`, false);
  }
  if (addresses.some(isSpecialAddress)) {
    throw new DeliveryError(
      `${target} at ${host} is on a private or local network, which deliveries may not reach (WARDPULSE_DELIVERY_ALLOW_PRIVATE)`,
      true,
    );
  }
}
