/**
 * Sign-in with OpenID Connect (NHS CIS2 Authentication, Microsoft Entra ID or any conformant
 * provider): the authorisation code flow with PKCE (S256), a random single-use state and nonce,
 * and the ID token checked by openid-client (signature, issuer, audience, expiry, nonce).
 *
 * What a sign-in needs to remember between the redirect out and the callback (PKCE verifier,
 * nonce, redirect URI, where to go next) is kept in Redis under `{prefix}:oidc:<state>` for ten
 * minutes and taken with GETDEL, so a state works once, on any server replica, and no secret
 * ever travels in a cookie or the browser. The route binds the state to the browser that
 * started the flow with a short-lived cookie (see routes/oidc.ts).
 */
import { safeNextPath, type OidcFailureCode } from '@wardpulse/shared';
import type { Redis } from 'ioredis';
import * as client from 'openid-client';

export interface OidcSettings {
  /** Issuer identifier; metadata comes from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Confidential client (client_secret_post) when set; a public client with PKCE only when not. */
  clientSecret: string | undefined;
  /** Label of the sign-in button, e.g. "NHS CIS2" or "Microsoft Entra ID". */
  name: string;
  scopes: string[];
  /** Claim holding the person's email (ID token first, then UserInfo). */
  emailClaim: string;
  /** Plain-http issuer allowed (loopback tests and development only). */
  allowHttp: boolean;
  /**
   * WARDPULSE_OIDC_LINK_BY_EMAIL: `unbound` (default) links a first sign-in to the existing account
   * with the same email when that account is bound to no identity (auth/oidc-accounts.ts says when);
   * `off` never links, so such a sign-in is refused.
   */
  linkByEmail: OidcLinkByEmail;
  /**
   * WARDPULSE_OIDC_REQUIRE_EMAIL_VERIFIED (default on): an email is verified only when the provider
   * says `email_verified: true`. Off: a provider that sends no `email_verified` (Entra ID) is trusted.
   */
  requireEmailVerified: boolean;
}

export const OIDC_LINK_BY_EMAIL = ['unbound', 'off'] as const;
export type OidcLinkByEmail = (typeof OIDC_LINK_BY_EMAIL)[number];

export const OIDC_DEFAULT_NAME = 'NHS CIS2';
export const OIDC_DEFAULT_SCOPES = 'openid profile email';
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';
export const OIDC_LOGIN_PATH = '/api/v1/auth/oidc/login';
/** How long someone has at the provider before the sign-in must start again. */
export const OIDC_STATE_TTL_SECONDS = 600;

export interface OidcEnv {
  WARDPULSE_OIDC_ISSUER?: string | undefined;
  WARDPULSE_OIDC_CLIENT_ID?: string | undefined;
  WARDPULSE_OIDC_CLIENT_SECRET?: string | undefined;
  WARDPULSE_OIDC_NAME?: string | undefined;
  WARDPULSE_OIDC_SCOPES?: string | undefined;
  WARDPULSE_OIDC_EMAIL_CLAIM?: string | undefined;
  WARDPULSE_OIDC_ALLOW_HTTP?: boolean | undefined;
  WARDPULSE_OIDC_LINK_BY_EMAIL?: OidcLinkByEmail | undefined;
  WARDPULSE_OIDC_REQUIRE_EMAIL_VERIFIED?: boolean | undefined;
}

