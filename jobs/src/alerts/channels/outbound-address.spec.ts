import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from './channel-provider.js';
import { deliverableAddresses, embeddedIpv4, ipv6Bytes, isSpecialAddress, parseNetwork } from './outbound-address.js';

const PRIVATE_IPV4 = ['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0'];
const PUBLIC_IPV4 = ['8.8.8.8', '51.140.10.1', '1.1.1.1'];

/** An IPv4 address as two IPv6 groups of hex: 10.0.0.1 → "a00:1". */
const hexGroups = (ipv4: string) => {
  const [a, b, c, d] = ipv4.split('.').map(Number) as [number, number, number, number];
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
};

/** Every IPv6 form that carries an IPv4 address, written for `ipv4`. */
const embeddings = (ipv4: string) => [
  `::ffff:${ipv4}`, // IPv4-mapped
  `::ffff:${hexGroups(ipv4)}`,
  `0:0:0:0:0:FFFF:${ipv4}`,
  `::ffff:0:${ipv4}`, // IPv4-translated
  `::${ipv4}`, // IPv4-compatible
  `::${hexGroups(ipv4)}`,
  `64:ff9b::${ipv4}`, // NAT64 well-known prefix
  `64:ff9b::${hexGroups(ipv4)}`,
  `2002:${hexGroups(ipv4)}::1`, // 6to4
  `2002:${hexGroups(ipv4)}:beef::42`,
];

const arbitraryIpv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
const arbitraryIpv6Bytes = fc.uint8Array({ minLength: 16, maxLength: 16 });

/** The bytes as eight full groups, and as the shortest compressed text Node's URL parser writes. */
function spellings(bytes: Uint8Array): string[] {
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[i * 2]! << 8) | bytes[i * 2 + 1]!).toString(16));
  const full = groups.map((group) => group.padStart(4, '0')).join(':');
  const compressed = new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
  return [full, full.toUpperCase(), compressed];
}

describe('isSpecialAddress', () => {
  it('knows private, loopback, link-local, metadata and reserved addresses from public ones', () => {
    for (const address of [
      ...PRIVATE_IPV4,
      '192.0.2.10',
      '203.0.113.7',
      '::1',
      '::',
      'fd12:3456::1',
      'fe80::1',
      'fe80::1%eth0',
      'fec0::1',
      'ff02::1',
      '2001:db8::1',
      '100::1',
      'not an address',
      '',
    ])
      expect(isSpecialAddress(address), address).toBe(true);
    for (const address of [...PUBLIC_IPV4, '2a00:1450:4009:81a::200e', '2606:4700:4700::1111'])
      expect(isSpecialAddress(address), address).toBe(false);
  });

  it('judges IPv4-mapped, IPv4-translated, IPv4-compatible, NAT64 and 6to4 addresses by the IPv4 address they carry', () => {
    for (const ipv4 of PRIVATE_IPV4)
      for (const address of embeddings(ipv4)) expect(isSpecialAddress(address), address).toBe(true);
    for (const ipv4 of PUBLIC_IPV4)
      for (const address of embeddings(ipv4)) expect(isSpecialAddress(address), address).toBe(false);
    expect(embeddedIpv4('64:ff9b::a9fe:a9fe')).toBe('169.254.169.254');
    expect(embeddedIpv4('2002:7f00:1::')).toBe('127.0.0.1');
    expect(embeddedIpv4('2a00:1450::1')).toBeUndefined();
  });

  it('refuses Teredo and the NAT64 local-use prefix whatever they carry', () => {
    for (const address of [
      '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo, RFC 4380's example
      '2001::1',
      `2001:0:${hexGroups('8.8.8.8')}::1`,
      '64:ff9b:1::808:808', // NAT64 local-use carrying 8.8.8.8
      '64:ff9b:1:ffff::1',
    ])
      expect(isSpecialAddress(address), address).toBe(true);
    // 2001:db8:: is documentation and 2001:4860:: Google: only 2001:0::/32 is Teredo.
    expect(isSpecialAddress('2001:4860:4860::8888')).toBe(false);
  });

  it('judges every IPv6 form as the IPv4 address it carries (property)', () => {
    fc.assert(
      fc.property(arbitraryIpv4, (ipv4) => {
        for (const address of embeddings(ipv4)) expect(isSpecialAddress(address), address).toBe(isSpecialAddress(ipv4));
      }),
    );
  });

  it('gives the same answer however an IPv6 address is written (property)', () => {
    fc.assert(
      fc.property(arbitraryIpv6Bytes, (bytes) => {
        const [first, ...others] = spellings(bytes);
        expect(ipv6Bytes(first!)).toEqual(bytes);
        for (const other of others) {
          expect(ipv6Bytes(other), other).toEqual(bytes);
          expect(isSpecialAddress(other), other).toBe(isSpecialAddress(first!));
        }
      }),
    );
  });

  it('refuses every address in a private IPv4 range, however it is written (property)', () => {
    const privateIpv4 = fc.oneof(
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
    );
    fc.assert(
      fc.property(privateIpv4, (parts) => {
        const ipv4 = parts.join('.');
        for (const address of [ipv4, ...embeddings(ipv4)]) expect(isSpecialAddress(address), address).toBe(true);
      }),
    );
  });
});

