/**
 * Where to go after signing in. `?next=` comes from the address bar, so anyone can write one: only a
 * path on this site is followed (never `//evil.example`, `/\evil.example`, `https://…` or
 * `javascript:`), and never back to a sign-in page.
 */

export const HOME_PATH = '/';

/** The same-site path (with query and fragment) that `next` names, or `fallback` when it is not one. */
export function safeNextPath(next: string | null | undefined, fallback = HOME_PATH): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  // Browsers treat tabs and newlines inside URLs as absent, and "\" as "/": `/\t/evil` is `//evil`.
  if (next.includes('\\') || [...next].some((character) => character.charCodeAt(0) < 0x20)) return fallback;
  const base = 'http://wardpulse.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  if (url.pathname === '/sign-in' || url.pathname.startsWith('/sign-in/')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The query for the sign-in page that returns here afterwards (`?next=…`), or '' for home. */
export function signInQuery(currentPath: string): string {
  const next = safeNextPath(currentPath, '');
  return next === '' || next === HOME_PATH ? '' : `?${new URLSearchParams({ next }).toString()}`;
}
