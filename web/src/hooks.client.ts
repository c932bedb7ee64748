// Browser start-up hooks.
import type { ClientInit } from '@sveltejs/kit';
import { sessionStorageIfAvailable, storeDisplayToken, takeDisplayTokenFromUrl } from '$lib/auth/display-token';

/**
 * Moves a display token from the URL into sessionStorage before the router reads the URL, so the token
 * never reaches page state, and drops it from the address bar. history.replaceState is safe here
 * because SvelteKit has not yet recorded any history entry of its own. Where storage is refused the
 * token stays in the URL: a working wall screen matters more than a tidy address bar.
 */
export const init: ClientInit = () => {
  const found = takeDisplayTokenFromUrl(location.href);
  if (found === null) return;
  if (storeDisplayToken(sessionStorageIfAvailable(), found.token)) {
    history.replaceState(history.state, '', found.cleanedHref);
  }
};