/** OIDC settings from the environment, undefined when OIDC is off; throws with every problem found. */
export function readOidcSettings(env: OidcEnv): OidcSettings | undefined {
  const issuer = env.WARDPULSE_OIDC_ISSUER?.trim();
  const clientId = env.WARDPULSE_OIDC_CLIENT_ID?.trim();
  const others = [
    env.WARDPULSE_OIDC_CLIENT_SECRET,
    env.WARDPULSE_OIDC_NAME,
    env.WARDPULSE_OIDC_SCOPES,
    env.WARDPULSE_OIDC_EMAIL_CLAIM,
    env.WARDPULSE_OIDC_LINK_BY_EMAIL,
  ];
  if (!issuer && !clientId) {
    if (others.some((value) => value?.trim())) {
      throw new Error('WARDPULSE_OIDC_ISSUER: OpenID Connect settings are set but the issuer and client id are not');
    }
    return undefined;
  }
  const problems: string[] = [];
  if (!issuer) problems.push('WARDPULSE_OIDC_ISSUER: required with WARDPULSE_OIDC_CLIENT_ID');
  if (!clientId) problems.push('WARDPULSE_OIDC_CLIENT_ID: required with WARDPULSE_OIDC_ISSUER');
  let issuerUrl: URL | undefined;
  if (issuer) {
    issuerUrl = URL.parse(issuer) ?? undefined;
    if (!issuerUrl || !['https:', 'http:'].includes(issuerUrl.protocol)) {
      problems.push('WARDPULSE_OIDC_ISSUER: must be an https URL');
    } else if (issuerUrl.search || issuerUrl.hash || issuerUrl.username || issuerUrl.password) {
      problems.push('WARDPULSE_OIDC_ISSUER: must not have a query, fragment or credentials');
    } else if (issuerUrl.protocol === 'http:' && !env.WARDPULSE_OIDC_ALLOW_HTTP) {
      problems.push('WARDPULSE_OIDC_ISSUER: must be https (WARDPULSE_OIDC_ALLOW_HTTP=on allows http for local testing only)');
    } else if (
      issuerUrl.hostname === 'login.microsoftonline.com' &&
      /^\/(common|organizations|consumers)(\/|$)/i.test(issuerUrl.pathname)
    ) {
      // Any tenant's users could sign in, with emails their own tenant vouches for: accounts are linked by email.
      problems.push(
        'WARDPULSE_OIDC_ISSUER: use your Entra ID tenant (https://login.microsoftonline.com/<tenant id>/v2.0), not a multi-tenant endpoint',
      );
    }
  }
  const scopes = (env.WARDPULSE_OIDC_SCOPES?.trim() || OIDC_DEFAULT_SCOPES).split(/\s+/);
  if (!scopes.includes('openid')) problems.push('WARDPULSE_OIDC_SCOPES: must include openid');
  if (scopes.some((scope) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope))) {
    problems.push('WARDPULSE_OIDC_SCOPES: must be scope names separated by spaces');
  }
  const emailClaim = env.WARDPULSE_OIDC_EMAIL_CLAIM?.trim() || 'email';
  if (!/^[A-Za-z0-9_.:/-]{1,100}$/.test(emailClaim)) problems.push('WARDPULSE_OIDC_EMAIL_CLAIM: must be a claim name');
  const name = env.WARDPULSE_OIDC_NAME?.trim() || OIDC_DEFAULT_NAME;
  if (name.length > 60) problems.push('WARDPULSE_OIDC_NAME: must be at most 60 characters');
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return {
    // The issuer exactly as configured: it must equal the `iss` the provider puts in its tokens.
    issuer: issuer!,
    clientId: clientId!,
    clientSecret: env.WARDPULSE_OIDC_CLIENT_SECRET?.trim() || undefined,
    name,
    scopes: [...new Set(scopes)],
    emailClaim,
    allowHttp: env.WARDPULSE_OIDC_ALLOW_HTTP ?? false,
    linkByEmail: env.WARDPULSE_OIDC_LINK_BY_EMAIL ?? 'unbound',
    requireEmailVerified: env.WARDPULSE_OIDC_REQUIRE_EMAIL_VERIFIED ?? true,
  };
}

