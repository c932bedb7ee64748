/**
 * Display tokens let a wall screen open a board without an interactive login (product.md). The token
 * arrives once in the page URL (`?token=…`); it is then kept in sessionStorage and taken out of the
 * address bar, so it does not linger in screenshots, bookmarks, history or Referer headers.
 */

export const DISPLAY_TOKEN_PARAM = 'token';
export const DISPLAY_TOKEN_STORAGE_KEY = 'wardpulse.displayToken';

export interface TokenInUrl {
  /** The token, or null when the URL carried an empty `?token=` (meaning: forget the stored one). */
  token: string | null;
  /** The same URL without the token, as a path + query + fragment for history.replaceState. */
  cleanedHref: string;
}

/** Finds a display token in a URL; null when the URL has none. */
export function takeDisplayTokenFromUrl(href: string): TokenInUrl | null {
  const url = new URL(href);
  if (!url.searchParams.has(DISPLAY_TOKEN_PARAM)) return null;
  const token = url.searchParams.get(DISPLAY_TOKEN_PARAM)?.trim() ?? '';
  url.searchParams.delete(DISPLAY_TOKEN_PARAM);
  return { token: token === '' ? null : token, cleanedHref: `${url.pathname}${url.search}${url.hash}` };
}

/** The session storage, or undefined where the browser refuses it (some kiosk privacy modes throw on access). */
export function sessionStorageIfAvailable(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

/** The stored token; null when there is none or storage is unavailable. */
export function readStoredDisplayToken(storage: Pick<Storage, 'getItem'> | undefined): string | null {
  try {
    return storage?.getItem(DISPLAY_TOKEN_STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

/** Stores (or, for null, forgets) the token; false when storage is unavailable or full. */
export function storeDisplayToken(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, token: string | null): boolean {
  if (storage === undefined) return false;
  try {
    if (token === null) storage.removeItem(DISPLAY_TOKEN_STORAGE_KEY);
    else storage.setItem(DISPLAY_TOKEN_STORAGE_KEY, token);
    return true;
  } catch {
    return false;
  }
}

/** Headers that authenticate an API request with the display token, if there is one. */
export function bearerHeaders(token: string | null): Record<string, string> {
  return token === null ? {} : { Authorization: `Bearer ${token}` };
}
