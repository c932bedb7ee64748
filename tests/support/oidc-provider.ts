/**
 * A real OpenID Connect provider (panva's oidc-provider, the certified implementation) on a free
 * loopback port, for sign-in tests: discovery, JWKS, authorisation with PKCE required, token
 * and UserInfo endpoints, and its development login form (any login, any password).
 *
 * Two clients: `wardpulse-public` (no secret, PKCE only) and `wardpulse-confidential`
 * (client_secret_post). Accounts: the login is the subject; `<login>@wardpulse.test` is the
 * email (in UserInfo, as real providers do for the code flow), verified, except `no-email` (none)
 * and `unverified` (email_verified false). `silent-<name>` has `<name>`'s email and no
 * email_verified at all (as Entra ID); `<name>~<n>` is another subject with `<name>`'s email (a
 * provider account recreated). Consent is granted automatically (a first-party client).
 *
 * Start it, start WardPulse with `provider.settings()`, then `provider.trust(app.url)` registers
 * the app's callback as a redirect URI (the app's port is only known once it is listening).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error -- oidc-provider v9 ships no type declarations; the few parts used are typed below.
import Provider from 'oidc-provider';
import { OIDC_CALLBACK_PATH, type OidcSettings } from '../../server/src/auth/oidc.js';

export const PUBLIC_CLIENT = 'wardpulse-public';
export const CONFIDENTIAL_CLIENT = 'wardpulse-confidential';
export const TEST_ACCOUNT_DOMAIN = 'wardpulse.test';

type Claims = Record<string, unknown>;

interface GrantLike {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}

interface ProviderContext {
  oidc: {
    client?: { clientId: string };
    session?: { accountId?: string };
    params?: { scope?: string };
    provider: { Grant: new (init: { clientId: string; accountId: string }) => GrantLike };
  };
}

interface ProviderLike {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
}

type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => ProviderLike;

/** Claims of a test account, by the login typed into the provider's form. */
export function testAccountClaims(login: string): Claims {
  const sub = login.trim().toLowerCase();
  if (sub === 'no-email') return { sub, name: 'No Email' };
  if (sub === 'unverified')
    return { sub, name: 'Not Verified', email: `unverified@${TEST_ACCOUNT_DOMAIN}`, email_verified: false };
  const silent = sub.startsWith('silent-');
  const local = (silent ? sub.slice('silent-'.length) : sub).split('~')[0];
  return {
    sub,
    name: `Test ${sub}`,
    email: `${local}@${TEST_ACCOUNT_DOMAIN}`,
    ...(silent ? {} : { email_verified: true }),
  };
}

export interface TestOidcProvider {
  issuer: string;
  clientSecret: string;
  /** WardPulse's settings for this provider, as the public or the confidential client. */
  settings(client?: 'public' | 'confidential', overrides?: Partial<OidcSettings>): OidcSettings;
  /** Registers `<appUrl>/api/v1/auth/oidc/callback` with both clients (beside any earlier ones); the provider answers from then on. */
  trust(appUrl: string): void;
  close(): Promise<void>;
}

