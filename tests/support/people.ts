/** Signing in as a person over HTTP, and requests with that session (cookie + CSRF token). */
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
