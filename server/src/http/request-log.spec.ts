import { describe, expect, it } from 'vitest';
import { maskSecretQuery, requestLogSerializers } from './request-log.js';

describe('request log lines', () => {
  it('masks display tokens and other credentials in the query string', () => {
    expect(maskSecretQuery('/wall/trust/RX4?token=wpd_secret&kiosk=1')).toBe('/wall/trust/RX4?token=redacted&kiosk=1');
    expect(maskSecretQuery('/cb?code=abc&STATE=xyz')).toBe('/cb?code=redacted&STATE=redacted');
  });

  it('leaves URLs without secrets as they are', () => {
    expect(maskSecretQuery('/api/v1/live?scope=trust:RX4')).toBe('/api/v1/live?scope=trust:RX4');
    expect(maskSecretQuery('/api/v1/org')).toBe('/api/v1/org');
  });

  it('keeps no headers, so no Authorization or cookie reaches the log', () => {
    const line = requestLogSerializers.req({
      id: 1,
      method: 'GET',
      url: '/wall/trust/RX4?token=wpd_secret',
      remoteAddress: '127.0.0.1',
      headers: { authorization: 'Bearer wpk_secret', cookie: 'sid=secret' },
    } as Parameters<typeof requestLogSerializers.req>[0]);
    expect(JSON.stringify(line)).not.toMatch(/secret/);
    expect(line).toEqual({ id: 1, method: 'GET', url: '/wall/trust/RX4?token=redacted', remoteAddress: '127.0.0.1' });
  });
});
