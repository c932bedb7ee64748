import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { hostAnswered, messageLinkBase, normaliseHost, originOf, type PublicOrigins } from './public-origin.js';

/** Just what originOf reads of a request. */
const request = (host: string | undefined, protocol = 'http') => ({ protocol, get: () => host }) as unknown as Request;
const origins = (overrides: Partial<PublicOrigins> = {}): PublicOrigins => ({
  publicUrl: undefined,
  allowedHosts: [],
  fallbackOrigin: () => 'http://localhost:3000',
  ...overrides,
});

describe('the base of handed-out links', () => {
  it('is WARDPULSE_PUBLIC_URL whatever the Host says', () => {
    expect(originOf(request('evil.example'), origins({ publicUrl: 'https://wardpulse.example.nhs.uk' }))).toBe(
      'https://wardpulse.example.nhs.uk',
    );
  });

  it('is the request’s own host only when it is allowed or loopback', () => {
    const allowed = origins({ allowedHosts: ['wardpulse.trust.nhs.uk'] });
    expect(originOf(request('WardPulse.Trust.nhs.uk', 'https'), allowed)).toBe('https://wardpulse.trust.nhs.uk');
    expect(originOf(request('localhost:5173'), origins())).toBe('http://localhost:5173');
    expect(originOf(request('127.0.0.1:3000'), origins())).toBe('http://127.0.0.1:3000');
    expect(originOf(request('[::1]:3000'), origins())).toBe('http://[::1]:3000');
    for (const forged of [
      'evil.example',
      'wardpulse.trust.nhs.uk.evil.example',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      undefined,
    ])
      expect(originOf(request(forged), allowed)).toBe('http://localhost:3000');
  });
});

describe('the hosts answered', () => {
  it('answers any host without an allow-list, and only listed ones with it', () => {
    expect(hostAnswered('anything.example', origins())).toBe(true);
    const allowed = origins({ allowedHosts: ['wardpulse.trust.nhs.uk', 'wardpulse:3000'] });
    expect(hostAnswered('wardpulse.trust.nhs.uk', allowed)).toBe(true);
    expect(hostAnswered('wardpulse:3000', allowed)).toBe(true);
    expect(hostAnswered('wardpulse:3001', allowed)).toBe(false);
    expect(hostAnswered('evil.example', allowed)).toBe(false);
    expect(hostAnswered(undefined, allowed)).toBe(false);
  });

  it('reads only what a Host header can be', () => {
    expect(normaliseHost(' WardPulse:3000 ')).toBe('wardpulse:3000');
    for (const bad of ['', 'a b', 'host/path', 'user@host', 'host:port', '-bad.example'])
      expect(normaliseHost(bad)).toBeUndefined();
  });
});

describe('the base of links in notifications (no request to answer)', () => {
  it('is WARDPULSE_PUBLIC_URL when set', () => {
    expect(messageLinkBase({ publicUrl: 'https://wp.example.nhs.uk', allowedHosts: ['other:3000'] }, 3000)).toEqual({
      base: 'https://wp.example.nhs.uk',
      guessed: false,
    });
  });
  it('is the first allowed host otherwise, over https unless it is loopback, and says it guessed', () => {
    expect(messageLinkBase({ publicUrl: undefined, allowedHosts: ['wardpulse.trust.nhs.uk', 'wp:3000'] }, 3000)).toEqual({
      base: 'https://wardpulse.trust.nhs.uk',
      guessed: true,
    });
    expect(messageLinkBase({ publicUrl: undefined, allowedHosts: ['localhost:8080'] }, 3000)).toEqual({
      base: 'http://localhost:8080',
      guessed: true,
    });
  });
  it('is this server on loopback with neither (a demo on this machine)', () => {
    expect(messageLinkBase({ publicUrl: undefined, allowedHosts: [] }, 3100)).toEqual({
      base: 'http://localhost:3100',
      guessed: false,
    });
  });
});
