import { describe, expect, it } from 'vitest';
import { connectionLabel, linkProblemOf, linkProblemOfResponse } from './connection-status.js';

describe('connectionLabel', () => {
  const now = 1_000_000;

  it('names each state in words', () => {
    expect(connectionLabel({ state: 'live' }, now - 500, now)).toBe('Live');
    expect(connectionLabel({ state: 'connecting' }, null, now)).toBe('Connecting…');
  });

  it('says how old the numbers are while reconnecting', () => {
    expect(connectionLabel({ state: 'reconnecting' }, now - 42_000, now)).toBe('Reconnecting — last update 42 s ago');
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

describe('link problems', () => {
  it('recognises a revoked or unknown display link in the refused handshake', () => {
    expect(linkProblemOf({ state: 'error', message: 'revoked', retrying: true })).toBe('revoked');
    expect(linkProblemOf({ state: 'error', message: 'unauthenticated', retrying: true })).toBe('unknown');
    expect(linkProblemOf({ state: 'error', message: 'live state unavailable', retrying: true })).toBeNull();
    expect(linkProblemOf({ state: 'reconnecting' })).toBeNull();
  });

  it('labels the indicator with the problem, not the raw handshake message', () => {
    expect(connectionLabel({ state: 'error', message: 'revoked', retrying: true }, null, 0)).toBe('Link revoked');
  });

  it('recognises them in an API refusal only when the screen has a token', () => {
    expect(linkProblemOfResponse({ status: 401, code: 'revoked' }, true)).toBe('revoked');
    // Today's server words it "missing, malformed, unknown or revoked": not enough to say revoked.
    expect(linkProblemOfResponse({ status: 401, code: 'unauthenticated' }, true)).toBe('unknown');
    expect(linkProblemOfResponse({ status: 401, code: 'unauthenticated' }, false)).toBeNull();
    expect(linkProblemOfResponse({ status: 403, code: 'forbidden' }, true)).toBeNull();
  });
});
