/** Signing in as a person over HTTP, and requests with that session (cookie + CSRF token). */
import type { Database } from '@wardpulse/jobs';
import type { Role } from '@wardpulse/shared';
import { UserRepository } from '../../server/src/auth/users.js';

export const DEMO_PASSWORD = 'wardpulse-demo';

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  user: { id: string; email: string };
}

export async function signIn(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<SignedIn> {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${email} answered ${response.status}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const body = (await response.json()) as { csrfToken: string; user: { id: string; email: string } };
  return { cookie, csrfToken: body.csrfToken, user: body.user };
}

/** A request to `/api/v1<path>` as a signed-in person; changes carry the CSRF token. */
export async function callAs(baseUrl: string, session: SignedIn, method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
}

/**
 * An on-call chain at RX4 over the API, as an admin sets it up: one weekly rota per level (handing
 * over Mondays 09:00 since a past Monday, one member each, level 1 first) and the escalation policy.
 */
export async function setUpOnCallChain(
  baseUrl: string,
  admin: SignedIn,
  people: readonly SignedIn[],
  policy: { waitMinutes: number; repeats: number },
): Promise<void> {
  for (const [index, person] of people.entries()) {
    const rota = await callAs(baseUrl, admin, 'POST', '/rotas', {
      name: `Level ${index + 1}`,
      scope: 'trust:RX4',
      level: index + 1,
      handover: { weekday: 0, time: '09:00' },
      startsOn: '2026-01-05',
      members: [person.user.id],
      overrides: [],
    });
    if (rota.status !== 201) throw new Error(`rota: ${rota.status} ${JSON.stringify(rota.body)}`);
  }
  const saved = await callAs(baseUrl, admin, 'PUT', '/escalation-policies/trust%3ARX4', policy);
  if (saved.status !== 200) throw new Error(`escalation policy: ${saved.status}`);
}

const TEST_PERSON_PASSWORD = 'test person password';

/**
 * A person made straight in the database with one role over one trust, then signed in over HTTP:
 * what tests of rights need (a bed manager of RX4, a viewer of RX4).
 */
export async function signedInWithGrant(
  app: { url: string; running: { database: { db: Database } } },
  person: { email: string; name: string; role: Role; trustOds: string },
): Promise<SignedIn> {
  await new UserRepository(app.running.database.db).create({
    email: person.email,
    name: person.name,
    password: TEST_PERSON_PASSWORD,
    grants: [{ role: person.role, scope: { kind: 'trust', id: person.trustOds } }],
  });
  return signIn(app.url, person.email, TEST_PERSON_PASSWORD);
}
