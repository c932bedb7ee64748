/**
 * A real HTTP server on a free loopback port that takes webhooks: it records each request
 * (method, path, headers, raw body and the body parsed as JSON) and answers 200, or, when told,
 * another status the next N times (to test failures and retries) or only after a delay.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
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
): Promise<HttpReceiver> {
  const requests = new ReceivedLog<ReceivedRequest>();
  const planned: PlannedAnswer[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const request: ReceivedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      rawBody,
      json: parseJson(rawBody),
    };
    const inspected = inspect(request);
    const answer = planned.shift() ?? inspected ?? { status: 200 };
    requests.add(request);
    if (answer.delayMs) await new Promise((wait) => setTimeout(wait, answer.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.status < 300 ? 'ok' : 'refused');
  });
  const origin = await listenOnLoopback(server);
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
