/**
 * HL7 feeds from configuration (WARDPULSE_HL7_FEEDS, a JSON file; docs/hl7.md). MLLP has no
 * authentication of its own, so a connection belongs to a feed by where it arrives: the feed's own
 * port, or the common port (WARDPULSE_HL7_MLLP_PORT) from an address on the feed's allow-list.
 * Over HTTP a feed is named in the path and the caller's API key must be allowed to ingest for its trust.
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
}

export const DEFAULT_HL7_MAX_MESSAGE_BYTES = 1024 * 1024;

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

/** What the admin API shows of a feed: never its secret. */
export function describeFeed(feed: Hl7FeedConfig, boundPort: number | undefined): Hl7Feed {
  return {
    id: feed.id,
    trustOds: feed.trustOds,
    mllpPort: boundPort ?? null,
    allowFrom: feed.allowFrom,
    httpPath: `/api/v1/hl7/${feed.id}`,
  };
}
