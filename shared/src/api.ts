/** Response bodies of the HTTP API, defined once (the OpenAPI document is generated from them). */
import { z } from 'zod';
import { liveSnapshotSchema } from './live.js';

export const ingestResponseSchema = z.object({
  accepted: z.int().nonnegative().describe('Events logged for the first time'),
  duplicates: z.int().nonnegative().describe('Events whose id was already logged: counted once, not applied again'),
  events: z.array(z.object({ eventId: z.string(), status: z.enum(['accepted', 'duplicate']) })),
});
export type IngestResponse = z.infer<typeof ingestResponseSchema>;

export const liveResponseSchema = z.object({
  seq: z.string().describe('Sequence of the last change included; pass as `since` when subscribing over Socket.IO'),
  snapshot: liveSnapshotSchema,
});
export type LiveResponse = z.infer<typeof liveResponseSchema>;
