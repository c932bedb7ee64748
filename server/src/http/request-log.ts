/**
 * What an HTTP request log line holds. pino-http's default keeps every header and the raw URL;
 * wall-screen URLs carry display tokens in the query (`?token=`) and feeds send keys in headers,
 * so a line keeps only the method, the path with secret query values masked, and the status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Query parameters whose values are credentials. */
const SECRET_PARAMS = new Set(['token', 'access_token', 'key', 'api_key', 'apikey', 'code', 'state', 'session']);

export function maskSecretQuery(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  let masked = false;
  for (const name of new Set(params.keys())) {
    if (SECRET_PARAMS.has(name.toLowerCase())) {
      params.set(name, 'redacted');
      masked = true;
    }
  }
  return masked ? `${url.slice(0, queryStart)}?${params.toString()}` : url;
}

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  remoteAddress?: string;
}

export const requestLogSerializers = {
  req: (req: SerializedRequest) => ({
    id: req.id,
    method: req.method,
    url: maskSecretQuery(req.url ?? ''),
    remoteAddress: req.remoteAddress,
  }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
};

/** Errors loudly, client mistakes as warnings, and the app's own static files only when debugging. */
export function requestLogLevel(req: IncomingMessage, res: ServerResponse, error?: Error): 'error' | 'warn' | 'info' | 'debug' {
  if (error || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  if (req.url?.startsWith('/_app/') || req.url === '/favicon.svg') return 'debug';
  return 'info';
}
