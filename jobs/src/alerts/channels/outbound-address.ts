/**
 * Where deliveries may go. Anyone signed in can point a webhook or a push subscription at any
 * URL, and the workers run inside the trust's network: without this check a URL could make them
 * POST to Redis, an internal admin page or a cloud metadata service (SSRF). Addresses in private,
 * loopback, link-local and other special ranges are refused unless the installation allows them
 * (WARDPULSE_DELIVERY_ALLOW_PRIVATE: all of them, or named networks such as an on-premises Teams
 * relay; the tests' receivers are on loopback).
 *
 * The host is resolved once, here, and the delivery connects to the addresses this check passed
 * (`http-delivery.ts` pins them): resolving again to connect would let a DNS server answer a public
 * address to the check and an internal one to the connection (DNS rebinding).
 */
import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { PrivateNetworkAllowance } from '@wardpulse/shared';
import { DeliveryError } from './channel-provider.js';

const special4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  special4.addSubnet(network, prefix, 'ipv4');

const special6 = new BlockList();
for (const [network, prefix] of [
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local: deprecated, still routed inside some networks
  ['ff00::', 8], // multicast
] as const)
  special6.addSubnet(network, prefix, 'ipv6');

/**
 * IPv6 forms that carry an IPv4 address: a host or gateway that speaks them delivers to that IPv4
 * address, so the address is judged as the IPv4 one it carries. `prefix` is whole bytes.
 */
const EMBEDDING_FORMS: readonly { prefix: readonly number[]; ipv4At: number }[] = [
  // IPv4-mapped ::ffff:a.b.c.d (::ffff:0:0/96)
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], ipv4At: 12 },
  // IPv4-translated ::ffff:0:a.b.c.d (::ffff:0:0:0/96, SIIT)
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], ipv4At: 12 },
  // IPv4-compatible ::a.b.c.d (::/96, deprecated); :: and ::1 land on 0.0.0.0/8, refused
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], ipv4At: 12 },
  // NAT64 well-known prefix 64:ff9b::/96: the gateway connects to the IPv4 address inside
  { prefix: [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], ipv4At: 12 },
  // 6to4 2002:aabb:ccdd::/48 (2002::/16) tunnels to aa.bb.cc.dd
  { prefix: [0x20, 0x02], ipv4At: 2 },
];

/** IPv6 ranges refused whatever they carry: where they lead is the local network's business. */
const REFUSED_FORMS: readonly (readonly number[])[] = [
  // Teredo 2001::/32: tunnels through a server and a NAT, the client address obfuscated
  [0x20, 0x01, 0, 0],
  // NAT64 local-use 64:ff9b:1::/48: a site's own translator, embedding as it likes
  [0, 0x64, 0xff, 0x9b, 0, 1],
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/** The 16 bytes of an IPv6 address (a zone such as `%eth0` is dropped); undefined when it is not one. */
export function ipv6Bytes(address: string): Uint8Array | undefined {
  const bare = address.split('%')[0]!;
  if (isIP(bare) !== 6) return undefined;
  let text = bare.toLowerCase();
  // A dotted IPv4 tail (::ffff:10.0.0.1) is the last two groups.
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    text = dotted[1]!.endsWith('::') ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const zeros = rest === undefined ? 0 : 8 - tail.length - headGroups.length - restGroups.length;
  const groups = [
    ...headGroups.map((g) => parseInt(g, 16)),
    ...Array<number>(zeros).fill(0),
    ...restGroups.map((g) => parseInt(g, 16)),
    ...tail,
  ];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** The IPv4 address an IPv6 address carries (mapped, translated, compatible, NAT64, 6to4), if any. */
export function embeddedIpv4(address: string): string | undefined {
  const bytes = ipv6Bytes(address);
  if (!bytes) return undefined;
  const form = EMBEDDING_FORMS.find((candidate) => startsWith(bytes, candidate.prefix));
  return form ? [...bytes.subarray(form.ipv4At, form.ipv4At + 4)].join('.') : undefined;
}

/** True for an address no outside service has: private, loopback, link-local, multicast, reserved. */
export function isSpecialAddress(address: string): boolean {
  const family = isIP(address.split('%')[0]!);
  if (family === 4) return special4.check(address, 'ipv4');
  const bytes = family === 6 ? ipv6Bytes(address) : undefined;
  if (!bytes) return true;
  if (REFUSED_FORMS.some((prefix) => startsWith(bytes, prefix))) return true;
  const ipv4 = embeddedIpv4(address);
  if (ipv4 !== undefined) return special4.check(ipv4, 'ipv4');
  return special6.check(address.split('%')[0]!, 'ipv6');
}

/** "10.20.0.0/16", "fd00:1::/64" or one address ("10.20.30.40"); undefined when it is none of these. */
export function parseNetwork(text: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const match = /^([0-9a-fA-F.:]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  const family = match ? isIP(match[1]!) : 0;
  if (!match || family === 0) return undefined;
  const longest = family === 4 ? 32 : 128;
  const prefix = match[2] === undefined ? longest : Number(match[2]);
  if (prefix > longest) return undefined;
  return { network: match[1]!, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}

/** Whether the installation lets deliveries reach this special address. */
function allowedBy(allowance: PrivateNetworkAllowance): (address: string) => boolean {
  if (typeof allowance === 'boolean') return () => allowance;
  const networks = new BlockList();
  for (const text of allowance) {
    const network = parseNetwork(text);
    if (!network) throw new Error(`not an address or network: ${text}`);
    networks.addSubnet(network.network, network.prefix, network.family);
  }
  return (address) => {
    const bare = address.split('%')[0]!;
    if (isIP(bare) === 4) return networks.check(bare, 'ipv4');
    const ipv4 = embeddedIpv4(bare);
    return networks.check(bare, 'ipv6') || (ipv4 !== undefined && networks.check(ipv4, 'ipv4'));
  };
}

/** Every address of a host name, in the order to try them. */
export type HostResolver = (hostname: string) => Promise<readonly string[]>;

/** The operating system's resolver (hosts file, then DNS), as `fetch` and `http.request` use. */
export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Resolves the URL's host once and checks every address it has; the delivery connects to these
 * addresses and no others. Refuses (permanently) a host any of whose addresses is special and not
 * allowed: a DNS server answering one public and one internal address must not get a chance.
 */
export async function deliverableAddresses(
  target: string,
  url: URL,
  allowPrivateNetworks: PrivateNetworkAllowance,
  resolve: HostResolver = systemResolver,
): Promise<LookupAddress[]> {
  const bare = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: readonly string[];
  try {
    addresses = isIP(bare) ? [bare] : await resolve(bare);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new DeliveryError(`${target} at ${url.host} could not be found${typeof code === 'string' ? ` (${code})` : ''}`, false);
  }
  if (addresses.length === 0) throw new DeliveryError(`${target} at ${url.host} could not be found`, false);
  const allowed = allowedBy(allowPrivateNetworks);
  if (addresses.some((address) => isSpecialAddress(address) && !allowed(address))) {
    throw new DeliveryError(
      `${target} at ${url.host} is on a private or local network, which deliveries may not reach (WARDPULSE_DELIVERY_ALLOW_PRIVATE)`,
      true,
    );
  }
  return addresses.map((address) => ({ address, family: isIP(address) === 4 ? 4 : 6 }));
}
