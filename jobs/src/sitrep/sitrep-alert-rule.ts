/**
 * Every trust that makes sitrep returns gets an alert rule "sitrep return not signed" the first
 * time one is assembled (issue #14: a return not signed 30 minutes after its time raises an alert).
 * It is an ordinary rule: its people are whoever is on call for the trust, and an admin may change,
 * disable or delete it. Made once per trust: a marker in app_setting remembers it was made, so a
 * deleted rule is not made again.
 */
import type { AlertRuleInput } from '@wardpulse/shared';
import type { RuleStore } from '../alerts/rule-store.js';
import type { Database } from '../storage/database.js';

export function sitrepAlertRule(trustOds: string): AlertRuleInput {
  return {
    name: 'Sitrep return not signed',
    scope: `trust:${trustOds}`,
    condition: { kind: 'sitrep-unsigned' },
    severity: 'warning',
    pendingForSeconds: 0,
    keepFiringForSeconds: 0,
    labels: { service: 'bed-management' },
    description:
      'A sitrep return of the trust is still not signed 30 minutes after it was due: review and sign it on the Sitreps page.',
    enabled: true,
  };
}

/** Makes the trust's rule unless it was made before; true when it made it now. */
export async function ensureSitrepAlertRule(db: Database, rules: RuleStore, trustOds: string): Promise<boolean> {
  const marker = `sitrep-alert-rule:${trustOds}`;
  const claimed = await db.query(
    `insert into app_setting (name, value) values ($1, '') on conflict (name) do nothing returning name`,
    [marker],
  );
  if (claimed.rows.length === 0) return false;
  const id = await rules.create(sitrepAlertRule(trustOds), 'system');
  await db.query('update app_setting set value = $2 where name = $1', [marker, id]);
  return true;
}
