/**
 * The browser's credentials for the API and Socket.IO, provided to components through Svelte context
 * (set once in the root layout) rather than a module variable, so nothing about one viewer can leak
 * into another if a page is ever rendered on the server.
 */
import { createContext } from 'svelte';
import { bearerHeaders } from './display-token.js';

export class DisplayAuth {
  /** A display token or read API key; null when the session cookie (or nothing) authenticates. */
  readonly token: string | null;

  constructor(token: string | null) {
    this.token = token;
  }

  get headers(): Record<string, string> {
    return bearerHeaders(this.token);
  }
}

export const [getDisplayAuth, setDisplayAuth] = createContext<DisplayAuth>();