/** WARDPULSE_PUBLIC_URL as a base without a trailing slash; throws when it is not an http(s) URL. */
export function readPublicUrl(value: string | undefined): string | undefined {
  if (!value?.trim()) return undefined;
  const url = URL.parse(value.trim());
  if (!url || !['https:', 'http:'].includes(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new Error(
      'WARDPULSE_PUBLIC_URL: must be an http(s) URL without a query or fragment, e.g. https://wardpulse.example.nhs.uk',
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** The redirect URI registered at the provider, under the public origin (http/public-origin.ts). */
export function redirectUriFor(origin: string): string {
  return `${origin}${OIDC_CALLBACK_PATH}`;
}

/** Why a sign-in failed: `reason` is audited, `code` goes to the sign-in page (`/sign-in?error=`). */
export type { OidcFailureCode };

export class OidcSignInError extends Error {
  constructor(
    readonly code: OidcFailureCode,
    readonly reason: string,
    /** A provider or library error code (never a token or claim value). */
    readonly error?: string,
    /** The email the provider asserted, when known (the audit log's actor). */
    readonly email?: string,
    /** The account the sign-in was refused for, when one was found (the audit log's target). */
    readonly userId?: string,
  ) {
    super(`OpenID Connect sign-in failed: ${reason}${error ? ` (${error})` : ''}`);
  }
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string;
  /** Whether the provider vouches for the email (settings.requireEmailVerified says what counts). */
  emailVerified: boolean;
  name: string;
  /** The same-site path the sign-in was started for. */
  next: string;
}

type Claims = Record<string, unknown>;

/**
 * Email, name and subject from ID token claims, with UserInfo claims filling gaps; throws when
 * unusable. The email is verified when `email_verified` is true; when the provider says nothing,
 * only if `requireEmailVerified` is off. `email_verified` speaks of the `email` claim only, so an
 * email read from another claim (Entra ID's preferred_username) is verified only with it off.
 */
export function identityFromClaims(
  idToken: Claims,
  userInfo: Claims | undefined,
  emailClaim: string,
  requireEmailVerified = true,
): { subject: string; email: string; emailVerified: boolean; name: string } {
  const claim = (name: string): unknown => idToken[name] ?? userInfo?.[name];
  const subject = idToken.sub;
  if (typeof subject !== 'string' || subject.length === 0) throw new OidcSignInError('oidc_failed', 'no_subject');
  const rawEmail = claim(emailClaim);
  const email = typeof rawEmail === 'string' ? rawEmail.trim().toLowerCase() : '';
  if (!/^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
    throw new OidcSignInError('oidc_no_email', 'no_email');
  }
  // An email the provider says it has not verified is refused outright: it may be anyone's.
  const verified = emailClaim === 'email' ? claim('email_verified') : undefined;
  if (verified === false || verified === 'false') {
    throw new OidcSignInError('oidc_email_unverified', 'email_unverified', undefined, email);
  }
  // Some providers send the claim as a string.
  const emailVerified = verified === true || verified === 'true' || (verified === undefined && !requireEmailVerified);
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const joined = [text(claim('given_name')), text(claim('family_name'))].filter(Boolean).join(' ');
  const name = (text(claim('name')) || joined || email).slice(0, 200);
  return { subject, email, emailVerified, name };
}

/** A library failure as a short audit reason and code, without tokens or claim values. */
export function describeFailure(error: unknown): OidcSignInError {
  if (error instanceof OidcSignInError) return error;
  const libraryCode = (error as { code?: unknown }).code;
  const code = typeof libraryCode === 'string' ? libraryCode : (error as Error)?.name || 'Error';
  if (error instanceof client.AuthorizationResponseError) {
    const providerError = /^[\x20-\x7e]{1,64}$/.test(error.error) ? error.error : 'invalid';
    return new OidcSignInError(
      providerError === 'access_denied' ? 'oidc_denied' : 'oidc_failed',
      'provider_error',
      providerError,
    );
  }
  if (error instanceof client.ResponseBodyError) {
    const providerError = /^[\x20-\x7e]{1,64}$/.test(error.error) ? error.error : 'invalid';
    return new OidcSignInError('oidc_failed', 'token_error', providerError);
  }
  // openid-client wraps oauth4webapi's error, whose cause names the claim that did not match.
  type Caused = { cause?: Caused; claim?: unknown };
  const cause = (error as Caused).cause;
  const claim = cause?.claim ?? cause?.cause?.claim;
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && typeof claim === 'string' && /^[a-z_]{1,32}$/.test(claim)) {
    return new OidcSignInError('oidc_failed', `id_token_${claim}`, code);
  }
  if (typeof code === 'string' && code.startsWith('OAUTH_')) return new OidcSignInError('oidc_failed', 'invalid_response', code);
  // fetch() failures, timeouts, DNS: the provider could not be reached.
  if (error instanceof TypeError || code === 'ABORT_ERR' || code === 'TimeoutError' || code === 'AbortError') {
    return new OidcSignInError('oidc_unavailable', 'provider_unreachable', code);
  }
  return new OidcSignInError('oidc_failed', 'unexpected', code);
}

interface PendingSignIn {
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
  next: string;
}

const STATE_FORMAT = /^[A-Za-z0-9_-]{32,128}$/;

export interface OidcLogger {
  warn(object: object, message: string): void;
}

/** One configured provider: discovery (lazy, retried after a failure), start and finish of a sign-in. */
export class OidcSignIn {
  private discovered: Promise<client.Configuration> | undefined;

  constructor(
    readonly settings: OidcSettings,
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly logger?: OidcLogger,
  ) {}

  get name(): string {
    return this.settings.name;
  }

  private key(state: string): string {
    return `{${this.keyPrefix}}:oidc:${state}`;
  }

  /** The provider's metadata, discovered on first use so WardPulse starts while the provider is down. */
  configuration(): Promise<client.Configuration> {
    if (!this.discovered) {
      const { issuer, clientId, clientSecret, allowHttp } = this.settings;
      this.discovered = client
        .discovery(
          new URL(issuer),
          clientId,
          clientSecret ? { client_secret: clientSecret } : undefined,
          clientSecret ? client.ClientSecretPost(clientSecret) : client.None(),
          { execute: allowHttp ? [client.allowInsecureRequests] : [], timeout: 10 },
        )
        .catch((error: unknown) => {
          this.discovered = undefined;
          throw error;
        });
    }
    return this.discovered;
  }

  /** Starts a sign-in: remembers its secrets under a new state and returns the provider's URL. */
  async start(input: { redirectUri: string; next: string }): Promise<{ url: URL; state: string }> {
    const configuration = await this.configuration().catch((error: unknown) => {
      this.logger?.warn(
        { issuer: this.settings.issuer, error: describeFailure(error).error },
        'OpenID provider discovery failed',
      );
      throw new OidcSignInError('oidc_unavailable', 'discovery_failed', describeFailure(error).error);
    });
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const pending: PendingSignIn = { codeVerifier, nonce, redirectUri: input.redirectUri, next: safeNextPath(input.next) };
    await this.redis.set(this.key(state), JSON.stringify(pending), 'EX', OIDC_STATE_TTL_SECONDS);
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: input.redirectUri,
      response_type: 'code',
      scope: this.settings.scopes.join(' '),
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, state };
  }

  /**
   * Finishes a sign-in from the callback's query string: takes the state (once), exchanges the
   * code with the PKCE verifier, checks the ID token and its nonce, reads the identity.
   */
  async finish(query: URLSearchParams): Promise<OidcIdentity> {
    const state = query.get('state') ?? '';
    if (!STATE_FORMAT.test(state)) throw new OidcSignInError('oidc_state', 'state_missing');
    const stored = await this.redis.getdel(this.key(state));
    if (!stored) throw new OidcSignInError('oidc_state', 'state_unknown');
    const pending = JSON.parse(stored) as PendingSignIn;
    try {
      const configuration = await this.configuration();
      const callbackUrl = new URL(pending.redirectUri);
      callbackUrl.search = query.toString();
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedNonce: pending.nonce,
        expectedState: state,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new OidcSignInError('oidc_failed', 'no_id_token');
      let userInfo: Claims | undefined;
      const wanted = [this.settings.emailClaim, 'name', ...(this.settings.emailClaim === 'email' ? ['email_verified'] : [])];
      if (wanted.some((claim) => idToken[claim] === undefined) && configuration.serverMetadata().userinfo_endpoint) {
        userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      }
      const identity = identityFromClaims(idToken, userInfo, this.settings.emailClaim, this.settings.requireEmailVerified);
      return { issuer: configuration.serverMetadata().issuer, ...identity, next: pending.next };
    } catch (error) {
      throw describeFailure(error);
    }
  }
}
