/** Structured JSON logs (pino). Secrets are redacted wherever they could appear. */
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'wardpulse',
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.token',
        '*.apiKey',
        '*.password',
        'redisUrl',
        'databaseUrl',
      ],
      censor: '[redacted]',
    },
  });
}
