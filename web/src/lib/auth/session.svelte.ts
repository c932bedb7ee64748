/**
 * Who is signed in, for the whole browser tab: loads `GET /api/v1/session` once, keeps the person and
 * the session's CSRF token, and signs in and out. Provided through context from the root layout (never
 * a module variable). Wall screens never ask: they authenticate with a display token instead.
 */
import { createContext } from 'svelte';
import type { Grant, User } from '@wardpulse/shared';
import { ApiClient, ApiError, requestJson } from '../api/api-client.js';
import { adminSections, type AdminSection } from './abilities.js';

export const SESSION_PATH = '/api/v1/session';

interface SessionResponse {
  user: User;
  csrfToken: string;
}

export type SessionState = 'unknown' | 'signed-in' | 'signed-out' | 'unavailable';

export class Session {
  user = $state.raw<User | null>(null);
  state = $state<SessionState>('unknown');
  /** Why the session could not be read (the server is down, say); null otherwise. */
  problem = $state<string | null>(null);

  #csrfToken: string | null = null;
  #loading: Promise<void> | null = null;
  readonly #fetch: typeof fetch;

  /** The API as this person: cookie-authenticated, CSRF token on every change. */
  readonly api: ApiClient;

  constructor(fetchImpl: typeof fetch) {
    this.#fetch = fetchImpl;
    this.api = new ApiClient(fetchImpl, () => this.#csrfToken);
  }

  get grants(): readonly Grant[] {
    return this.user?.grants ?? [];
  }

  get adminSections(): AdminSection[] {
    return adminSections(this.grants);
  }

  /** Loads the session the first time it is asked; later calls share that answer. */
  load(): Promise<void> {
    this.#loading ??= this.#fetchSession();
    return this.#loading;
  }

  /** Asks the server again (after the server refused a change as from a stale session, say). */
  reload(): Promise<void> {
    this.#loading = this.#fetchSession();
    return this.#loading;
  }

  async #fetchSession(): Promise<void> {
    try {
      this.#accept(await requestJson<SessionResponse>(this.#fetch, 'GET', SESSION_PATH));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.#forget();
      } else {
        this.state = 'unavailable';
        this.problem = error instanceof Error ? error.message : String(error);
      }
    }
  }

  async signIn(email: string, password: string): Promise<void> {
    this.#accept(await this.api.post<SessionResponse>(SESSION_PATH, { email, password }));
  }

  async signInOnce(token: string): Promise<void> {
    this.#accept(await this.api.post<SessionResponse>(`${SESSION_PATH}/one-time`, { token }));
  }

  async signOut(): Promise<void> {
    await this.api.delete(SESSION_PATH);
    this.#forget();
  }

  #accept(response: SessionResponse): void {
    this.user = response.user;
    this.#csrfToken = response.csrfToken;
    this.state = 'signed-in';
    this.problem = null;
    this.#loading = Promise.resolve();
  }

  #forget(): void {
    this.user = null;
    this.#csrfToken = null;
    this.state = 'signed-out';
    this.problem = null;
  }
}

export const [getSession, setSession] = createContext<Session>();
