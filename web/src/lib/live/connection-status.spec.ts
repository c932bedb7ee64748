import { describe, expect, it } from 'vitest';
import { connectionLabel } from './connection-status.js';

describe('connectionLabel', () => {
  const now = 1_000_000;

  it('names each state in words', () => {
    expect(connectionLabel({ state: 'live' }, now - 500, now)).toBe('Live');
    expect(connectionLabel({ state: 'connecting' }, null, now)).toBe('Connecting…');
  });

  it('says how old the numbers are while reconnecting', () => {
    expect(connectionLabel({ state: 'reconnecting' }, now - 42_000, now)).toBe('Reconnecting… — last update 42 s ago');
    expect(connectionLabel({ state: 'reconnecting' }, null, now)).toBe('Reconnecting…');
  });

  it("shows the server's error and whether the board keeps trying", () => {
    expect(connectionLabel({ state: 'error', message: 'not allowed to see trust RX4', retrying: false }, null, now)).toBe(
      'Error: not allowed to see trust RX4',
    );
    expect(connectionLabel({ state: 'error', message: 'live state unavailable', retrying: true }, null, now)).toBe(
      'Error: live state unavailable — retrying',
    );
  });
});
