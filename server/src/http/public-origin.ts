/**
 * Where the links WardPulse hands out point (wall and kiosk URLs with their display token, the
 * OIDC redirect URI, FHIR fullUrls), and which Host headers it answers. A request's Host header is
 * whatever the sender typed: a link built from it would send a display token, or an OIDC code, to
 * the sender's choice of server. So links come from WARDPULSE_PUBLIC_URL when it is set; else from
 * the request's Host only when that host is on WARDPULSE_ALLOWED_HOSTS or is loopback (a demo on
 * this machine); else from this server's own loopback address. With an allow-list, a request for
 * any other host is refused (421) before it reaches a route; health probes and metrics, which
 * build no links and are often addressed by IP, are answered first (app.ts).
 */
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.js';

export interface PublicOrigins {
  /** WARDPULSE_PUBLIC_URL (no trailing slash). */
  publicUrl: string | undefined;
  /** WARDPULSE_ALLOWED_HOSTS, lower-case `host` or `host:port`, as a Host header carries them. */
  allowedHosts: readonly string[];
  /** Links' base when the request's Host may not be used: this server on loopback. */
  fallbackOrigin: () => string;
}

/** A Host header's shape: a name, an IPv4 address or a bracketed IPv6 one, and maybe a port. */
const HOST_FORMAT = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)(?::(\d{1,5}))?$/;

/** `host` or `host:port` as found in a Host header, lower-case; undefined when it is not one. */
export function normaliseHost(value: string | undefined): string | undefined {
  const host = value?.trim().toLowerCase();
  return host && HOST_FORMAT.test(host) ? host : undefined;
}

function isLoopback(host: string): boolean {
  const name = HOST_FORMAT.exec(host)?.[1] ?? '';
  return name === 'localhost' || name === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/** Whether a request for this Host is answered: always without an allow-list, else only if listed. */
export function hostAnswered(host: string | undefined, origins: Pick<PublicOrigins, 'allowedHosts'>): boolean {
  if (origins.allowedHosts.length === 0) return true;
  const normal = normaliseHost(host);
  return normal !== undefined && origins.allowedHosts.includes(normal);
}

/** The base (scheme, host, any path) of links handed out in answer to this request. */
export function originOf(req: Request, origins: PublicOrigins): string {
  if (origins.publicUrl) return origins.publicUrl;
  const host = normaliseHost(req.get('host'));
  if (host && (origins.allowedHosts.includes(host) || isLoopback(host))) return `${req.protocol}://${host}`;
  return origins.fallbackOrigin();
}

/**
 * The base of links in messages sent with no request to answer (alert e-mails, webhooks, push):
 * WARDPULSE_PUBLIC_URL; else the first name on WARDPULSE_ALLOWED_HOSTS — https, since a name
 * people reach from other machines is served through TLS, or http for a loopback name; else this
 * server on loopback (a demo on this machine). `guessed` says the scheme was not configured.
 */
export function messageLinkBase(
  origins: Pick<PublicOrigins, 'publicUrl' | 'allowedHosts'>,
  port: number,
): { base: string; guessed: boolean } {
  if (origins.publicUrl) return { base: origins.publicUrl, guessed: false };
  const host = origins.allowedHosts[0];
  if (host) return { base: `${isLoopback(host) ? 'http' : 'https'}://${host}`, guessed: true };
  return { base: `http://localhost:${port}`, guessed: false };
}

/** Refuses requests for a host not on WARDPULSE_ALLOWED_HOSTS (when it is set). */
export function hostGuard(origins: PublicOrigins) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (hostAnswered(req.get('host'), origins)) return next();
    throw new HttpError(421, 'misdirected', 'this server does not answer for that host name', [
      { path: 'Host', message: 'must be one of the names in WARDPULSE_ALLOWED_HOSTS' },
    ]);
  };
}

/** WARDPULSE_ALLOWED_HOSTS: `wardpulse.trust.nhs.uk,wardpulse:3000`; throws naming a bad entry. */
export function readAllowedHosts(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const hosts = entries.map((entry) => {
    const host = normaliseHost(entry);
    if (!host)
      throw new Error(
        `WARDPULSE_ALLOWED_HOSTS: "${entry}" must be a host name as browsers send it, e.g. wardpulse.example.nhs.uk or wardpulse:3000 (no scheme or path)`,
      );
    return host;
  });
  return [...new Set(hosts)];
}