export async function startOidcProvider(): Promise<TestOidcProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.writeHead(503).end('provider not configured yet');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const redirectUris: string[] = [];
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  return {
    issuer,
    clientSecret,
    settings: (client = 'public', overrides = {}) => ({
      issuer,
      clientId: client === 'public' ? PUBLIC_CLIENT : CONFIDENTIAL_CLIENT,
      clientSecret: client === 'public' ? undefined : clientSecret,
      name: 'Test NHS CIS2',
      scopes: ['openid', 'profile', 'email'],
      emailClaim: 'email',
      allowHttp: true,
      linkByEmail: 'unbound',
      requireEmailVerified: true,
      ...overrides,
    }),
    trust(appUrl) {
      redirectUris.push(`${appUrl}${OIDC_CALLBACK_PATH}`);
      const common = { redirect_uris: [...redirectUris], grant_types: ['authorization_code'], response_types: ['code'] };
      const provider = new (Provider as ProviderConstructor)(issuer, {
        clients: [
          { client_id: PUBLIC_CLIENT, token_endpoint_auth_method: 'none', ...common },
          {
            client_id: CONFIDENTIAL_CLIENT,
            client_secret: clientSecret,
            token_endpoint_auth_method: 'client_secret_post',
            ...common,
          },
        ],
        jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
        cookies: { keys: [randomBytes(32).toString('base64url')] },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
        pkce: { required: () => true },
        ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
        features: { devInteractions: { enabled: true } },
        findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => testAccountClaims(id) }),
        // A first-party client: consent is granted without asking.
        loadExistingGrant: async (ctx: ProviderContext) => {
          const { client, session, params, provider: self } = ctx.oidc;
          if (!client || !session?.accountId) return undefined;
          const grant = new self.Grant({ clientId: client.clientId, accountId: session.accountId });
          grant.addOIDCScope(params?.scope ?? 'openid');
          grant.addOIDCClaims(['sub', 'email', 'email_verified', 'name', 'given_name', 'family_name']);
          await grant.save();
          return grant;
        },
      });
      handler = provider.callback();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A cookie-carrying HTTP client that follows no redirect on its own (a browser, step by step). */
export class FetchBrowser {
  private readonly cookies = new Map<string, string>();

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  forget(which: (name: string) => boolean): void {
    for (const name of [...this.cookies.keys()]) if (which(name)) this.cookies.delete(name);
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', attributeValue = ''] = attribute.trim().split('=');
        if (key.toLowerCase() === 'max-age') return Number(attributeValue) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(attributeValue) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.remember(response);
    return response;
  }

  /** Follows redirects until one leads to a URL `stop` accepts (returned unvisited) or a page that is not a redirect. */
  async follow(url: string, stop: (url: URL) => boolean, init: RequestInit = {}): Promise<{ url: URL; response?: Response }> {
    let current = new URL(url);
    let options = init;
    for (let hop = 0; hop < 20; hop += 1) {
      if (stop(current)) return { url: current };
      const response = await this.request(current.href, options);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      await response.body?.cancel();
      current = new URL(location, current);
      options = {};
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

const decodeHtml = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/gi, '/')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');

const isCallback = (url: URL) => url.pathname === OIDC_CALLBACK_PATH;

/** Follows an authorisation URL to the provider's login form; returns its HTML and address. */
async function loginForm(browser: FetchBrowser, authorizationUrl: string): Promise<{ html: string; url: URL }> {
  const form = await browser.follow(authorizationUrl, isCallback);
  if (!form.response) throw new Error(`the provider returned to WardPulse without a login form: ${form.url.href}`);
  return { html: await form.response.text(), url: form.url };
}

/** Cancels at the provider's login form ("[ Cancel ]"): the provider returns access_denied. Returns the callback URL. */
export async function cancelAtProvider(browser: FetchBrowser, authorizationUrl: string): Promise<URL> {
  const form = await loginForm(browser, authorizationUrl);
  const abort = /href="([^"]*\/abort)"/.exec(form.html)?.[1];
  if (!abort) throw new Error(`no cancel link at ${form.url.href}`);
  const done = await browser.follow(new URL(decodeHtml(abort), form.url).href, isCallback);
  if (!isCallback(done.url)) throw new Error(`the provider did not return to WardPulse: ${done.url.href}`);
  return done.url;
}

/**
 * Goes from a provider authorisation URL through its login form as `login` to the redirect
 * back to WardPulse, and returns that callback URL without visiting it.
 */
export async function signInAtProvider(browser: FetchBrowser, authorizationUrl: string, login: string): Promise<URL> {
  const form = await loginForm(browser, authorizationUrl);
  const action = /<form[^>]*action="([^"]+)"/.exec(form.html)?.[1];
  if (!action) throw new Error(`no login form at ${form.url.href}: ${form.html.slice(0, 500)}`);
  const done = await browser.follow(new URL(decodeHtml(action), form.url).href, isCallback, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login, password: 'any password' }).toString(),
  });
  if (!isCallback(done.url)) {
    throw new Error(`the provider did not return to WardPulse: ${done.url.href} ${await done.response?.text()}`);
  }
  return done.url;
}
