import { describe, expect, it } from 'vitest';
import { DeliveryError } from './channel-provider.js';
import { assertDeliverableDestination, isSpecialAddress } from './outbound-address.js';

describe('isSpecialAddress', () => {
  it('knows private, loopback, link-local, metadata and reserved addresses from public ones', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.5',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd12:3456::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      'not an address',
    ])
      expect(isSpecialAddress(address), address).toBe(true);
    for (const address of ['8.8.8.8', '51.140.10.1', '2a00:1450:4009:81a::200e', '::ffff:8.8.8.8'])
      expect(isSpecialAddress(address), address).toBe(false);
  });
});

describe('assertDeliverableDestination', () => {
  it('refuses, for good, a URL on a private or local network, naming only the host', async () => {
    for (const url of [
      'http://127.0.0.1:6379/secret-path',
      'http://[::1]/x',
      'http://localhost:8080/hooks/abc',
      'http://169.254.169.254/latest',
    ]) {
      const error = await assertDeliverableDestination('webhook', url, false).catch((caught: unknown) => caught);
      expect(error, url).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).permanent).toBe(true);
      expect((error as DeliveryError).message).toContain('private or local network');
      expect((error as DeliveryError).message).not.toMatch(/secret-path|hooks\/abc|latest/);
    }
  });

  it('lets a public address through, and anything when the installation allows private networks', async () => {
    await expect(assertDeliverableDestination('webhook', 'https://8.8.8.8/hook', false)).resolves.toBeUndefined();
    await expect(assertDeliverableDestination('webhook', 'http://127.0.0.1:9/hook', true)).resolves.toBeUndefined();
  });
});