describe('parseNetwork', () => {
  it('reads addresses and networks, and nothing else', () => {
    expect(parseNetwork('10.20.0.0/16')).toEqual({ network: '10.20.0.0', prefix: 16, family: 'ipv4' });
    expect(parseNetwork(' 10.20.30.40 ')).toEqual({ network: '10.20.30.40', prefix: 32, family: 'ipv4' });
    expect(parseNetwork('fd00:1::/64')).toEqual({ network: 'fd00:1::', prefix: 64, family: 'ipv6' });
    for (const text of ['10.20.0.0/33', 'fd00::/129', 'relay.trust.nhs.uk', '10.20.0.0/', '', 'fe80::1%eth0', '10.0.0.0/8,x'])
      expect(parseNetwork(text), text).toBeUndefined();
  });
});

describe('deliverableAddresses', () => {
  const resolvesTo =
    (...addresses: string[]) =>
    async () =>
      addresses;

  it('refuses, for good, a URL on a private or local network, naming only the host', async () => {
    for (const url of [
      'http://127.0.0.1:6379/secret-path',
      'http://[::1]/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://[64:ff9b::7f00:1]/x',
      'http://[2002:a9fe:a9fe::]/latest',
      'http://localhost:8080/hooks/abc',
      'http://169.254.169.254/latest',
    ]) {
      const error = await deliverableAddresses('webhook', new URL(url), false).catch((caught: unknown) => caught);
      expect(error, url).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).permanent).toBe(true);
      expect((error as DeliveryError).message).toContain('private or local network');
      expect((error as DeliveryError).message).not.toMatch(/secret-path|hooks\/abc|latest/);
    }
  });

  it('gives back the addresses to connect to: a public one, anything when private networks are allowed', async () => {
    expect(await deliverableAddresses('webhook', new URL('https://8.8.8.8/hook'), false)).toEqual([
      { address: '8.8.8.8', family: 4 },
    ]);
    expect(await deliverableAddresses('webhook', new URL('http://127.0.0.1:9/hook'), true)).toEqual([
      { address: '127.0.0.1', family: 4 },
    ]);
    const hook = new URL('https://hooks.example/x');
    expect(await deliverableAddresses('webhook', hook, false, resolvesTo('2a00:1450::1', '8.8.8.8'))).toEqual([
      { address: '2a00:1450::1', family: 6 },
      { address: '8.8.8.8', family: 4 },
    ]);
  });

  it('refuses a host when any one of its addresses is refused', async () => {
    const error = await deliverableAddresses(
      'webhook',
      new URL('https://hooks.example/x'),
      false,
      resolvesTo('8.8.8.8', '10.0.0.5'),
    ).catch((caught: unknown) => caught);
    expect((error as DeliveryError).message).toBe(
      'webhook at hooks.example is on a private or local network, which deliveries may not reach (WARDPULSE_DELIVERY_ALLOW_PRIVATE)',
    );
  });

  it('lets through only the private networks the installation names', async () => {
    const relay = ['10.20.0.0/16', 'fd00:1::/64'];
    const url = new URL('https://relay.trust.example/x');
    for (const address of ['10.20.3.4', '::ffff:10.20.3.4', 'fd00:1::7'])
      await expect(deliverableAddresses('webhook', url, relay, resolvesTo(address)), address).resolves.toHaveLength(1);
    for (const address of ['10.21.0.1', '127.0.0.1', 'fd00:2::7', '169.254.169.254'])
      await expect(deliverableAddresses('webhook', url, relay, resolvesTo(address)), address).rejects.toThrow(
        'private or local network',
      );
  });

  it('says a host that resolves to nothing could not be found, worth retrying', async () => {
    const failed = Object.assign(new Error('queryA ENOTFOUND'), { code: 'ENOTFOUND' });
    for (const resolve of [resolvesTo(), () => Promise.reject(failed)]) {
      const error = (await deliverableAddresses('webhook', new URL('https://gone.example/x'), false, resolve).catch(
        (caught: unknown) => caught,
      )) as DeliveryError;
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error.permanent).toBe(false);
      expect(error.message).toMatch(/^webhook at gone\.example could not be found/);
    }
  });
});
