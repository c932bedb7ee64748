/**
 * Where to go after signing in: the one definition is `safeNextPath` in `@wardpulse/shared` (the
 * server's OpenID Connect return uses the same); this module adds the sign-in page's query.
 */
import { HOME_PATH, safeNextPath } from '@wardpulse/shared';

export { HOME_PATH, safeNextPath };

/** The query for the sign-in page that returns here afterwards (`?next=…`), or '' for home. */
export function signInQuery(currentPath: string): string {
  const next = safeNextPath(currentPath, '');
  return next === '' || next === HOME_PATH ? '' : `?${new URLSearchParams({ next }).toString()}`;
}
