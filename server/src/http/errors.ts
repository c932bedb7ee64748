/**
 * HTTP errors in the one shape of architecture.md principle 7, and the Express error handler
 * that turns body-parser failures, database outages and bugs into it. Every rejection is logged
 * and counted; no input crashes the process.
 */
import type { ApiErrorBody, ErrorCode, ErrorDetail } from '@wardpulse/shared';
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Metrics } from '../metrics.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendError(res: Response, error: HttpError): void {
  res.set(error.headers);
  const body: ApiErrorBody = { error: { code: error.code, message: error.message, details: error.details } };
  res.status(error.status).json(body);
}

/** Errors from a database or Redis that is down: retry later rather than fail for good. */
function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '08006', '08001', '08003'].includes(code) ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Connection is closed|max retries/i.test(
      message,
    )
  );
}

/** body-parser's own client errors carry a 4xx status (and often a type, handled above). */
function isBodyParserClientError(error: unknown): boolean {
  const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && 'expose' in (error as object);
}

/** PostgreSQL data exceptions caused by a value: untranslatable character, bad date-time, out-of-range number. */
function isUnstorableValue(error: unknown): boolean {
  return ['22P05', '22021', '22008', '22007', '22003', '22P02'].includes((error as { code?: string }).code ?? '');
}

/** What an error thrown by a route means over HTTP: its own HttpError, a body-parser refusal, an outage or a bug (logged). */
export function httpErrorOf(error: unknown, req: Request): HttpError {
  const type = (error as { type?: string }).type;
  if (error instanceof HttpError) return error;
  if (type === 'entity.too.large')
    return new HttpError(413, 'too_large', 'request body is larger than the limit', [
      { path: '(body)', message: `must be at most ${(error as { limit?: number }).limit ?? 'the limit'} bytes` },
    ]);
  if (type === 'entity.parse.failed')
    return new HttpError(400, 'malformed', 'request body is not valid JSON', [
      { path: '(body)', message: (error as Error).message },
    ]);
  if (type === 'encoding.unsupported')
    return new HttpError(415, 'malformed', (error as Error).message, [
      { path: 'Content-Encoding', message: 'must be gzip, deflate, br or none' },
    ]);
  if (type === 'charset.unsupported')
    return new HttpError(415, 'malformed', (error as Error).message, [
      { path: 'Content-Type', message: 'charset must be utf-8' },
    ]);
  if (isBodyParserClientError(error))
    // e.g. a body labelled gzip that is not: body-parser gives a 4xx status but no type.
    return new HttpError(400, 'malformed', 'request body could not be read', [
      { path: '(body)', message: (error as Error).message || 'is not readable as declared by its headers' },
    ]);
  if (isUnstorableValue(error))
    // A value the schemas let through but PostgreSQL cannot store: the client's input, not our fault.
    return new HttpError(400, 'malformed', 'a value cannot be stored', [{ path: '(body)', message: (error as Error).message }]);
  if (isUnavailable(error)) {
    req.log?.warn({ err: error }, 'dependency unavailable');
    return new HttpError(503, 'unavailable', 'storage is unavailable; retry shortly', [], { 'Retry-After': '5' });
  }
  req.log?.error({ err: error }, 'unhandled error');
  return new HttpError(500, 'internal', 'internal error');
}

/** Counts a refusal (4xx) by code and route. */
export function countRejection(metrics: Metrics, req: Request, error: HttpError): void {
  if (error.status < 500) metrics.rejections.inc({ code: error.code, route: req.route?.path ?? req.path });
}

export function errorHandler(metrics: Metrics): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const httpError = httpErrorOf(error, req);
    countRejection(metrics, req, httpError);
    sendError(res, httpError);
  };
}
