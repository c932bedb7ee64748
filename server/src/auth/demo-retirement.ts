/**
 * Demo accounts print their password on every demo start, so they must not outlive demo mode
 * (security review #16 item 1). A start with demo off, on a data folder that once ran the demo,
 * disables every demo account, ends its sessions, and revokes the API keys and display tokens
 * its people created (the audit log says who created what; keys have no owner column) — each
 * step audited. A later demo start brings the accounts back, as demo mode promises.
 */
import type { Redis } from 'ioredis';
import type { AccessServices } from './access-services.js';
import { DEMO_ACCOUNTS } from './bootstrap.js';
import { publishRevocation } from './revocations.js';

export interface DemoRetirement {
  accounts: number;
  apiKeys: number;
  displayTokens: number;
}

type Services = Pick<AccessServices, 'users' | 'sessions' | 'apiKeys' | 'displayTokens' | 'audit'>;

const RETIRED = { reason: 'demo mode is off' };

export async function retireDemoAccounts(services: Services, redis: Redis, keyPrefix: string): Promise<DemoRetirement> {
  const retired: DemoRetirement = { accounts: 0, apiKeys: 0, displayTokens: 0 };
  const demoUsers = (await Promise.all(DEMO_ACCOUNTS.map((account) => services.users.findByEmail(account.email)))).filter(
    (user) => user !== undefined,
  );
  for (const user of demoUsers) {
    // Sessions and sockets end even when the account was disabled already: a crash between the
    // steps of an earlier start must not leave one behind.
    await services.sessions.destroyAllFor(user.id);
    await publishRevocation(redis, keyPrefix, { kind: 'user', id: user.id });
    if (await services.users.disable(user.id)) {
      retired.accounts++;
      await services.audit.record({ actor: 'system', action: 'user-disabled', target: `user:${user.id}`, detail: RETIRED });
    }
    retired.apiKeys += await revokeCreated(services, redis, keyPrefix, user.id, 'api-key');
    retired.displayTokens += await revokeCreated(services, redis, keyPrefix, user.id, 'display-token');
  }
  return retired;
}

async function revokeCreated(
  services: Services,
  redis: Redis,
  keyPrefix: string,
  userId: string,
  kind: 'api-key' | 'display-token',
): Promise<number> {
  const created = await services.audit.list({ actor: `user:${userId}`, action: `${kind}-created`, limit: 1000 });
  let revoked = 0;
  for (const entry of created) {
    const id = entry.target?.slice(`${kind}:`.length);
    if (!id) continue;
    const done = kind === 'api-key' ? await services.apiKeys.revoke(id) : await services.displayTokens.revoke(id);
    if (!done) continue;
    revoked++;
    await publishRevocation(redis, keyPrefix, { kind, id });
    await services.audit.record({ actor: 'system', action: `${kind}-revoked`, target: `${kind}:${id}`, detail: RETIRED });
  }
  return revoked;
}

/** Demo mode on again: the printed demo accounts work again (their data is synthetic). */
export async function restoreDemoAccounts(services: Pick<Services, 'users' | 'audit'>): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const user = await services.users.findByEmail(account.email);
    if (user?.disabledAt && (await services.users.enable(user.id)))
      await services.audit.record({ actor: 'system', action: 'user-enabled', target: `user:${user.id}`, detail: { demo: true } });
  }
}
