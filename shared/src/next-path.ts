/**
 * Where to go after signing in. `?next=` comes from the address bar, so anyone can write one: only a
 * path on this site is followed (never `//evil.example`, `/\evil.example`, `https://…` or
 * `javascript:`), and never back to a sign-in page. One definition for the web app's links and the
 * server's OpenID Connect return.
 */

export const HOME_PATH = '/';

const BASE = 'http://wardpulse.invalid';

/** The same-site path (with query and fragment) that `next` names, or `fallback` when it is not one. */
export function safeNextPath(next: unknown, fallback = HOME_PATH): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback;
  if (!next.startsWith('/') || next.startsWith('//')) return fallback;
  // Browsers treat tabs and newlines inside URLs as absent, and "\" as "/": `/\t/evil` is `//evil`.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f\\]/.test(next)) return fallback;
  const url = URL.parse(next, BASE);
  if (!url || url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Check what is returned, not only what came in: dot segments normalise `/.//evil.example` to
  // `//evil.example`, which a browser reads as another site (issue #16 item 8).
  if (!path.startsWith('/') || path.startsWith('//')) return fallback;
  if (url.pathname === '/sign-in' || url.pathname.startsWith('/sign-in/')) return fallback;
  return path;
}
