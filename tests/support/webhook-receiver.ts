/**
 * A real HTTP server on a free loopback port that takes webhooks: it records each request
 * (method, path, headers, raw body and the body parsed as JSON) and answers 200, or, when told,
 * another status the next N times (to test failures and retries) or only after a delay. It can
 * listen on another loopback address and port, and speak HTTPS with a given certificate.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { closeHttpServer, listenOnLoopback, ReceivedLog } from './receivers.js';

export interface ReceivedRequest {
  method: string;
  /** Path and query, as requested. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The bytes as they arrived: signatures are checked over these. */
  rawBody: Buffer;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
  /** Over HTTPS: the host name the client asked for (SNI). */
  servername?: string;
}

export interface ReceiverOptions {
  /** A loopback address (default 127.0.0.1). */
  host?: string;
  /** Default: a free one. */
  port?: number;
  /** HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

export interface PlannedAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Waits this long before answering (to test time limits). */
  delayMs?: number;
}

export interface HttpReceiver {
  origin: string;
  url(path?: string): string;
  requests: ReceivedLog<ReceivedRequest>;
  /** Answers the next `times` requests with `answer` instead of 200. */
  answerNext(answer: PlannedAnswer, times?: number): void;
  close(): Promise<void>;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Starts the receiver. `inspect` sees every request before it is answered and may choose the
 * answer (the push receiver refuses what it cannot decrypt); a planned answer wins over it.
 */
export async function startWebhookReceiver(
  inspect: (request: ReceivedRequest) => PlannedAnswer | undefined = () => undefined,
  options: ReceiverOptions = {},
): Promise<HttpReceiver> {
  const requests = new ReceivedLog<ReceivedRequest>();
  const planned: PlannedAnswer[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const request: ReceivedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      rawBody,
      json: parseJson(rawBody),
      ...(options.tls ? { servername: String((req.socket as TLSSocket).servername) } : {}),
    };
    const inspected = inspect(request);
    const answer = planned.shift() ?? inspected ?? { status: 200 };
    requests.add(request);
    if (answer.delayMs) await new Promise((wait) => setTimeout(wait, answer.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.status < 300 ? 'ok' : 'refused');
  };
  const server = options.tls ? createHttpsServer(options.tls, handle) : createServer(handle);
  const origin = await listenOnLoopback(server, options.host, options.port, options.tls ? 'https' : 'http');
  return {
    origin,
    url: (path = '/hook') => `${origin}${path}`,
    requests,
    answerNext(answer, times = 1) {
      for (let count = 0; count < times; count += 1) planned.push(answer);
    },
    close: () => closeHttpServer(server),
  };
}
