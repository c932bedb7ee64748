/**
 * The web push VAPID key pair: from configuration, or generated on first start and kept in the
 * database so every process (and every restart) signs with the same key — browsers' push
 * subscriptions are bound to it.
 */
import type { Database } from '../storage/database.js';
import { generateVapidKeys } from './channels/index.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export async function loadVapidKeys(db: Database, configured: VapidKeys | undefined): Promise<VapidKeys> {
  if (configured) return configured;
  const read = async () =>
    (await db.query<{ value: string }>(`select value from app_setting where name = 'vapid'`)).rows[0]?.value;
  let stored = await read();
  if (!stored) {
    // Two processes starting at once: one insert wins, both read the winner.
    await db.query(`insert into app_setting (name, value) values ('vapid', $1) on conflict (name) do nothing`, [
      JSON.stringify(generateVapidKeys()),
    ]);
    stored = await read();
  }
  return JSON.parse(stored!) as VapidKeys;
}
