/**
 * Demo mode: a few alert rules, on-call rotas and in-app contact points for the demo accounts,
 * so a fresh `npm start` shows alerting working (synthetic data only). Created once: a database
 * that already has rules is left as it is.
 */
import type { Alerting } from '@wardpulse/jobs';
import type { AlertRuleInput, RotaInput } from '@wardpulse/shared';
import { addDays, londonDateOf, weekdayOf } from '@wardpulse/shared';
import type { UserRepository } from './users.js';

const RULES: AlertRuleInput[] = [
  {
    name: 'Occupancy including leave above 95%',
    scope: 'trust:RX4',
    condition: { kind: 'threshold', figure: 'occupancyIncludingLeave', comparator: '>', value: 0.95 },
    severity: 'warning',
    pendingForSeconds: 30 * 60,
    keepFiringForSeconds: 10 * 60,
    labels: { service: 'adult-mental-health' },
    description: 'KH03 occupancy including leave has been above 95% for 30 minutes: review discharges and leave.',
    enabled: true,
  },
  {
    name: 'No vacant PICU bed across the collaborative',
    scope: 'collaborative:nenc',
    condition: { kind: 'no-vacant-bed', wardType: 'picu' },
    severity: 'critical',
    pendingForSeconds: 5 * 60,
    keepFiringForSeconds: 15 * 60,
    labels: { service: 'picu' },
    description: 'Nowhere in North East and North Cumbria can take a PICU admission: the next one goes out of area.',
    enabled: true,
  },
  {
    name: 'New inappropriate out-of-area placement',
    scope: 'trust:RX4',
    condition: { kind: 'new-inappropriate-oap' },
    severity: 'warning',
    pendingForSeconds: 0,
    keepFiringForSeconds: 0,
    labels: {},
    description: 'Someone was placed out of area because no local bed was available (started in the last hour).',
    enabled: true,
  },
  {
    name: 'Bed-state feed silent',
    scope: 'trust:RX4',
    condition: { kind: 'feed-silent', minutes: 15 },
    severity: 'critical',
    pendingForSeconds: 0,
    keepFiringForSeconds: 0,
    labels: { team: 'informatics' },
    description: 'No facts from the trust for 15 minutes: the boards may be showing old numbers.',
    enabled: true,
  },
  {
    name: 'No empty Section 136 suite in NENC',
    scope: 'collaborative:nenc',
    condition: { kind: 'no-empty-s136-suite', minutes: 30 },
    severity: 'warning',
    pendingForSeconds: 0,
    keepFiringForSeconds: 600,
    labels: { service: 's136' },
    description:
      'Police bringing someone under Section 136 have nowhere to take them in the collaborative: agree a place of safety.',
    enabled: true,
  },
];

export async function seedDemoAlerting(alerting: Alerting, users: UserRepository, now = Date.now()): Promise<boolean> {
  // Each trust's "sitrep return not signed" rule is made by the sitrep schedule, whichever comes first.
  const rules = await alerting.rules.list();
  if (rules.some((rule) => rule.condition.kind !== 'sitrep-unsigned')) return false;
  const onCall = await users.findByEmail('on-call@wardpulse.example');
  const bedManager = await users.findByEmail('bed-manager@wardpulse.example');
  if (!onCall || !bedManager) return false;
  for (const rule of RULES) await alerting.rules.create(rule, 'system');
  // Weekly rotas handing over on Mondays at 09:00, started on the last Monday.
  const today = londonDateOf(now);
  const monday = addDays(today, -weekdayOf(today));
  const rota = (name: string, scope: string, level: number, members: string[]): RotaInput => ({
    name,
    scope,
    level,
    handover: { weekday: 0, time: '09:00' },
    startsOn: monday,
    members,
    overrides: [],
  });
  await alerting.onCall.saveRota(undefined, rota('First on call', 'trust:RX4', 1, [onCall.id]));
  await alerting.onCall.saveRota(undefined, rota('Second on call', 'trust:RX4', 2, [bedManager.id]));
  await alerting.onCall.saveRota(undefined, rota('Collaborative bed manager', 'collaborative:nenc', 1, [bedManager.id]));
  for (const person of [onCall, bedManager]) {
    await alerting.contactPoints.create(person.id, {
      kind: 'in-app',
      label: 'In WardPulse',
      severities: ['warning', 'critical'],
      settings: { sound: true, browserNotification: true },
    });
  }
  return true;
}
