import { describe, expect, it } from 'vitest';
import { MAX_SCOPES_PER_SOCKET, SUBSCRIBE_BURST, SubscribeAllowance } from './subscribe-limits.js';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('SubscribeAllowance', () => {
  it('holds at most 50 distinct scopes, and a held scope may be subscribed again', () => {
    const time = clock();
    const allowance = new SubscribeAllowance(time.now);
    for (let i = 0; i < MAX_SCOPES_PER_SOCKET; i++) expect(allowance.take(`site:S${i}`)).toBeUndefined();
    expect(allowance.take('site:S50')?.code).toBe('too_many_scopes');
    time.advance(1000); // refill 5 tokens, so only the scope cap can refuse
    expect(allowance.take('site:S0')).toBeUndefined();
    allowance.release('site:S1');
    expect(allowance.take('site:S50')).toBeUndefined();
    expect(allowance.scopes).toBe(50);
  });

  it('allows a burst of 50, then 5 a second (hand-worked: 400 ms refills 2 tokens)', () => {
    const time = clock();
    const allowance = new SubscribeAllowance(time.now);
    for (let i = 0; i < SUBSCRIBE_BURST; i++) expect(allowance.take('trust:RX4')).toBeUndefined();
    expect(allowance.take('trust:RX4')?.code).toBe('rate_limited');
    time.advance(400);
    expect(allowance.take('trust:RX4')).toBeUndefined();
    expect(allowance.take('trust:RX4')).toBeUndefined();
    expect(allowance.take('trust:RX4')?.code).toBe('rate_limited');
    time.advance(60_000); // a long quiet spell refills to the burst, never beyond
    for (let i = 0; i < SUBSCRIBE_BURST; i++) expect(allowance.take('trust:RX4')).toBeUndefined();
    expect(allowance.take('trust:RX4')?.code).toBe('rate_limited');
  });
});
