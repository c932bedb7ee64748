import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { DEMO_HL7_FEED, describeFeed, mllpRefusal } from './hl7-feeds.js';

const dir = mkdtempSync(join(tmpdir(), 'wardpulse-hl7-feeds-'));
function feedsFile(content: unknown): string {
  const path = join(dir, `feeds-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
const secret = 'x'.repeat(32);

describe('HL7 feed configuration', () => {
  it('has the demo feed over HTTP in demo mode, none otherwise, and no MLLP port unless asked', () => {
    expect(loadConfig({}, [], dir).hl7).toMatchObject({
      feeds: [DEMO_HL7_FEED],
      mllpPort: undefined,
      maxMessageBytes: 1048576,
      idleTimeoutMs: 15 * 60_000,
    });
    expect(loadConfig({ WARDPULSE_HL7_IDLE_TIMEOUT_MS: '60000' }, [], dir).hl7?.idleTimeoutMs).toBe(60_000);
    expect(loadConfig({ WARDPULSE_DEMO: 'off', WARDPULSE_PUBLIC_URL: 'https://wardpulse.example' }, [], dir).hl7?.feeds).toEqual(
      [],
    );
    expect(loadConfig({ WARDPULSE_HL7_MLLP_PORT: '2575' }, [], dir).hl7?.mllpPort).toBe(2575);
  });

  it('reads feeds from the file, with their ports and allowed addresses', () => {
    const path = feedsFile({
      feeds: [
        { id: 'rx4-rio', trustOds: 'RX4', secret, mllpPort: 2576 },
        { id: 'rx3-pas', trustOds: 'RX3', secret, allowFrom: ['10.1.2.0/24', '2001:db8::1'], idleTimeoutMs: 3_600_000 },
      ],
    });
    expect(loadConfig({ WARDPULSE_HL7_FEEDS: path }, [], dir).hl7?.feeds).toEqual([
      { id: 'rx4-rio', trustOds: 'RX4', secret, mllpPort: 2576, allowFrom: [] },
      { id: 'rx3-pas', trustOds: 'RX3', secret, allowFrom: ['10.1.2.0/24', '2001:db8::1'], idleTimeoutMs: 3_600_000 },
    ]);
  });

  it('keeps a feed with a port and no allowFrom, but its port is not to be opened, and says why', () => {
    const feeds = [
      { id: 'rx4-rio', trustOds: 'RX4', secret, mllpPort: 2576, allowFrom: [] },
      { id: 'rx4-http', trustOds: 'RX4', secret, allowFrom: [] },
      { id: 'rx4-pas', trustOds: 'RX4', secret, mllpPort: 2577, allowFrom: ['10.1.2.3'] },
    ];
    expect(mllpRefusal(feeds[0]!)).toMatch(/no allowFrom/);
    expect(describeFeed(feeds[0]!, undefined)).toMatchObject({ mllpPort: null, mllpProblem: expect.stringMatching(/allowFrom/) });
    expect(mllpRefusal(feeds[1]!)).toBeUndefined(); // HTTP only: nothing to open
    expect(mllpRefusal(feeds[2]!)).toBeUndefined();
  });

  it('refuses a bad file with every reason', () => {
    const refusal = (content: unknown) => {
      try {
        loadConfig({ WARDPULSE_HL7_FEEDS: feedsFile(content) }, [], dir);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal('{not json')).toMatch(/WARDPULSE_HL7_FEEDS: cannot read .* as JSON/);
    const message = refusal({
      feeds: [
        { id: 'Bad Id', trustOds: 'RX4', secret: 'short', allowFrom: ['10.0.0.0/33', 'example.org'] },
        { id: 'a', trustOds: 'RX4', secret, mllpPort: 2575 },
        { id: 'a', trustOds: 'RX4', secret, mllpPort: 2575 },
      ],
    });
    expect(message).toMatch(/feeds\.0\.id: must be 1–40 lower-case/);
    expect(message).toMatch(/feeds\.0\.secret: must be at least 32 characters/);
    expect(message).toMatch(/feeds\.0\.allowFrom\.0: must be an IP address or a subnet/);
    expect(message).toMatch(/feeds\.0\.allowFrom\.1: must be an IP address or a subnet/);
    expect(message).toMatch(/feeds\.2\.id: is used by another feed/);
    expect(message).toMatch(/feeds\.2\.mllpPort: is used by another feed/);
  });
});
