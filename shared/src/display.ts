/**
 * What a wall screen shows (issue #7): a display token's home scope and, optionally, a playlist
 * of views the kiosk rotates through at a set interval — trust and collaborative boards, the bed
 * finder, the alerts of a scope. A display token may read every scope its views name, nothing else.
 *
 * - GET /api/v1/display (a display token) → DisplayConfig: what this screen shows.
 * - POST /api/v1/admin/display-tokens (manage-access) takes an optional `playlist`.
 * - POST /api/v1/admin/display-tokens/reload { tokenIds? } (manage-access) → 202: every screen
 *   (or those tokens' screens) reloads itself; Socket.IO server → client `display` { kind: 'reload' }.
 * - The kiosk URL is `/kiosk?token=<token>` (the token moves to sessionStorage, as on wall URLs).
 */
import { z } from 'zod';
import { PATIENT_SEXES } from './bed-finder.js';
import { WARD_TYPES } from './org.js';
import { scopeTextSchema } from './scope.js';

const boardScope = scopeTextSchema.refine(
  (text) => text.startsWith('trust:') || text.startsWith('collaborative:'),
  'must be a trust or a collaborative',
);

export const displayViewSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('board'), scope: boardScope }),
  z.strictObject({
    kind: z.literal('bed-finder'),
    scope: boardScope,
    wardType: z.enum(WARD_TYPES).optional(),
    patientSex: z.enum(PATIENT_SEXES).optional(),
  }),
  z.strictObject({ kind: z.literal('alerts'), scope: boardScope }),
]);
export type DisplayView = z.infer<typeof displayViewSchema>;

export const displayPlaylistSchema = z.strictObject({
  intervalSeconds: z.int('must be whole seconds').min(10, 'must be at least 10 seconds').max(3600, 'must be at most an hour'),
  views: z.array(displayViewSchema).min(1, 'must name at least one view').max(20, 'must name at most 20 views'),
});
export type DisplayPlaylist = z.infer<typeof displayPlaylistSchema>;

export const displayConfigSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.string().describe('The home board'),
  playlist: displayPlaylistSchema.nullable().describe('Views to rotate through; null shows the home board only'),
});
export type DisplayConfig = z.infer<typeof displayConfigSchema>;

export const displayReloadRequestSchema = z.strictObject({
  tokenIds: z.array(z.string().min(1)).max(500).optional().describe('Only these screens; every screen when absent'),
});

/** A command to the screens (Socket.IO server → client `display`). */
export type DisplayCommand = { kind: 'reload' };

/** Every scope a display token may read: its home scope and those of its playlist's views. */
export function displayScopes(display: { scope: string; playlist: DisplayPlaylist | null }): string[] {
  return [...new Set([display.scope, ...(display.playlist?.views.map((view) => view.scope) ?? [])])];
}
