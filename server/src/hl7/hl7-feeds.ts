/**
 * HL7 feeds from configuration (WARDPULSE_HL7_FEEDS, a JSON file; docs/hl7.md). MLLP has no
 * authentication of its own, so a connection belongs to a feed only when it comes from an address
 * on the feed's allow-list, on the feed's own port or the common port (WARDPULSE_HL7_MLLP_PORT):
 * a feed without one is not listened for at all. Over HTTP a feed is named in the path and the
 * caller's API key must be allowed to ingest for its trust.
 */
import { isIP } from 'node:net';
import type { Hl7FeedConfig } from '@wardpulse/jobs';
import { feedIdSchema, odsCodeSchema, type Hl7Feed } from '@wardpulse/shared';
import { z } from 'zod';
import { readJsonSetting } from '../json-setting.js';

export interface Hl7Settings {
  feeds: Hl7FeedConfig[];
  /** The common MLLP port (feeds without a port of their own, told apart by address); off when undefined. */
  mllpPort: number | undefined;
  /** Largest message accepted, in bytes. */
  maxMessageBytes: number;
  /** An MLLP connection that neither sends nor is answered for this long is closed (a feed may set its own). */
  idleTimeoutMs: number;
}

export const DEFAULT_HL7_MAX_MESSAGE_BYTES = 1024 * 1024;
/**
 * 15 minutes: far longer than any gap between messages of a busy feed, and shorter than the idle
 * timers of the firewalls between a trust's engine and WardPulse (often an hour), so the sender is
 * told the connection ended rather than writing into a dropped one. Engines reconnect on their next
 * message, so a feed quiet overnight just reconnects in the morning.
 */
export const DEFAULT_HL7_IDLE_TIMEOUT_MS = 15 * 60_000;

/** IPv4/IPv6 address, optionally with a /prefix. */
const addressOrSubnet = z.string().refine((text) => {
  const [address = '', prefix, extra] = text.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}, 'must be an IP address or a subnet such as 10.1.2.0/24');

const feedSchema = z.strictObject({
  id: feedIdSchema,
  trustOds: odsCodeSchema,
  secret: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)'),
  mllpPort: z.int().min(0).max(65535).optional(),
  allowFrom: z.array(addressOrSubnet).default([]),
  idleTimeoutMs: z
    .int()
    .min(100)
    .max(24 * 3_600_000)
    .optional(),
});

export const hl7FeedsFileSchema = z.strictObject({ feeds: z.array(feedSchema).max(200) }).superRefine((file, context) => {
  const ids = new Set<string>();
  const ports = new Set<number>();
  file.feeds.forEach((feed, index) => {
    if (ids.has(feed.id)) context.addIssue({ code: 'custom', path: ['feeds', index, 'id'], message: 'is used by another feed' });
    ids.add(feed.id);
    if (feed.mllpPort) {
      if (ports.has(feed.mllpPort))
        context.addIssue({ code: 'custom', path: ['feeds', index, 'mllpPort'], message: 'is used by another feed' });
      ports.add(feed.mllpPort);
    }
  });
});

/**
 * The demo installation's feed (synthetic data only: its secret is public). HTTP, or the common MLLP
 * port from this machine only.
 */
export const DEMO_HL7_FEED: Hl7FeedConfig = {
  id: 'demo-rx4',
  trustOds: 'RX4',
  secret: 'wardpulse-demo-feed-synthetic-data-only',
  allowFrom: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
};

export function readHl7FeedsFile(path: string): Hl7FeedConfig[] {
  return readJsonSetting('WARDPULSE_HL7_FEEDS', path, hl7FeedsFileSchema, 'feeds file').feeds;
}

/**
 * Why the feed's MLLP port is not listened on, or undefined when it is (or it has none). A feed with
 * a port and no allow-list (a file written before allow-lists were required) stays configured, so
 * its HTTP door and mappings keep working, but its port would take anything that reaches it: it is
 * not opened, and the admin page says why, rather than the whole start being refused.
 */
export function mllpRefusal(feed: Hl7FeedConfig): string | undefined {
  if (feed.mllpPort === undefined || feed.allowFrom.length > 0) return undefined;
  return 'MLLP port not opened: the feed has no allowFrom (the addresses allowed to connect; docs/hl7.md)';
}

/** What the admin API shows of a feed: never its secret. */
export function describeFeed(feed: Hl7FeedConfig, boundPort: number | undefined): Hl7Feed {
  return {
    id: feed.id,
    trustOds: feed.trustOds,
    mllpPort: boundPort ?? null,
    allowFrom: feed.allowFrom,
    mllpProblem: mllpRefusal(feed) ?? null,
    httpPath: `/api/v1/hl7/${feed.id}`,
  };
}
