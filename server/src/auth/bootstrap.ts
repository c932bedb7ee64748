/**
 * The first people. On a start with nobody able to administer:
 * - WARDPULSE_ADMIN_EMAIL and WARDPULSE_ADMIN_PASSWORD create that admin;
 * - otherwise an admin without a password is created and a one-time sign-in link is printed
 *   (valid 24 hours, usable once; the token sits in the link's #fragment, which browsers never
 *   send to servers or proxies' logs).
 * In demo mode, one demo account per role is created (synthetic data only) and printed.
 */
import { randomBytes } from 'node:crypto';
import type { Grant, Role } from '@wardpulse/shared';
import type { Redis } from 'ioredis';
import type { AuditLog } from './audit.js';
import type { DemoRetirement } from './demo-retirement.js';
import { hashSecret } from './secret-tokens.js';
import type { UserRepository } from './users.js';

export const DEMO_PASSWORD = 'wardpulse-demo';

export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; grant: Grant }[] = [
  { email: 'admin@wardpulse.example', name: 'Demo Admin', role: 'admin', grant: { role: 'admin', scope: { kind: 'all' } } },
  {
    email: 'executive@wardpulse.example',
    name: 'Demo Executive',
    role: 'executive',
    grant: { role: 'executive', scope: { kind: 'all' } },
  },
  {
    email: 'bed-manager@wardpulse.example',
    name: 'Demo Bed Manager (NENC)',
    role: 'bed-manager',
    grant: { role: 'bed-manager', scope: { kind: 'collaborative', id: 'nenc' } },
  },
  {
    email: 'on-call@wardpulse.example',
    name: 'Demo On-call (RX4)',
    role: 'on-call',
    grant: { role: 'on-call', scope: { kind: 'trust', id: 'RX4' } },
  },
  {
    email: 'viewer@wardpulse.example',
    name: 'Demo Viewer (RX3)',
    role: 'viewer',
    grant: { role: 'viewer', scope: { kind: 'trust', id: 'RX3' } },
  },
];

const ONE_TIME_TTL_SECONDS = 24 * 3600;

function oneTimeKey(prefix: string, token: string): string {
  return `{${prefix}}:one-time-sign-in:${hashSecret(token)}`;
}

/** Redeems a one-time sign-in token: the user id, once. */
export async function redeemOneTimeSignIn(redis: Redis, prefix: string, token: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return (await redis.getdel(oneTimeKey(prefix, token))) ?? undefined;
}

export interface BootstrapResult {
  demoAccounts: { email: string; role: Role }[];
  /** Path (with #token) of a one-time admin sign-in link, when one was issued. */
  oneTimeSignInPath?: string;
  /** Demo off: what this start retired of an earlier demo start (all zero when there was none). */
  retiredDemo?: DemoRetirement;
}

export async function bootstrapPeople(deps: {
  users: UserRepository;
  audit: AuditLog;
  redis: Redis;
  keyPrefix: string;
  demo: boolean;
  adminEmail?: string;
  adminPassword?: string;
}): Promise<BootstrapResult> {
  const result: BootstrapResult = { demoAccounts: [] };
  if (deps.demo) {
    for (const account of DEMO_ACCOUNTS) {
      if (!(await deps.users.findByEmail(account.email))) {
        const user = await deps.users.create({
          email: account.email,
          name: account.name,
          password: DEMO_PASSWORD,
          grants: [account.grant],
        });
        await deps.audit.record({ actor: 'system', action: 'user-created', target: `user:${user.id}`, detail: { demo: true } });
      }
      result.demoAccounts.push({ email: account.email, role: account.role });
    }
  }
  const admins = (await deps.users.list()).filter(
    (user) => !user.disabledAt && user.grants.some((grant) => grant.role === 'admin' && grant.scope.kind === 'all'),
  );
  const realAdmins = admins.filter((user) => !DEMO_ACCOUNTS.some((account) => account.email === user.email));
  if (deps.adminEmail && !(await deps.users.findByEmail(deps.adminEmail))) {
    const user = await deps.users.create({
      email: deps.adminEmail,
      name: 'Administrator',
      ...(deps.adminPassword ? { password: deps.adminPassword } : {}),
      grants: [{ role: 'admin', scope: { kind: 'all' } }],
    });
    await deps.audit.record({
      actor: 'system',
      action: 'user-created',
      target: `user:${user.id}`,
      detail: { from: 'WARDPULSE_ADMIN_EMAIL' },
    });
    if (!deps.adminPassword) result.oneTimeSignInPath = await issueOneTimeSignIn(deps.redis, deps.keyPrefix, user.id);
  } else if (!deps.demo && realAdmins.length === 0) {
    const email = 'admin@wardpulse.local';
    const user =
      (await deps.users.findByEmail(email)) ??
      (await deps.users.create({ email, name: 'Administrator', grants: [{ role: 'admin', scope: { kind: 'all' } }] }));
    result.oneTimeSignInPath = await issueOneTimeSignIn(deps.redis, deps.keyPrefix, user.id);
  }
  return result;
}

export async function issueOneTimeSignIn(redis: Redis, prefix: string, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await redis.set(oneTimeKey(prefix, token), userId, 'EX', ONE_TIME_TTL_SECONDS);
  return `/sign-in/once#token=${token}`;
}
